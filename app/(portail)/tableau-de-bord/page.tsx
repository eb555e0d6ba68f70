import type { Metadata } from "next";
import { requireActeur } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { tableauDeBord } from "@/lib/invoices/tableau-de-bord";
import Link from "next/link";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { TableauDeBordVue } from "@/components/tableau-de-bord/tableau-de-bord";

export const metadata: Metadata = { title: "Tableau de bord" };

/** « Tableau de bord »: the figures of the structure the user acts for, one section per part it plays (supplier, MOE, MOA). */
export default async function TableauDeBordPage() {
  const acteur = await requireActeur("/tableau-de-bord");
  let contenu: React.ReactNode;
  try {
    contenu = <TableauDeBordVue tableau={await tableauDeBord(acteur)} structure={acteur.structure?.raisonSociale ?? ""} />;
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== "NON_AUTORISE" && error.code !== "STRUCTURE_NON_VALIDEE")) throw error;
    contenu = (
      <Alert
        severity="info"
        title="Aucune structure pour l'instant"
        description={
          <>
            {error.message} <Link href="/structures/mes-structures">Mes structures</Link>
          </>
        }
      />
    );
  }
  return (
    <div className="fr-container fr-my-6w">
      <h1>Tableau de bord</h1>
      {contenu}
    </div>
  );
}
