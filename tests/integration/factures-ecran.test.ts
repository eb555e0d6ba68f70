import { describe, expect, it } from "vitest";
import { ecranPiece } from "@/lib/invoices/ecran-piece";
import { traiterPiece } from "@/lib/invoices/transitions";
import { codeDe } from "../support/fixtures";
import { brouillonComplet, depotA4, scenario } from "./factures-fixtures";

// The piece screen as each party sees it: the actions it may take, the next piece's label, the notices.
describe("écran d'une pièce", () => {
  it("la MOE voit ses actions, la pièce suivante et ses 7 jours ; le déposant ne voit que le suivi", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    const moe = await ecranPiece(s.moeUser.acteur, a4.id);
    expect(moe.possibles).toEqual(["PRISE_EN_COMPTE", "REFUS", "SUSPENSION", "MISE_EN_RECYCLAGE"]);
    expect(moe.suivante).toEqual({ possible: true, libelle: "Déposer la pièce suivante du dossier de facturation" });
    expect(moe.alertes.delaiMoe).toEqual({ severite: "info", texte: "Projet de décompte mensuel à traiter dans un délai de 7 jours : il reste 7 jours." });
    expect(moe.fichiers).toBe("lecture");

    const huitJoursPlusTard = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    expect((await ecranPiece(s.moeUser.acteur, a4.id, { now: huitJoursPlusTard })).alertes.delaiMoe?.severite).toBe("warning");

    const deposant = await ecranPiece(s.deposant.acteur, a4.id);
    expect(deposant.possibles).toEqual([]);
    expect(deposant.suivante.possible).toBe(false);
    expect(deposant.alertes.delaiMoe).toBeNull();
    expect(await codeDe(ecranPiece(s.exterieur.acteur, a4.id))).toBe("INTROUVABLE");
  });

  it("une pièce suspendue montre le motif au déposant, qui peut la compléter ; refusée, il peut la refaire", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    await traiterPiece(s.moeUser.acteur, a4.id, "SUSPENSION", { motif: { texte: "Le métré du lot 2 manque" } });
    const suspendue = await ecranPiece(s.deposant.acteur, a4.id);
    expect(suspendue.motif).toEqual({
      severite: "warning",
      titre: "Pièce suspendue",
      motif: "Le métré du lot 2 manque",
      aCompleter: true,
      refaire: false,
      numeroLibere: false,
      recycler: false,
    });
    expect(suspendue.possibles).toEqual(["COMPLETION"]);
    expect(suspendue.fichiers).toBe("modifiables");

    const autre = await depotA4(s);
    await traiterPiece(s.moeUser.acteur, autre.id, "REFUS", { motif: { code: "MAUVAISE_MOA" } });
    const refusee = await ecranPiece(s.deposant.acteur, autre.id);
    expect(refusee.motif).toMatchObject({ severite: "error", titre: "Pièce refusée", aCompleter: false, refaire: true, numeroLibere: false });
    expect(refusee.suivante).toEqual({ possible: true, libelle: "Corriger et déposer à nouveau" });
  });

  it("un brouillon n'a ni action ni alerte", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    const e = await ecranPiece(s.deposant.acteur, id);
    expect(e).toMatchObject({ brouillon: true, possibles: [], motif: null, alertes: { delaiMoe: null, tacite: null, validationTitulaire: null } });
  });
});
