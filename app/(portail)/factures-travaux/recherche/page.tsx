import type { Metadata } from "next";
import { requireActeur } from "@/lib/auth/session";
import { ListePiecesPage } from "@/components/factures-travaux/liste-pieces-page";
import { chargerListePieces } from "../charger";

export const metadata: Metadata = { title: "Recherche — Factures de travaux" };

export default async function RecherchePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const acteur = await requireActeur("/factures-travaux/recherche");
  return <ListePiecesPage acteur={acteur} liste={await chargerListePieces(acteur, "RECHERCHE", await searchParams)} />;
}
