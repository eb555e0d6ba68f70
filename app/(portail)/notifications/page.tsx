import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import { requireActeur } from "@/lib/auth/session";
import { mesNotifications } from "@/lib/notifications";
import { marquerLueAction, marquerToutesLuesAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

const RESULTATS: Record<string, { severity: "success" | "error"; texte: string }> = {
  lue: { severity: "success", texte: "La notification a été marquée comme lue." },
  "toutes-lues": { severity: "success", texte: "Toutes vos notifications ont été marquées comme lues." },
  introuvable: { severity: "error", texte: "Cette notification est introuvable." },
};

/** A notification only ever links inside the portal. */
const CHEMIN_DU_PORTAIL = /^\/(?![/\\])/;

const dateHeure = (d: Date) => d.toLocaleString("fr-FR", { timeZone: "Europe/Paris", dateStyle: "long", timeStyle: "short" });

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NotificationsPage({ searchParams }: Props) {
  const acteur = await requireActeur("/notifications");
  const params = await searchParams;
  const premier = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const page = Number.parseInt(premier(params.page) ?? "1", 10) || 1;
  const resultat = RESULTATS[premier(params.resultat) ?? ""];
  const r = await mesNotifications(acteur, { page });

  return (
    <div className="fr-container fr-my-6w">
      <h1>Notifications</h1>
      <p>
        Chaque courriel que le portail vous envoie figure aussi ici : changements de statut de vos pièces, nouvelles pièces à traiter, demandes de rattachement
        et décisions.
      </p>
      {resultat && <Alert severity={resultat.severity} small description={resultat.texte} className="fr-mb-3w" role="status" />}
      <div className="fr-grid-row fr-grid-row--middle fr-mb-3w">
        <p className="fr-mb-0 fr-mr-3w" role="status">
          {r.total === 0
            ? "Vous n'avez aucune notification."
            : `${r.total} notification${r.total > 1 ? "s" : ""}, dont ${r.nonLues === 0 ? "aucune non lue" : `${r.nonLues} non ${r.nonLues > 1 ? "lues" : "lue"}`}.`}
        </p>
        {r.nonLues > 0 && (
          <form action={marquerToutesLuesAction}>
            <input type="hidden" name="page" value={r.page} />
            <button type="submit" className="fr-btn fr-btn--secondary fr-btn--sm fr-icon-check-line fr-btn--icon-left">
              Tout marquer comme lu
            </button>
          </form>
        )}
      </div>
      {r.notifications.length > 0 && (
        <ul className="fr-raw-list" aria-label="Vos notifications, des plus récentes aux plus anciennes">
          {r.notifications.map((n) => (
            <li key={n.id} className="fr-mb-2w">
              <div
                className={`fr-p-2w ${n.luLe ? "" : "fr-background-alt--blue-france"}`}
                style={{ borderLeft: n.luLe ? "4px solid var(--border-default-grey)" : "4px solid var(--border-active-blue-france)" }}
              >
                <h2 className="fr-h6 fr-mb-1w">
                  {n.luLe ? null : (
                    <>
                      <span className="fr-badge fr-badge--sm fr-badge--new fr-mr-1w">Non lue</span>{" "}
                    </>
                  )}
                  {n.lien && CHEMIN_DU_PORTAIL.test(n.lien) ? <Link href={n.lien}>{n.titre}</Link> : n.titre}
                </h2>
                <p className="fr-mb-1w">{n.message}</p>
                <p className="fr-text--xs fr-mb-1w">
                  Reçue le <time dateTime={n.createdAt.toISOString()}>{dateHeure(n.createdAt)}</time>
                  {n.luLe && (
                    <>
                      {" "}
                      — lue le <time dateTime={n.luLe.toISOString()}>{dateHeure(n.luLe)}</time>
                    </>
                  )}
                </p>
                {!n.luLe && (
                  <form action={marquerLueAction}>
                    <input type="hidden" name="id" value={n.id} />
                    <input type="hidden" name="page" value={r.page} />
                    <button type="submit" className="fr-btn fr-btn--tertiary fr-btn--sm">
                      Marquer comme lue<span className="fr-sr-only"> : {n.titre}</span>
                    </button>
                  </form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {r.pages > 1 && <Pagination count={r.pages} defaultPage={Math.min(r.page, r.pages)} getPageLinkProps={(p) => ({ href: `/notifications?page=${p}` })} />}
    </div>
  );
}
