import type { CSSProperties } from "react";
import type { EtapeTraitement } from "@/lib/invoices/consultation";
import { dateHeureFr } from "@/lib/invoices/format";
import { LIBELLES_ACTIONS } from "@/lib/invoices/statuts";
import { BadgeStatut } from "./tableau-pieces";

// The DSFR has no timeline: an ordered list drawn with its colour tokens (a line on the left, one dot per step).
const liste: CSSProperties = { listStyle: "none", margin: 0, padding: 0 };
const etape: CSSProperties = { position: "relative", margin: 0, padding: "0 0 1.5rem 2rem", borderLeft: "2px solid var(--border-default-grey)" };
const dernier: CSSProperties = { ...etape, borderLeftColor: "transparent", paddingBottom: 0 };
const point: CSSProperties = {
  position: "absolute",
  left: "-0.5625rem",
  top: "0.25rem",
  width: "1rem",
  height: "1rem",
  borderRadius: "50%",
  background: "var(--background-action-high-blue-france)",
  border: "2px solid var(--background-default-grey)",
};

/**
 * « Suivre le traitement » : the history of the piece as a timeline, oldest step first — each step with its
 * date and time, who acted and for which structure (or the portal itself), the status before → after, and the
 * reason when there is one, and what the step recorded besides (a recycled piece's corrected routing, a mandate…).
 * An ordered list, so that a screen reader announces « étape n sur N ».
 */
export function SuiviTraitement({ etapes }: { etapes: EtapeTraitement[] }) {
  return (
    <section className="fr-mt-4w" aria-labelledby="suivre-le-traitement">
      <h2 className="fr-h4" id="suivre-le-traitement">
        Suivre le traitement
      </h2>
      <p className="fr-text--sm" id="suivre-le-traitement-aide">
        L&apos;historique des actions effectuées sur cette pièce du dossier de facturation, de la plus ancienne à la plus récente.
      </p>
      <ol style={liste} aria-label="Historique des actions sur cette pièce" aria-describedby="suivre-le-traitement-aide">
        {etapes.map((h, i) => (
          <li key={h.id} style={i === etapes.length - 1 ? dernier : etape}>
            <span style={point} aria-hidden="true" />
            <p className="fr-text--bold fr-mb-1v">{LIBELLES_ACTIONS[h.action] ?? h.action}</p>
            <p className="fr-text--sm fr-mb-1v">
              <span className="fr-icon-calendar-line fr-icon--sm" aria-hidden="true" /> Le{" "}
              <time dateTime={h.createdAt.toISOString()}>{dateHeureFr(h.createdAt)}</time>
            </p>
            <p className="fr-text--sm fr-mb-1v">
              {h.acteurNom ? (
                <>
                  Par {h.acteurNom}
                  {h.acteurStructure ? <> ({h.acteurStructure})</> : null}
                </>
              ) : (
                "Par le portail (action automatique)"
              )}
            </p>
            <p className="fr-text--sm fr-mb-1v">
              Statut :{" "}
              {h.statutAvant && h.statutAvant !== h.statutApres ? (
                <>
                  <BadgeStatut statut={h.statutAvant} /> <span aria-hidden="true">→</span>
                  <span className="fr-sr-only">, devient</span> <BadgeStatut statut={h.statutApres} />
                </>
              ) : (
                <>
                  <BadgeStatut statut={h.statutApres} />
                  {h.statutAvant === h.statutApres ? <span className="fr-text--xs"> (inchangé)</span> : null}
                </>
              )}
            </p>
            {h.motif && (
              <p className="fr-text--sm fr-mb-0" style={{ whiteSpace: "pre-line" }}>
                Motif : {h.motif}
              </p>
            )}
            {h.commentaire && (
              <p className="fr-text--sm fr-mb-0" style={{ whiteSpace: "pre-line" }}>
                {h.commentaire}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
