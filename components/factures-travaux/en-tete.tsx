import Link from "next/link";
import type { Acteur } from "@/lib/auth/acteur";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";

const ONGLETS = [
  { id: "deposer", libelle: "Déposer", href: "/factures-travaux/deposer" },
  { id: "synthese", libelle: "Synthèse", href: "/factures-travaux/synthese" },
  { id: "recherche", libelle: "Recherche", href: "/factures-travaux/recherche" },
  // The paying service of the MOA's structure only (the session's habilitation, for display: the page's domain checks it again).
  { id: "factures-recues", libelle: "Factures reçues", href: "/factures-travaux/factures-recues", serviceFinancier: true },
] as const;

/** The application's title, the structure the user acts for, and its tabs (links: each tab is a page). */
export function EnTeteApplication({ acteur, actif }: { acteur: Acteur; actif?: (typeof ONGLETS)[number]["id"] }) {
  return (
    <div className="fr-mb-4w">
      <p className="fr-text--sm fr-mb-1w">
        Application <strong>Factures de travaux</strong>
        {acteur.structure && (
          <>
            {" "}
            — vous agissez pour <strong>{acteur.structure.raisonSociale}</strong> ({acteur.structure.identifier})
          </>
        )}
      </p>
      <nav aria-label="Onglets de l'application Factures de travaux">
        <GroupeBoutons className="fr-btns-group--inline fr-btns-group--sm fr-mb-0">
          {ONGLETS.filter((o) => !("serviceFinancier" in o) || acteur.structure?.serviceFinancier || o.id === actif).map((o) => (
            <li key={o.id}>
              <Link
                href={o.href}
                className={`fr-btn fr-btn--sm ${o.id === actif ? "" : "fr-btn--secondary"}`}
                aria-current={o.id === actif ? "page" : undefined}
              >
                {o.libelle}
              </Link>
            </li>
          ))}
        </GroupeBoutons>
      </nav>
    </div>
  );
}
