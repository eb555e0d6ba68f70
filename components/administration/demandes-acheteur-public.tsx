"use client";

import { useState } from "react";
import Link from "next/link";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import type { ActionResult } from "@/lib/errors";
import { IDENTIFIER_TYPES } from "@/lib/identifiers";
import { FAMILLES_ACHETEUR_PUBLIC, LIBELLES_STATUT_DEMANDE } from "@/lib/structures/acheteur-public";
import type { IdentifierType, StatutDemandeAcheteurPublic } from "@/lib/generated/prisma/enums";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";
import { ActionMotivee } from "./action-motivee";
import { Tableau } from "@/components/ui/tableau";

export type DemandeAcheteurPublicVue = {
  id: string;
  statut: StatutDemandeAcheteurPublic;
  motif: string;
  createdAt: Date;
  decideeLe: Date | null;
  motifDecision: string | null;
  structure: { id: string; raisonSociale: string; identifier: string; identifierType: IdentifierType; categorieJuridique: string | null; active: boolean };
  demandeur: { firstName: string; lastName: string; email: string };
  decideur: { firstName: string; lastName: string } | null;
};

const date = (d: Date) => d.toLocaleDateString("fr-FR", { timeZone: "Europe/Paris" });

function categorie(c: string | null): string {
  if (!c) return "Non connue (hors répertoire de l'INSEE)";
  const famille = FAMILLES_ACHETEUR_PUBLIC[c[0] as keyof typeof FAMILLES_ACHETEUR_PUBLIC];
  return famille ? `${c} (${famille.toLowerCase()})` : c;
}

function Structure({ s }: { s: DemandeAcheteurPublicVue["structure"] }) {
  return (
    <>
      <Link href={`/administration/structures/${s.id}`}>{s.raisonSociale}</Link>
      <br />
      <span className="fr-text--sm">
        {IDENTIFIER_TYPES[s.identifierType].label} {s.identifier}
        <br />
        Catégorie juridique : {categorie(s.categorieJuridique)}
        {!s.active && (
          <>
            <br />
            <Badge as="span" small severity="error">
              Structure désactivée
            </Badge>
          </>
        )}
      </span>
    </>
  );
}

/**
 * The administrators' queue of requests for the public-buyer status: pending ones with « Accorder » (an optional
 * comment) and « Refuser » (a mandatory reason), each confirmed in a dialog naming the structure; then those decided.
 */
export function DemandesAcheteurPublic({ demandes, action }: { demandes: DemandeAcheteurPublicVue[]; action: (input: unknown) => Promise<ActionResult> }) {
  const enAttente = demandes.filter((d) => d.statut === "EN_ATTENTE");
  const traitees = demandes.filter((d) => d.statut !== "EN_ATTENTE");
  // The decided request leaves this table when the page reloads its data: the result is said here, where it stays.
  const [annonce, setAnnonce] = useState<string | null>(null);
  return (
    <>
      <div role="status" className="fr-mb-2w">
        {annonce && <Alert small severity="success" description={annonce} />}
      </div>
      <h2>En attente ({enAttente.length})</h2>
      {enAttente.length === 0 ? (
        <p>Aucune demande en attente.</p>
      ) : (
        <Tableau>
          <caption className="fr-sr-only">Demandes de statut d&apos;acheteur public en attente</caption>
          <thead>
            <tr>
              <th scope="col">Structure</th>
              <th scope="col">Demandeur</th>
              <th scope="col">Motif de la demande</th>
              <th scope="col">Décision</th>
            </tr>
          </thead>
          <tbody>
            {enAttente.map((d) => (
              <tr key={d.id}>
                <td>
                  <Structure s={d.structure} />
                </td>
                <td>
                  {d.demandeur.firstName} {d.demandeur.lastName}
                  <br />
                  <span className="fr-text--sm">
                    {d.demandeur.email}
                    <br />
                    le {date(d.createdAt)}
                  </span>
                </td>
                <td style={{ whiteSpace: "pre-line" }}>{d.motif}</td>
                <td>
                  <GroupeBoutons className="fr-btns-group--sm">
                    <li>
                      <ActionMotivee
                        id={`accorder-${d.id}`}
                        bouton={{
                          libelle: "Accorder",
                          titre: `Accorder le statut d'acheteur public à ${d.structure.raisonSociale}`,
                          priority: "primary",
                          taille: "small",
                        }}
                        titre={`Accorder le statut d'acheteur public à ${d.structure.raisonSociale}`}
                        libelleMotif="Commentaire (facultatif)"
                        indicationMotif="Envoyé aux gestionnaires de la structure avec la décision."
                        motifObligatoire={false}
                        confirmer="Accorder le statut"
                        enCours="Enregistrement…"
                        succes="Statut accordé : les gestionnaires de la structure sont prévenus par courriel."
                        action={action}
                        input={{ demandeId: d.id, decision: "ACCORDER" }}
                        onSucces={(t) => setAnnonce(`${d.structure.raisonSociale} : ${t}`)}
                      >
                        <p>
                          La structure <strong>{d.structure.raisonSociale}</strong> ({d.structure.identifier}) pourra être désignée comme maîtrise
                          d&apos;ouvrage, destinataire des factures de travaux. Ses gestionnaires sont prévenus par courriel.
                        </p>
                      </ActionMotivee>
                    </li>
                    <li>
                      <ActionMotivee
                        id={`refuser-${d.id}`}
                        bouton={{
                          libelle: "Refuser",
                          titre: `Refuser la demande de ${d.structure.raisonSociale}`,
                          priority: "tertiary",
                          destructif: true,
                          taille: "small",
                        }}
                        titre={`Refuser la demande de ${d.structure.raisonSociale}`}
                        libelleMotif="Motif du refus"
                        indicationMotif="Envoyé aux gestionnaires de la structure. Ils pourront faire une nouvelle demande."
                        confirmer="Confirmer le refus"
                        enCours="Refus en cours…"
                        succes="Demande refusée : les gestionnaires de la structure sont prévenus par courriel, avec le motif."
                        action={action}
                        input={{ demandeId: d.id, decision: "REFUSER" }}
                        onSucces={(t) => setAnnonce(`${d.structure.raisonSociale} : ${t}`)}
                      >
                        <p>
                          La structure <strong>{d.structure.raisonSociale}</strong> ({d.structure.identifier}) ne sera pas acheteur public.
                        </p>
                      </ActionMotivee>
                    </li>
                  </GroupeBoutons>
                </td>
              </tr>
            ))}
          </tbody>
        </Tableau>
      )}

      <h2>Demandes traitées</h2>
      {traitees.length === 0 ? (
        <p>Aucune demande traitée.</p>
      ) : (
        <Tableau>
          <caption className="fr-sr-only">Demandes de statut d&apos;acheteur public traitées</caption>
          <thead>
            <tr>
              <th scope="col">Structure</th>
              <th scope="col">Demande</th>
              <th scope="col">Décision</th>
            </tr>
          </thead>
          <tbody>
            {traitees.map((d) => (
              <tr key={d.id}>
                <td>
                  <Structure s={d.structure} />
                </td>
                <td>
                  {d.demandeur.firstName} {d.demandeur.lastName}, le {date(d.createdAt)}
                  <br />
                  <span className="fr-text--sm" style={{ whiteSpace: "pre-line" }}>
                    {d.motif}
                  </span>
                </td>
                <td>
                  <Badge as="span" small severity={d.statut === "ACCORDEE" ? "success" : "error"}>
                    {LIBELLES_STATUT_DEMANDE[d.statut]}
                  </Badge>
                  <br />
                  <span className="fr-text--sm">
                    {d.decideeLe && `le ${date(d.decideeLe)}`}
                    {d.decideur && ` par ${d.decideur.firstName} ${d.decideur.lastName}`}
                    {d.motifDecision && (
                      <>
                        <br />
                        Motif : {d.motifDecision}
                      </>
                    )}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </Tableau>
      )}
    </>
  );
}
