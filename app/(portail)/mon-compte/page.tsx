import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { requireActeur } from "@/lib/auth/session";
import { mesRattachements } from "@/lib/accounts/mon-compte";
import { ROLE_LABELS, MEMBERSHIP_STATUS_LABELS } from "@/lib/accounts/labels";
import { monEmailContact } from "@/lib/accounts/email-contact";
import { EmailContact } from "@/components/compte/email-contact";
import { SecuriteCompte } from "@/components/compte/securite-compte";
import { InformationsCompte } from "@/components/compte/informations-compte";
import { DesactiverCompte } from "@/components/compte/desactiver-compte";
import { monIdentite, structuresSansAutrePrincipal } from "@/lib/accounts/compte";
import {
  changerMotDePasseAction,
  deconnecterPartoutAction,
  desactiverMonCompteAction,
  modifierEmailContactAction,
  modifierIdentiteAction,
  renvoyerLienConfirmationAction,
} from "./actions";
import { Tableau } from "@/components/ui/tableau";

export const metadata: Metadata = { title: "Mon compte" };

export default async function MonComptePage() {
  const acteur = await requireActeur("/mon-compte");
  const rattachements = await mesRattachements(acteur);
  const contact = await monEmailContact(acteur);
  const identite = await monIdentite(acteur);
  const bloquantes = await structuresSansAutrePrincipal(acteur);
  const enAttente = rattachements.filter((r) => r.status === "EN_COURS_DE_VALIDATION");
  const gere = rattachements.some((r) => r.status === "VALIDEE" && r.role !== "UTILISATEUR_SIMPLE");
  return (
    <div className="fr-container fr-my-6w">
      <h1>Mon compte</h1>
      <p>
        Connecté en tant que <strong>{acteur.name}</strong> ({acteur.email}).
      </p>
      {enAttente.length > 0 && (
        <Alert
          className="fr-mb-4w"
          severity="info"
          title="Demande de rattachement en cours de validation"
          description={`Votre demande de rattachement à ${enAttente.map((r) => r.structure.raisonSociale).join(", ")} attend la validation du gestionnaire de la structure. Vous recevrez un courriel dès qu'elle sera traitée ; les fonctionnalités de la structure seront alors accessibles.`}
        />
      )}
      <InformationsCompte identite={{ ...identite, phone: identite.phone ?? "" }} email={acteur.email} modifier={modifierIdentiteAction} />
      <EmailContact contact={contact} actions={{ modifier: modifierEmailContactAction, renvoyer: renvoyerLienConfirmationAction }} />
      <h2>Mes structures</h2>
      <Tableau>
        <caption className="fr-sr-only">Structures auxquelles vous êtes rattaché</caption>
        <thead>
          <tr>
            <th scope="col">Structure</th>
            <th scope="col">Identifiant</th>
            <th scope="col">Rôle</th>
            <th scope="col">Rattachement</th>
          </tr>
        </thead>
        <tbody>
          {rattachements.map((r) => (
            <tr key={r.id}>
              <td>{r.structure.raisonSociale}</td>
              <td>{r.structure.identifier}</td>
              <td>{ROLE_LABELS[r.role]}</td>
              <td>
                <Badge as="span" severity={r.status === "VALIDEE" ? "success" : r.status === "EN_COURS_DE_VALIDATION" ? "info" : "error"} small>
                  {MEMBERSHIP_STATUS_LABELS[r.status]}
                </Badge>
                {r.refusalReason && <p className="fr-text--sm fr-mb-0">Motif : {r.refusalReason}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </Tableau>
      {gere && (
        <p>
          <Link className="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/structures/rattachements">
            Demandes de rattachement à traiter
          </Link>
        </p>
      )}
      <SecuriteCompte email={acteur.email} actions={{ changerMotDePasse: changerMotDePasseAction, deconnecterPartout: deconnecterPartoutAction }} />
      <DesactiverCompte email={acteur.email} bloquantes={bloquantes} desactiver={desactiverMonCompteAction} />
    </div>
  );
}
