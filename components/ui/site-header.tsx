import { Header } from "@codegouvfr/react-dsfr/Header";
import { HeaderNavigation } from "./header-navigation";
import type { HeaderUser } from "./header-user";
import { SERVICE, brandTop, homeLinkProps } from "./service";

type Props = {
  /** The signed-in user, or null for a visitor. */
  user: HeaderUser | null;
  /** Server action that ends the session (posted by « Se déconnecter »). */
  signOutAction: (formData: FormData) => void | Promise<void>;
};

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
              { iconId: "fr-icon-account-circle-line", text: user.name, linkProps: { href: "/mon-compte" } },
              <form key="sign-out" action={signOutAction}>
                <button type="submit" className="fr-btn fr-icon-logout-box-r-line">
                  Se déconnecter
                </button>
              </form>,
            ]
      }
      navigation={user === null ? undefined : <HeaderNavigation />}
    />
  );
}
