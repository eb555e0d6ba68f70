import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { pageAdministrateur } from "@/lib/auth/administrateur";
import { structureAdministration } from "@/lib/administration/structures";
import { FAMILLES_ACHETEUR_PUBLIC, LIBELLES_STATUT_DEMANDE } from "@/lib/structures/acheteur-public";
import { IDENTIFIER_TYPES } from "@/lib/identifiers";
import { MEMBERSHIP_STATUS_LABELS, ROLE_LABELS } from "@/lib/accounts/labels";
import { AccesReserve } from "@/components/administration/acces-reserve";
import { GestionStructure } from "@/components/administration/gestion-structure";
import { changerEtatStructureAction, reattribuerGestionnairePrincipalAction, retirerAcheteurPublicAction } from "../../actions";
import { Tableau } from "@/components/ui/tableau";

export const metadata: Metadata = { title: "Structure — Administration" };

const date = (d: Date) => d.toLocaleDateString("fr-FR", { timeZone: "Europe/Paris" });
const COMPTES = { ACTIF: "Actif", EN_ATTENTE_ACTIVATION: "Non activé", DESACTIVE: "Désactivé" } as const;

/** A structure as administrators see it: its data and statuses, its managers and members, and the actions on it. */
export default async function StructureAdministrationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const acces = await pageAdministrateur(`/administration/structures/${encodeURIComponent(id)}`);
  if (!acces.ok)
    return (
      <div className="fr-container fr-my-6w">
        <h1>Structure</h1>
        <AccesReserve message={acces.message} />
      </div>
    );
  if (!z.uuid().safeParse(id).success) notFound();
  const vue = await structureAdministration(acces.acteur, id).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "INTROUVABLE") notFound();
    throw e;
  });
  const { structure: s, membres, demandes } = vue;
  const gestionnaires = membres.filter((m) => m.status === "VALIDEE" && m.role !== "UTILISATEUR_SIMPLE");
  const famille = s.categorieJuridique ? FAMILLES_ACHETEUR_PUBLIC[s.categorieJuridique[0] as keyof typeof FAMILLES_ACHETEUR_PUBLIC] : undefined;
  const adresse = s.diffusionPartielle
    ? "Adresse non diffusée (diffusion partielle demandée à l'INSEE)"
    : [s.adresse, s.complement1, s.complement2, [s.codePostal, s.ville].filter(Boolean).join(" "), s.pays].filter(Boolean).join(", ");

  return (
    <div className="fr-container fr-my-6w">
      <Breadcrumb
        currentPageLabel={s.raisonSociale}
        segments={[
          { label: "Administration", linkProps: { href: "/administration" } },
          { label: "Structures", linkProps: { href: "/administration/structures" } },
        ]}
      />
      <h1>{s.raisonSociale}</h1>
      <p>
        <Badge as="span" severity={s.active ? "success" : "error"}>
          {s.active ? "Active" : "Désactivée"}
        </Badge>{" "}
        <Badge as="span" severity={s.isPublicBuyer ? "info" : "new"}>
          {s.isPublicBuyer ? "Acheteur public" : "Pas acheteur public"}
        </Badge>
      </p>

      <GestionStructure
        structure={{ id: s.id, raisonSociale: s.raisonSociale, identifier: s.identifier, active: s.active, isPublicBuyer: s.isPublicBuyer }}
        principaux={membres.filter((m) => m.role === "GESTIONNAIRE_PRINCIPAL" && m.status === "VALIDEE").map((m) => m.nom)}
        candidats={membres
          .filter((m) => m.status === "VALIDEE" && m.compte === "ACTIF" && m.role !== "GESTIONNAIRE_PRINCIPAL")
          .map((m) => ({ membershipId: m.id, nom: m.nom, email: m.email, role: m.role }))}
        actions={{
          changerEtat: changerEtatStructureAction,
          retirerAcheteurPublic: retirerAcheteurPublicAction,
          reattribuer: reattribuerGestionnairePrincipalAction,
        }}
      />

      <h2>Identification</h2>
      <dl className="fr-mb-4w">
        <dt className="fr-text--bold">{IDENTIFIER_TYPES[s.identifierType].label}</dt>
        <dd>{s.identifier}</dd>
        {s.libelle && (
          <>
            <dt className="fr-text--bold">Libellé</dt>
            <dd>{s.libelle}</dd>
          </>
        )}
        <dt className="fr-text--bold">Adresse</dt>
        <dd>{adresse || "Non renseignée"}</dd>
        <dt className="fr-text--bold">Catégorie juridique (INSEE)</dt>
        <dd>{s.categorieJuridique ? `${s.categorieJuridique}${famille ? ` — ${famille.toLowerCase()}` : ""}` : "Non connue"}</dd>
        <dt className="fr-text--bold">Acheteur public</dt>
        <dd>
          {!s.isPublicBuyer
            ? "Non"
            : s.acheteurPublicSource === "CATEGORIE_JURIDIQUE"
              ? "Oui, par sa catégorie juridique"
              : "Oui, accordé par un administrateur du portail"}
        </dd>
        <dt className="fr-text--bold">Espace « Factures de travaux »</dt>
        <dd>{s.worksSpaceOpen ? "Ouvert" : "Fermé"}</dd>
        <dt className="fr-text--bold">Sur le portail depuis le</dt>
        <dd>{date(s.createdAt)}</dd>
      </dl>

      <h2>Gestionnaires</h2>
      {gestionnaires.length === 0 ? (
        <p>Aucun gestionnaire actif : confiez le rôle de gestionnaire principal à un utilisateur validé.</p>
      ) : (
        <ul>
          {gestionnaires.map((g) => (
            <li key={g.id}>
              {g.nom} — {ROLE_LABELS[g.role]} — {g.email}
              {g.telephone && ` — ${g.telephone}`}
            </li>
          ))}
        </ul>
      )}

      <h2>Utilisateurs</h2>
      {membres.length === 0 ? (
        <p>Aucun utilisateur rattaché.</p>
      ) : (
        <Tableau>
          <caption className="fr-sr-only">Utilisateurs rattachés à la structure</caption>
          <thead>
            <tr>
              <th scope="col">Utilisateur</th>
              <th scope="col">Rôle</th>
              <th scope="col">Rattachement</th>
              <th scope="col">Compte</th>
            </tr>
          </thead>
          <tbody>
            {membres.map((m) => (
              <tr key={m.id}>
                <td>
                  {m.nom}
                  <br />
                  <span className="fr-text--sm">{m.email}</span>
                </td>
                <td>{ROLE_LABELS[m.role]}</td>
                <td>
                  {MEMBERSHIP_STATUS_LABELS[m.status]}
                  <br />
                  <span className="fr-text--sm">depuis le {date(m.depuis)}</span>
                </td>
                <td>{COMPTES[m.compte]}</td>
              </tr>
            ))}
          </tbody>
        </Tableau>
      )}

      <h2>Demandes de statut d&apos;acheteur public</h2>
      {demandes.length === 0 ? (
        <p>Aucune demande.</p>
      ) : (
        <ul>
          {demandes.map((d) => (
            <li key={d.id}>
              {date(d.createdAt)}, par {d.demandeur.firstName} {d.demandeur.lastName} : {LIBELLES_STATUT_DEMANDE[d.statut].toLowerCase()}
              {d.motifDecision && ` (motif : ${d.motifDecision})`}
            </li>
          ))}
        </ul>
      )}
      {demandes.some((d) => d.statut === "EN_ATTENTE") && (
        <p>
          <Link href="/administration/acheteurs-publics">Traiter la demande en attente</Link>
        </p>
      )}

      <p>
        <Link className="fr-link fr-icon-arrow-right-line fr-link--icon-right" href={`/administration/journal?${new URLSearchParams({ structure: s.id })}`}>
          Journal de la structure
        </Link>
      </p>
    </div>
  );
}
