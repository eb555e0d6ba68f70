"use client";

import { useState } from "react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { Select } from "@codegouvfr/react-dsfr/Select";
import type { ActionResult } from "@/lib/errors";
import { ROLE_LABELS } from "@/lib/accounts/labels";
import type { StructureRole } from "@/lib/generated/prisma/enums";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";
import { ActionMotivee } from "./action-motivee";

type Action = (input: unknown) => Promise<ActionResult>;

type Props = {
  structure: { id: string; raisonSociale: string; identifier: string; active: boolean; isPublicBuyer: boolean };
  /** The gestionnaires principaux now (named in the reassignment dialog). */
  principaux: string[];
  /** Who may become gestionnaire principal: members whose attachment is validated and account active, not already one. */
  candidats: { membershipId: string; nom: string; email: string; role: StructureRole }[];
  actions: { changerEtat: Action; retirerAcheteurPublic: Action; reattribuer: Action };
};

/**
 * An administrator's actions on a structure, each confirmed in a dialog that names the structure and asks the reason
 * (mailed to its managers, kept in the journal): deactivate or reactivate it, withdraw its public-buyer status, hand its
 * gestionnaire principal role to another validated member (the previous one deactivated, by default, or kept as
 * gestionnaire secondaire).
 */
export function GestionStructure({ structure: s, principaux, candidats, actions }: Props) {
  const [membershipId, setMembershipId] = useState("");
  const [anciens, setAnciens] = useState<"DESACTIVE" | "SECONDAIRE">("DESACTIVE");
  const nom = `${s.raisonSociale} (${s.identifier})`;
  const ancien = principaux.length ? principaux.join(", ") : "aucun";
  // Said here, where it stays: « Désactiver » gives way to « Réactiver » once the page reloads its data.
  const [annonce, setAnnonce] = useState<string | null>(null);
  return (
    <>
      <div role="status" className="fr-mb-2w">
        {annonce && <Alert small severity="success" description={annonce} />}
      </div>
      <GroupeBoutons className="fr-btns-group--inline-md">
        <li>
          <ActionMotivee
            id="reattribuer-gestionnaire-principal"
            bouton={{ libelle: "Changer de gestionnaire principal", priority: "secondary" }}
            titre={`Changer le gestionnaire principal de ${s.raisonSociale}`}
            libelleMotif="Motif"
            indicationMotif="Par exemple : structure revendiquée par une personne qui n'en fait pas partie. Envoyé aux gestionnaires de la structure."
            confirmer="Confirmer le changement"
            enCours="Enregistrement…"
            succes="Gestionnaire principal changé : les gestionnaires de la structure sont prévenus par courriel."
            action={actions.reattribuer}
            onSucces={(t) => {
              setAnnonce(t);
              setMembershipId("");
            }}
            input={{ structureId: s.id, membershipId, anciens }}
            pret={!!membershipId}
            champs={
              <>
                <Select
                  label="Nouveau gestionnaire principal"
                  hint="Un utilisateur dont le rattachement à la structure est validé."
                  nativeSelectProps={{ value: membershipId, onChange: (e) => setMembershipId(e.target.value), required: true }}
                >
                  <option value="" disabled>
                    Sélectionnez un utilisateur
                  </option>
                  {candidats.map((c) => (
                    <option key={c.membershipId} value={c.membershipId}>
                      {c.nom} — {c.email} ({ROLE_LABELS[c.role].toLowerCase()})
                    </option>
                  ))}
                </Select>
                <RadioButtons
                  legend={`Que devient le gestionnaire principal actuel (${ancien}) ?`}
                  name="anciens"
                  options={[
                    {
                      label: "Il est désactivé dans la structure",
                      hintText: "Le cas d'une structure revendiquée par erreur : il perd aussitôt son accès, et ses sessions prennent fin.",
                      nativeInputProps: { value: "DESACTIVE", checked: anciens === "DESACTIVE", onChange: () => setAnciens("DESACTIVE") },
                    },
                    {
                      label: "Il devient gestionnaire secondaire",
                      hintText: "Le cas d'un gestionnaire légitime qui passe la main.",
                      nativeInputProps: { value: "SECONDAIRE", checked: anciens === "SECONDAIRE", onChange: () => setAnciens("SECONDAIRE") },
                    },
                  ]}
                />
              </>
            }
          >
            {candidats.length === 0 && <p className="fr-error-text">Aucun autre utilisateur validé de la structure ne peut devenir gestionnaire principal.</p>}
          </ActionMotivee>
        </li>
        {s.isPublicBuyer && (
          <li>
            <ActionMotivee
              id="retirer-acheteur-public"
              bouton={{ libelle: "Retirer le statut d'acheteur public", priority: "tertiary", destructif: true }}
              titre={`Retirer le statut d'acheteur public de ${s.raisonSociale}`}
              libelleMotif="Motif du retrait"
              indicationMotif="Envoyé aux gestionnaires de la structure."
              confirmer="Confirmer le retrait"
              enCours="Retrait en cours…"
              succes="Statut retiré : les gestionnaires de la structure sont prévenus par courriel."
              action={actions.retirerAcheteurPublic}
              onSucces={setAnnonce}
              input={{ structureId: s.id }}
            >
              <p>
                La structure <strong>{nom}</strong> ne pourra plus être désignée comme maîtrise d&apos;ouvrage d&apos;une nouvelle facture de travaux.
              </p>
            </ActionMotivee>
          </li>
        )}
        <li>
          {s.active ? (
            <ActionMotivee
              id="desactiver-structure"
              bouton={{ libelle: "Désactiver la structure", priority: "tertiary", destructif: true }}
              titre={`Désactiver la structure ${s.raisonSociale}`}
              libelleMotif="Motif de la désactivation"
              indicationMotif="Envoyé aux gestionnaires de la structure."
              confirmer="Confirmer la désactivation"
              enCours="Désactivation…"
              succes="Structure désactivée : ses gestionnaires sont prévenus par courriel."
              action={actions.changerEtat}
              onSucces={setAnnonce}
              input={{ structureId: s.id, active: false }}
            >
              <p>
                Plus personne ne pourra agir pour la structure <strong>{nom}</strong> ; elle disparaît de l&apos;annuaire et ne peut plus être désignée sur une
                facture. Ses utilisateurs gardent leur rattachement : une réactivation leur rend l&apos;accès.
              </p>
            </ActionMotivee>
          ) : (
            <ActionMotivee
              id="reactiver-structure"
              bouton={{ libelle: "Réactiver la structure", priority: "secondary" }}
              titre={`Réactiver la structure ${s.raisonSociale}`}
              libelleMotif="Motif de la réactivation"
              indicationMotif="Envoyé aux gestionnaires de la structure."
              confirmer="Confirmer la réactivation"
              enCours="Réactivation…"
              succes="Structure réactivée : ses gestionnaires sont prévenus par courriel."
              action={actions.changerEtat}
              onSucces={setAnnonce}
              input={{ structureId: s.id, active: true }}
            >
              <p>
                Les utilisateurs de la structure <strong>{nom}</strong> pourront de nouveau agir pour elle.
              </p>
            </ActionMotivee>
          )}
        </li>
      </GroupeBoutons>
    </>
  );
}
