import { Header } from "@codegouvfr/react-dsfr/Header";
import { HeaderNavigation } from "./header-navigation";
import type { UtilisateurEnTete } from "@/lib/notifications/en-tete";
import { SERVICE, brandTop, homeLinkProps } from "./service";

type Props = {
  /** The signed-in user, or null for a visitor. */
  user: UtilisateurEnTete | null;
  /** Server action that ends the session (posted by « Se déconnecter »). */
  signOutAction: (formData: FormData) => void | Promise<void>;
};

/** The accessible name of the header's notifications link: « Notifications, 3 non lues ». */
export function libelleNotifications(nonLues: number): string {
  if (nonLues === 0) return "Notifications, aucune non lue";
  return `Notifications, ${nonLues} non ${nonLues > 1 ? "lues" : "lue"}`;
}

export function SiteHeader({ user, signOutAction }: Props) {
  return (
    <Header
      brandTop={brandTop}
      homeLinkProps={homeLinkProps}
      serviceTitle={SERVICE.nom}
      serviceTagline={SERVICE.slogan}
      // The display-settings dialog titles itself with an <h1>: keep one <h1> per page.
      disableDisplay
      quickAccessItems={
        user === null
          ? [
              { iconId: "fr-icon-add-circle-line", text: "Créer un compte", linkProps: { href: "/creer-un-compte" } },
              { iconId: "fr-icon-account-circle-line", text: "Se connecter", linkProps: { href: "/connexion" } },
            ]
          : [
              {
                iconId: "fr-icon-notification-3-line",
                text: (
                  <>
                    {/* The name starts with the visible word (WCAG 2.5.3) and says the count in words. It is one
                        hidden text: a visible word followed by a hidden part would be read « Notifications , 2 ». */}
                    <span aria-hidden="true">Notifications</span>
                    {user.notificationsNonLues > 0 && (
                      <span className="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon fr-ml-1w" aria-hidden="true">
                        {user.notificationsNonLues}
                      </span>
                    )}
                    <span className="fr-sr-only">{libelleNotifications(user.notificationsNonLues)}</span>
                  </>
                ),
                linkProps: { href: "/notifications" },
              },
              { iconId: "fr-icon-account-circle-line", text: user.name, linkProps: { href: "/mon-compte" } },
              <form key="sign-out" action={signOutAction}>
                <button type="submit" className="fr-btn fr-icon-logout-box-r-line">
                  Se déconnecter
                </button>
              </form>,
            ]
      }
      navigation={user === null ? undefined : <HeaderNavigation administrateur={user.administrateur === true} espaceTravaux={user.espaceTravaux !== false} />}
    />
  );
}
