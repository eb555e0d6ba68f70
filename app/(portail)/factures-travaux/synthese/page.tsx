import type { Metadata } from "next";
import { requireActeur } from "@/lib/auth/session";
import { ListePiecesPage } from "@/components/factures-travaux/liste-pieces-page";
import { TableauATraiter } from "@/components/factures-travaux/tableau-a-traiter";
import { piecesATraiter, type FiltreATraiter, type TriATraiter } from "@/lib/invoices/a-traiter";

export const metadata: Metadata = { title: "Synthèse — Factures de travaux" };

export default async function SynthesePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const acteur = await requireActeur("/factures-travaux/synthese");
  const params = await searchParams;
  const un = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const filtre: FiltreATraiter = (["tout", "a-traiter", "retournees"] as const).find((f) => f === un(params.aTraiter)) ?? "tout";
  const tri: TriATraiter = un(params.tri) === "recent" ? "recent" : "delai";
  const { aTraiter: _a, tri: _t, ...filtres } = params;
  const avant = acteur.structure?.status === "VALIDEE" ? <TableauATraiter pieces={await piecesATraiter(acteur, { filtre, tri })} filtre={filtre} tri={tri} /> : null;
  return <ListePiecesPage acteur={acteur} perimetre="SYNTHESE" searchParams={filtres} avant={avant} />;
}
