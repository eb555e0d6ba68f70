import type { Metadata } from "next";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { requireActeur } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { facturesRecues, filtreFacturesRecues, FILTRES_FACTURES_RECUES } from "@/lib/invoices/factures-recues";
import { EnTeteApplication } from "@/components/factures-travaux/en-tete";
import { TableauFacturesRecues } from "@/components/factures-travaux/tableau-factures-recues";

export const metadata: Metadata = { title: "Factures reçues — Factures de travaux" };

/**
 * « Factures reçues »: the paying service of the MOA's structure (users with the « Service financier »
 * habilitation). Filter `statut`, page `page`. The domain checks the habilitation; anyone else reads why not.
 */
export default async function FacturesRecuesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const acteur = await requireActeur("/factures-travaux/factures-recues");
  const params = await searchParams;
  const un = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const filtre = filtreFacturesRecues(un(params.statut));
  const page = Number.parseInt(un(params.page) ?? "1", 10);
  const lien = (n: number) => `/factures-travaux/factures-recues?${new URLSearchParams({ ...(filtre === "tout" ? {} : { statut: filtre }), page: String(n) })}`;
  let resultat: Awaited<ReturnType<typeof facturesRecues>> | null = null;
  let refus: string | null = null;
  try {
    resultat = await facturesRecues(acteur, { filtre, page: Number.isFinite(page) ? page : 1 });
  } catch (e) {
    if (!(e instanceof AppError) || (e.code !== "NON_AUTORISE" && e.code !== "STRUCTURE_NON_VALIDEE")) throw e;
    refus = e.message;
  }
  return (
    <div className="fr-container fr-my-6w">
      <h1>Factures reçues</h1>
      <EnTeteApplication acteur={acteur} actif="factures-recues" />
      {!resultat ? (
        <Alert severity="info" title="Réservé au service financier" description={refus ?? ""} />
      ) : (
        <TableauFacturesRecues resultat={resultat} filtre={filtre} filtres={FILTRES_FACTURES_RECUES} lien={lien} />
      )}
    </div>
  );
}
