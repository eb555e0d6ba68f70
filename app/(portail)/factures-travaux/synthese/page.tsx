import type { Metadata } from "next";
import { requireActeur } from "@/lib/auth/session";
import { ListePiecesPage } from "@/components/factures-travaux/liste-pieces-page";
import { chargerListePieces } from "../charger";
import { TableauATraiter } from "@/components/factures-travaux/tableau-a-traiter";
import { piecesATraiter, type FiltreATraiter, type TriATraiter } from "@/lib/invoices/a-traiter";

export const metadata: Metadata = { title: "Synthèse — Factures de travaux" };

/**
 * « Synthèse »: the pieces to process (filter `aTraiter`, order `tri`, page `pageATraiter`), then the pieces
 * deposited by the structure (their own filters and `page`). Each list keeps the other's parameters in its links.
 */
export default async function SynthesePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const acteur = await requireActeur("/factures-travaux/synthese");
  const params = await searchParams;
  const un = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  /** The given parameters, each with its one non-empty value. */
  const simples = (p: Record<string, string | string[] | undefined>) =>
    Object.fromEntries(Object.entries(p).flatMap(([k, v]) => (un(v) ? [[k, un(v)!]] : []))) as Record<string, string>;
  const filtre: FiltreATraiter = (["tout", "a-traiter", "retournees"] as const).find((f) => f === un(params.aTraiter)) ?? "tout";
  const tri: TriATraiter = un(params.tri) === "recent" ? "recent" : "delai";
  const page = Number.parseInt(un(params.pageATraiter) ?? "1", 10);
  const { aTraiter: _a, tri: _t, pageATraiter: _p, ...filtres } = params;
  const lien = (n: number) => `/factures-travaux/synthese?${new URLSearchParams({ ...simples(params), pageATraiter: String(n) })}#a-traiter`;
  const avant =
    acteur.structure?.status === "VALIDEE" ? (
      <TableauATraiter
        resultat={await piecesATraiter(acteur, { filtre, tri, page: Number.isFinite(page) ? page : 1 })}
        filtre={filtre}
        tri={tri}
        lien={lien}
        conserver={simples(filtres)}
      />
    ) : null;
  const conserver = simples({ aTraiter: params.aTraiter, tri: params.tri, pageATraiter: params.pageATraiter });
  return <ListePiecesPage acteur={acteur} liste={await chargerListePieces(acteur, "SYNTHESE", filtres)} avant={avant} conserver={conserver} />;
}
