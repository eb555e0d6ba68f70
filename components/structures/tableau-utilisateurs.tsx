"use client";

import { useState, useTransition } from "react";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { ROLE_LABELS, MEMBERSHIP_STATUS_LABELS } from "@/lib/accounts/labels";
import { peutAgirSur } from "@/lib/structures/regles";
import { ROLES_STRUCTURE } from "@/lib/structures/schemas";
import type { ActionResult } from "@/lib/errors";
import type { MembershipStatus, StructureRole } from "@/lib/generated/prisma/enums";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";
import { ChoixServices, LIBELLES_DROIT, versListe, type Choix, type Droit, type ServiceChoisissable } from "./choix-services";
import { Tableau } from "@/components/ui/tableau";

/** `services`: the services a utilisateur simple is limited to, with his right on each (empty: the whole structure). */
export type Membre = {
  id: string;
  userId: string;
  nom: string;
  email: string;
  role: StructureRole;
  status: MembershipStatus;
  serviceFinancier?: boolean;
  services?: { serviceId: string; code: string; libelle: string; droit: Droit }[];
};
type Action = (input: unknown) => Promise<ActionResult>;

const confirmation = createModal({ id: "confirmer-desactivation", isOpenedByDefault: false });
const dialogueServices = createModal({ id: "services-utilisateur", isOpenedByDefault: false });

type Props = {
  moi: { userId: string; role: StructureRole };
  membres: Membre[];
  /** A public buyer: its validated members may be given the « Service financier » habilitation. */
  acheteurPublic?: boolean;
  /** The structure's services a utilisateur simple may be limited to (none: no « Services » control). */
  services?: ServiceChoisissable[];
  actions: { changerRole: Action; desactiver: Action; reactiver: Action; serviceFinancier?: Action; services?: Action };
};

/**
 * The users of the structure: change a role, deactivate (after a confirmation: the user loses his access to the
 * structure at once) or reactivate. A gestionnaire secondaire sees no control on a gestionnaire principal.
 */
export function TableauUtilisateurs({ moi, membres, acheteurPublic = false, services = [], actions }: Props) {
  const [cible, setCible] = useState<Membre | null>(null);
  const [cibleServices, setCibleServices] = useState<Membre | null>(null);
  const [choix, setChoix] = useState<Choix>({});
  const [messages, setMessages] = useState<Record<string, { ok: boolean; text: string }>>({});
  const [pending, start] = useTransition();
  const [pendingId, setPendingId] = useState<string | null>(null);

  const run = (m: Membre, action: Action, input: unknown, succes: string) => {
    setPendingId(m.id);
    start(async () => {
      const result = await action(input);
      setMessages((all) => ({ ...all, [m.id]: result.ok ? { ok: true, text: succes } : { ok: false, text: result.message } }));
      setPendingId(null);
    });
  };

  return (
    <>
      <Tableau>
        <caption className="fr-sr-only">Utilisateurs de la structure</caption>
        <thead>
          <tr>
            <th scope="col">Utilisateur</th>
            <th scope="col">Rôle</th>
            <th scope="col">État</th>
            <th scope="col">Services</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {membres.map((m) => {
            const modifiable = peutAgirSur(moi.role, m.role);
            const busy = pending && pendingId === m.id;
            const message = messages[m.id];
            return (
              <tr key={m.id}>
                <td>
                  {m.nom}
                  {m.userId === moi.userId && " (vous)"}
                  <br />
                  <span className="fr-text--sm">{m.email}</span>
                </td>
                <td>
                  {modifiable && m.status === "VALIDEE" ? (
                    <RoleSelect
                      membre={m}
                      roles={ROLES_STRUCTURE.filter((r) => peutAgirSur(moi.role, m.role, r))}
                      disabled={busy}
                      onChange={(role) => run(m, actions.changerRole, { membershipId: m.id, role }, `Rôle modifié : ${ROLE_LABELS[role].toLowerCase()}.`)}
                    />
                  ) : (
                    ROLE_LABELS[m.role]
                  )}
                </td>
                <td>
                  <Badge as="span" small severity={m.status === "VALIDEE" ? "success" : "error"}>
                    {m.status === "VALIDEE" ? "Actif" : MEMBERSHIP_STATUS_LABELS[m.status]}
                  </Badge>
                  {m.serviceFinancier && (
                    <>
                      {" "}
                      <Badge as="span" small severity="new" noIcon>
                        Service financier
                      </Badge>
                    </>
                  )}
                </td>
                <td>
                  {m.role !== "UTILISATEUR_SIMPLE" ? (
                    <span className="fr-text--sm">Tous (gestionnaire)</span>
                  ) : m.services?.length ? (
                    <ul className="fr-text--sm fr-mb-0">
                      {m.services.map((s) => (
                        <li key={s.serviceId}>
                          {s.libelle} ({s.code}) : {LIBELLES_DROIT[s.droit]}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="fr-text--sm">Toute la structure</span>
                  )}
                </td>
                <td>
                  {modifiable && m.status === "VALIDEE" && (
                    <GroupeBoutons className="fr-btns-group--inline fr-btns-group--sm">
                      {actions.services && services.length > 0 && m.role === "UTILISATEUR_SIMPLE" && (
                        <li>
                          <Button
                            size="small"
                            priority="tertiary"
                            disabled={busy}
                            title={`Services et droits de ${m.nom}`}
                            onClick={() => {
                              setCibleServices(m);
                              setChoix(Object.fromEntries((m.services ?? []).map((s) => [s.serviceId, s.droit])));
                              dialogueServices.open();
                            }}
                          >
                            Services et droits
                          </Button>
                        </li>
                      )}
                      <li>
                        <Button
                          size="small"
                          priority="secondary"
                          disabled={busy}
                          title={`Désactiver ${m.nom}`}
                          onClick={() => {
                            setCible(m);
                            confirmation.open();
                          }}
                        >
                          Désactiver
                        </Button>
                      </li>
                      {actions.serviceFinancier && (acheteurPublic || m.serviceFinancier) && (
                        <li>
                          <Button
                            size="small"
                            priority="tertiary"
                            disabled={busy}
                            title={m.serviceFinancier ? `Retirer l'habilitation « Service financier » de ${m.nom}` : `Habiliter ${m.nom} « Service financier »`}
                            onClick={() =>
                              run(
                                m,
                                actions.serviceFinancier!,
                                { membershipId: m.id, accorde: !m.serviceFinancier },
                                m.serviceFinancier ? "Habilitation « Service financier » retirée." : "Habilitation « Service financier » accordée.",
                              )
                            }
                          >
                            {m.serviceFinancier ? "Retirer « Service financier »" : "Habiliter « Service financier »"}
                          </Button>
                        </li>
                      )}
                    </GroupeBoutons>
                  )}
                  {modifiable && m.status === "DESACTIVEE" && (
                    <Button
                      size="small"
                      priority="secondary"
                      disabled={busy}
                      title={`Réactiver ${m.nom}`}
                      onClick={() => run(m, actions.reactiver, { membershipId: m.id }, "Utilisateur réactivé.")}
                    >
                      {busy ? "Réactivation…" : "Réactiver"}
                    </Button>
                  )}
                  <p role="status" className="fr-text--sm fr-mb-0">
                    {busy && "Enregistrement…"}
                    {!busy && message && <span className={message.ok ? undefined : "fr-error-text fr-mt-0"}>{message.text}</span>}
                  </p>
                </td>
              </tr>
            );
          })}
        </tbody>
      </Tableau>

      <dialogueServices.Component
        title={cibleServices ? `Services et droits de ${cibleServices.nom}` : "Services et droits"}
        buttons={[
          { children: "Annuler", priority: "secondary" },
          {
            children: "Enregistrer les services",
            onClick: () => {
              if (cibleServices)
                run(
                  cibleServices,
                  actions.services!,
                  { membershipId: cibleServices.id, services: versListe(choix) },
                  Object.keys(choix).length ? "Services et droits enregistrés." : "L'utilisateur voit de nouveau toute la structure.",
                );
            },
          },
        ]}
      >
        {cibleServices && <ChoixServices idPrefixe="droit-service" services={services} choix={choix} onChange={setChoix} />}
      </dialogueServices.Component>

      <confirmation.Component
        title="Désactiver cet utilisateur ?"
        buttons={[
          { children: "Annuler", priority: "secondary" },
          {
            children: "Confirmer la désactivation",
            onClick: () => {
              if (cible) run(cible, actions.desactiver, { membershipId: cible.id }, "Utilisateur désactivé.");
            },
          },
        ]}
      >
        {cible && (
          <p>
            <strong>{cible.nom}</strong> ({cible.email}) ne pourra plus agir pour cette structure : il n&apos;aura plus accès à ses factures ni à ses services.
            Vous pourrez le réactiver ensuite depuis cette page.
          </p>
        )}
      </confirmation.Component>
    </>
  );
}

function RoleSelect({
  membre,
  roles,
  disabled,
  onChange,
}: {
  membre: Membre;
  roles: readonly StructureRole[];
  disabled: boolean;
  onChange: (r: StructureRole) => void;
}) {
  const [value, setValue] = useState<StructureRole>(membre.role);
  return (
    <div className="fr-grid-row fr-grid-row--bottom" style={{ gap: "0.5rem" }}>
      <Select
        label={<span className="fr-sr-only">Rôle de {membre.nom}</span>}
        className="fr-mb-0"
        nativeSelectProps={{ value, disabled, onChange: (e) => setValue(e.target.value as StructureRole), "aria-label": `Rôle de ${membre.nom}` }}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </Select>
      <Button
        size="small"
        priority="tertiary"
        disabled={disabled || value === membre.role}
        onClick={() => onChange(value)}
        title={`Modifier le rôle de ${membre.nom}`}
      >
        Modifier le rôle
      </Button>
    </div>
  );
}
