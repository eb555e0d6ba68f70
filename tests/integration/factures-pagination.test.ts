import { describe, expect, it } from "vitest";
import type { CadreFacturation } from "@/lib/generated/prisma/enums";
import { piecesATraiter, TAILLE_PAGE_A_TRAITER } from "@/lib/invoices/a-traiter";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { traiterPiece } from "@/lib/invoices/transitions";
import { brouillonComplet, pdfFacture, scenario, type Scenario } from "./factures-fixtures";

const MINUTE = 60_000;

/** A piece of the frame sent at `le` (its status date), invoice PDF joined. */
async function envoyee(s: Scenario, cadre: CadreFacturation, le: Date) {
  const { id, numero } = await brouillonComplet(s, { cadre });
  await ajouterPieceJointe(s.deposant.acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(numero), nature: "FACTURE" });
  await envoyer(s.deposant.acteur, id, { now: le });
  return { id, numero };
}

describe("« Pièces à traiter » page par page", () => {
  it("23 pièces : la page 1 en montre 20, la page 2 les 3 autres, dans un ordre stable (délai d'abord) ; le total est donné", async () => {
    const s = await scenario();
    const t0 = Date.now() - 3 * 24 * 3600 * 1000;
    // 15 monthly drafts (A4, 7 days to process) and 8 final drafts (A7, no deadline), sent a minute apart,
    // the final drafts first: the « Délai » order puts them after every monthly draft all the same.
    const a7 = [];
    for (let i = 0; i < 8; i++) a7.push(await envoyee(s, "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR", new Date(t0 + i * MINUTE)));
    const a4 = [];
    for (let i = 0; i < 15; i++) a4.push(await envoyee(s, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", new Date(t0 + (8 + i) * MINUTE)));
    expect(TAILLE_PAGE_A_TRAITER).toBe(20);

    const page1 = await piecesATraiter(s.moeUser.acteur);
    expect(page1).toMatchObject({ total: 23, page: 1, pages: 2, taillePage: 20 });
    expect(page1.pieces).toHaveLength(20);
    const page2 = await piecesATraiter(s.moeUser.acteur, { page: 2 });
    expect(page2).toMatchObject({ total: 23, page: 2, pages: 2 });
    expect(page2.pieces).toHaveLength(3);
    // Nearest deadline first (the oldest monthly draft), then the pieces without a deadline by date: the two
    // pages together are every piece once, in that order.
    const attendu = [...a4, ...a7].map((p) => p.numero);
    expect([...page1.pieces, ...page2.pieces].map((p) => p.numero)).toEqual(attendu);
    expect(page1.pieces.slice(0, 15).every((p) => p.joursRestants !== null)).toBe(true);
    expect(page2.pieces.map((p) => [p.numero, p.joursRestants])).toEqual(a7.slice(5).map((p) => [p.numero, null]));

    // « Dernier changement de statut »: the most recent first, the rest on page 2.
    const recent1 = await piecesATraiter(s.moeUser.acteur, { tri: "recent" });
    const recent2 = await piecesATraiter(s.moeUser.acteur, { tri: "recent", page: 2 });
    expect([...recent1.pieces, ...recent2.pieces].map((p) => p.numero)).toEqual([...a7, ...a4].map((p) => p.numero).reverse());

    // A page past the end shows the last one; a processed piece leaves the list and the count.
    expect((await piecesATraiter(s.moeUser.acteur, { page: 9 })).page).toBe(2);
    await traiterPiece(s.moeUser.acteur, a4[0].id, "SUSPENSION", { motif: { texte: "Métré manquant" } });
    const apres = await piecesATraiter(s.moeUser.acteur, { page: 2 });
    expect(apres.total).toBe(22);
    expect(apres.pieces.map((p) => p.numero)).toEqual(a7.slice(6).map((p) => p.numero));
    // The depositor finds it among its pieces sent back, on its own first page.
    expect(await piecesATraiter(s.deposant.acteur, { filtre: "retournees" })).toMatchObject({
      total: 1,
      pages: 1,
      pieces: [{ id: a4[0].id, statut: "SUSPENDUE" }],
    });
  });
});
