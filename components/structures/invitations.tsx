"use client";

import { useState, useTransition } from "react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import type { ActionResult } from "@/lib/errors";
import { ChoixServices, versListe, type Choix, type ServiceChoisissable } from "./choix-services";
import { Tableau } from "@/components/ui/tableau";

type Action = (input: unknown) => Promise<ActionResult>;

export type InvitationVue = { id: string; email: string; services: string[]; envoyeeLe: string; expireLe: string; expiree: boolean };

const confirmationRevocation = createModal({ id: "confirmer-revocation-invitation", isOpenedByDefault: false });

/**
 * « Inviter un utilisateur »: an address and, when the structure has services, the services and rights of the account
 * the invitation creates. Below, the pending invitations, each revoked after a confirmation that names its address.
 */
export function Invitations({
  services,
  invitations,
  actions,
}: {
  services: ServiceChoisissable[];
  invitations: InvitationVue[];
  actions: { inviter: Action; revoquer: Action };
}) {
  const [email, setEmail] = useState("");
  const [choix, setChoix] = useState<Choix>({});
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const [resultat, setResultat] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const [aRevoquer, setARevoquer] = useState<InvitationVue | null>(null);
  const [statutRevocation, setStatutRevocation] = useState<string | null>(null);

  const inviter = (e: React.FormEvent) => {
    e.preventDefault();
    start(async () => {
      const r = await actions.inviter({ email, services: versListe(choix) });
      if (r.ok) {
        setResultat({ ok: true, text: `Invitation envoyée à ${email.trim().toLowerCase()}.` });
        setErreurs({});
        setEmail("");
        setChoix({});
      } else {
        setErreurs(r.fieldErrors ?? {});
        setResultat({ ok: false, text: r.message });
      }
    });
  };

  const revoquer = (inv: InvitationVue) =>
    start(async () => {
      const r = await actions.revoquer({ invitationId: inv.id });
      setStatutRevocation(r.ok ? `Invitation de ${inv.email} révoquée : son lien ne fonctionne plus.` : r.message);
    });

  return (
    <>
      <form onSubmit={inviter} noValidate className="fr-mb-4w">
        <p className="fr-text--sm">
          La personne reçoit un courriel avec un lien valable 7 jours, à usage unique : elle y crée son compte, rattaché à la structure et validé dès sa
          création, avec les services et droits choisis ici.
        </p>
        <Input
          label="Adresse électronique de la personne à inviter"
          hintText="Format attendu : prenom.nom@exemple.fr"
          state={erreurs.email ? "error" : "default"}
          stateRelatedMessage={erreurs.email}
          nativeInputProps={{ type: "email", autoComplete: "off", value: email, onChange: (e) => setEmail(e.target.value), name: "email", required: true }}
        />
        {services.length > 0 && <ChoixServices idPrefixe="invitation-service" services={services} choix={choix} onChange={setChoix} disabled={pending} />}
        {erreurs.services && <p className="fr-error-text">{erreurs.services}</p>}
        <Button type="submit" disabled={pending}>
          {pending ? "Envoi…" : "Envoyer l'invitation"}
        </Button>
        <div role="status" aria-live="polite">
          {resultat && <Alert className="fr-mt-2w" small severity={resultat.ok ? "success" : "error"} description={resultat.text} />}
        </div>
      </form>

      <h3 className="fr-h5">Invitations en attente</h3>
      <p role="status" className="fr-text--sm">
        {statutRevocation}
      </p>
      {invitations.length === 0 ? (
        <p>Aucune invitation en attente.</p>
      ) : (
        <Tableau>
          <caption className="fr-sr-only">Invitations en attente</caption>
          <thead>
            <tr>
              <th scope="col">Adresse</th>
              <th scope="col">Services et droits</th>
              <th scope="col">Envoyée le</th>
              <th scope="col">Valable jusqu&apos;au</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((inv) => (
              <tr key={inv.id}>
                <td>{inv.email}</td>
                <td className="fr-text--sm">{inv.services.length ? inv.services.join(" ; ") : "Toute la structure"}</td>
                <td>{inv.envoyeeLe}</td>
                <td>{inv.expiree ? `Expirée (${inv.expireLe})` : inv.expireLe}</td>
                <td>
                  <Button
                    size="small"
                    priority="tertiary"
                    className="bouton-destructif"
                    disabled={pending}
                    title={`Révoquer l'invitation de ${inv.email}`}
                    onClick={() => {
                      setARevoquer(inv);
                      confirmationRevocation.open();
                    }}
                  >
                    Révoquer
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Tableau>
      )}

      <confirmationRevocation.Component
        title="Révoquer cette invitation ?"
        buttons={[
          { children: "Annuler", priority: "secondary" },
          {
            children: "Confirmer la révocation",
            onClick: () => {
              if (aRevoquer) revoquer(aRevoquer);
            },
          },
        ]}
      >
        {aRevoquer && (
          <p>
            Le lien envoyé à <strong>{aRevoquer.email}</strong> ne permettra plus de créer un compte rattaché à la structure. Vous pourrez l&apos;inviter de
            nouveau.
          </p>
        )}
      </confirmationRevocation.Component>
    </>
  );
}
