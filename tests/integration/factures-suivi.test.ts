import { describe, expect, it } from "vitest";
import { consulterPiece } from "@/lib/invoices/consultation";
import { traiterPiece } from "@/lib/invoices/transitions";
import { depotA4, scenario } from "./factures-fixtures";

describe("« Suivre le traitement »", () => {
  it("chaque étape, de la plus ancienne à la plus récente : date, auteur et sa structure (ou le portail), statut avant → après, motif", async () => {
    const s = await scenario();
    const { id } = await depotA4(s);
    await traiterPiece(s.moeUser.acteur, id, "SUSPENSION", { motif: { texte: "Le métré du lot 2 manque" } });
    await traiterPiece(s.deposant.acteur, id, "COMPLETION");
    await traiterPiece(s.moeUser.acteur, id, "PRISE_EN_COMPTE");

    // Every structure on the piece follows the same history.
    for (const acteur of [s.deposant.acteur, s.moeUser.acteur]) {
      const { historique } = await consulterPiece(acteur, id);
      expect(historique.map((h) => [h.action, h.statutAvant, h.statutApres, h.acteurNom, h.acteurStructure, h.motif])).toEqual([
        ["CREATION", null, "BROUILLON", s.deposant.acteur.name, s.fournisseur.raisonSociale, null],
        ["DEPOT", "BROUILLON", "DEPOSEE", s.deposant.acteur.name, s.fournisseur.raisonSociale, null],
        // The portal puts the piece at the MOE's disposal: no author.
        ["MISE_A_DISPOSITION", "DEPOSEE", "MISE_A_DISPOSITION_MOE", null, null, null],
        ["SUSPENSION", "MISE_A_DISPOSITION_MOE", "SUSPENDUE", s.moeUser.acteur.name, s.moe.raisonSociale, "Le métré du lot 2 manque"],
        ["COMPLETION", "SUSPENDUE", "MISE_A_DISPOSITION_MOE", s.deposant.acteur.name, s.fournisseur.raisonSociale, null],
        ["PRISE_EN_COMPTE", "MISE_A_DISPOSITION_MOE", "PRISE_EN_COMPTE_MOE", s.moeUser.acteur.name, s.moe.raisonSociale, null],
      ]);
      const dates = historique.map((h) => h.createdAt.getTime());
      expect(dates).toEqual([...dates].sort((a, b) => a - b));
    }
  });
});
