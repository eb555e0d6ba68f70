import type { Metadata } from "next";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Card } from "@codegouvfr/react-dsfr/Card";
import { requireActeur } from "@/lib/auth/session";
import { peut } from "@/lib/structures/regles";
import { ROLE_LABELS } from "@/lib/accounts/labels";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";

export const metadata: Metadata = { title: "Structures" };

type Application = { titre: string; description: string; href: string; visible: boolean };

/** The « Structures » domain (« Organisation » → « Structures »): its applications, each reached with « Accéder ». */
export default async function StructuresPage({ searchParams }: { searchParams: Promise<{ envoi?: string }> }) {
  const acteur = await requireActeur("/structures");
  const { envoi } = await searchParams;
  const role = acteur.structure?.status === "VALIDEE" ? acteur.structure.role : null;
  const applications: Application[] = [
    {
      titre: "Créer une structure",
      description:
        "Créez l'identification de votre structure (1 structure = 1 entité juridique, identifiée par son SIRET ou un autre identifiant) : vous en deviendrez le gestionnaire principal.",
      href: "/structures/creer-une-structure",
      visible: true,
    },
    {
      titre: "Mes structures",
      description:
        "Les structures auxquelles vous êtes rattaché : choisissez celle pour laquelle vous agissez, ou demandez votre rattachement à une autre structure.",
      href: "/structures/mes-structures",
      visible: true,
    },
    {
      titre: "Gérer les utilisateurs",
      description: "Validez ou refusez les demandes de rattachement, modifiez le rôle des utilisateurs de la structure, désactivez-les.",
      href: "/structures/utilisateurs",
      visible: !!role && peut(role, "gererUtilisateurs"),
    },
    {
      titre: "Gérer les services",
      description: "Créez, modifiez ou désactivez les services de la structure (code et libellé), que les fournisseurs désignent lors d'un dépôt.",
      href: "/structures/services",
      visible: !!role && peut(role, "gererServices"),
    },
    {
      titre: "Coordonnées bancaires",
      description:
        "Enregistrez les IBAN et BIC de la structure, que ses utilisateurs choisissent lors d'un dépôt pour être payés ; désactivez ceux qui ne servent plus.",
      href: "/structures/coordonnees-bancaires",
      visible: !!role && peut(role, "gererComptesBancaires"),
    },
    {
      titre: "Comptes techniques (API)",
      description:
        "Donnez à vos logiciels un accès à l'API du portail pour déposer, consulter ou traiter les pièces de la structure : créez un compte technique, renouvelez son secret, révoquez-le.",
      href: "/structures/comptes-techniques",
      visible: !!role && peut(role, "gererUtilisateurs"),
    },
    {
      titre: "Identification et coordonnées",
      description:
        "La raison sociale, l'identifiant et l'adresse de la structure ; son gestionnaire principal modifie son libellé et ses coordonnées, et actualise depuis l'annuaire INSEE une structure identifiée par son SIRET.",
      href: "/structures/identification",
      visible: !!role,
    },
    {
      titre: "Paramètres de la structure",
      description:
        "Ouvrez ou fermez l'espace « Factures de travaux » de la structure, indiquez si elle est un acheteur public (maîtrise d'ouvrage) ; pour une maîtrise d'ouvrage, ses exigences sur les dépôts (code service, engagement juridique) et la délégation des états d'acompte à la maîtrise d'œuvre.",
      href: "/structures/parametres",
      visible: !!role,
    },
    {
      titre: "Journal",
      description:
        "Consultez l'historique des modifications de la structure : rattachements, rôles, services, paramètres et pièces corrigées après leur dépôt, avec leur auteur.",
      href: "/structures/journal",
      visible: !!role && peut(role, "consulterJournal"),
    },
    {
      titre: "Recherche avancée",
      description: "Cherchez une structure dans l'annuaire du portail par raison sociale, SIRET, ville ou code postal.",
      href: "/structures/annuaire",
      visible: true,
    },
  ];
  return (
    <div className="fr-container fr-my-6w">
      <h1>Structures</h1>
      {envoi === "creer-une-structure" && (
        <Alert className="fr-mb-4w" severity="success" small description="L'envoi des données pour « Créer une structure » a bien été effectuée." />
      )}
      <p>
        {acteur.structure ? (
          <>
            Vous agissez pour la structure <strong>{acteur.structure.raisonSociale}</strong> ({acteur.structure.identifier})
            {role ? `, en tant que ${ROLE_LABELS[role].toLowerCase()}.` : " : votre rattachement est en cours de validation."}
          </>
        ) : (
          "Vous n'êtes rattaché à aucune structure : créez la vôtre, ou demandez votre rattachement depuis « Mes structures »."
        )}
      </p>
      <div className="fr-grid-row fr-grid-row--gutters">
        {applications
          .filter((a) => a.visible)
          .map((a) => (
            <div key={a.href} className="fr-col-12 fr-col-md-6 fr-col-lg-4">
              <Card
                title={a.titre}
                titleAs="h2"
                desc={a.description}
                footer={
                  <GroupeBoutons className="fr-btns-group--inline-reverse fr-btns-group--inline-lg">
                    <li>
                      <a className="fr-btn" href={a.href} title={`Accéder à l'application ${a.titre}`}>
                        Accéder
                      </a>
                    </li>
                  </GroupeBoutons>
                }
              />
            </div>
          ))}
      </div>
    </div>
  );
}
