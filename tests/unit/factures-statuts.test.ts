import { describe, expect, it } from "vitest";
import type { StatutPieceTravaux } from "@/lib/generated/prisma/enums";
import { StatutPieceTravaux as ENUM_STATUTS, CadreFacturation as ENUM_CADRES } from "@/lib/generated/prisma/enums";
import { CADRES, cadresAutorises, destinataireDe, rolesAutorises } from "@/lib/invoices/cadres";
import { delaiPaiementJours, echeancePaiement } from "@/lib/invoices/delais";
import { LISTE_STATUTS, STATUTS, TRANSITIONS, transition, verifierTransition, type ActeurTransition } from "@/lib/invoices/statuts";

const ACTEURS: ActeurTransition[] = ["DEPOSANT", "TITULAIRE", "MOE", "MOA", "PAYEUR", "SYSTEME"];

/** The expected table, written out independently of lib/invoices/statuts.ts: « de → vers par qui ». */
const PERMISES = new Set([
  "∅ → BROUILLON par DEPOSANT",
  "BROUILLON → DEPOSEE par DEPOSANT",
  "DEPOSEE → MISE_A_DISPOSITION_MOE par SYSTEME",
  "DEPOSEE → MISE_A_DISPOSITION_MOA par SYSTEME",
  "DEPOSEE → MISE_A_DISPOSITION par SYSTEME",
  "DEPOSEE → A_VALIDER_1 par SYSTEME",
  // Traitement par la MOE (encore possible après le délai de 7 jours).
  "MISE_A_DISPOSITION_MOE → PRISE_EN_COMPTE_MOE par MOE",
  "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE → PRISE_EN_COMPTE_MOE par MOE",
  "MISE_A_DISPOSITION_MOE → REFUSEE_MOE par MOE",
  "PRISE_EN_COMPTE_MOE → REFUSEE_MOE par MOE",
  "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE → REFUSEE_MOE par MOE",
  "MISE_A_DISPOSITION_MOE → SUSPENDUE par MOE",
  "PRISE_EN_COMPTE_MOE → SUSPENDUE par MOE",
  "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE → SUSPENDUE par MOE",
  // Le portail : délai de 7 jours dépassé ; pièce transmise à la MOA par la pièce suivante de la MOE.
  "MISE_A_DISPOSITION_MOE → ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE par SYSTEME",
  "MISE_A_DISPOSITION_MOE → TRANSMISE_MOA par SYSTEME",
  "PRISE_EN_COMPTE_MOE → TRANSMISE_MOA par SYSTEME",
  "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE → TRANSMISE_MOA par SYSTEME",
  // Traitement par la MOA.
  "MISE_A_DISPOSITION_MOA → PRISE_EN_COMPTE_MOA par MOA",
  "MISE_A_DISPOSITION_MOA → REFUSEE_MOA par MOA",
  "PRISE_EN_COMPTE_MOA → REFUSEE_MOA par MOA",
  "MISE_A_DISPOSITION_MOA → SUSPENDUE par MOA",
  "PRISE_EN_COMPTE_MOA → SUSPENDUE par MOA",
  // Le déposant complète une pièce suspendue : elle retourne à qui l'a suspendue.
  "SUSPENDUE → MISE_A_DISPOSITION_MOE par DEPOSANT",
  "SUSPENDUE → MISE_A_DISPOSITION_MOA par DEPOSANT",
  // A10 : le titulaire valide la demande du sous-traitant (vers la MOE) ou la refuse.
  "A_VALIDER_1 → MISE_A_DISPOSITION_MOE par TITULAIRE",
  "A_VALIDER_1 → REFUSEE_1 par TITULAIRE",
  // Procédure tacite : l'A22 du titulaire remplace la pièce du dossier restée en attente chez la MOE ou la MOA.
  "MISE_A_DISPOSITION_MOE → REMPLACEE_PAR_A22 par SYSTEME",
  "PRISE_EN_COMPTE_MOE → REMPLACEE_PAR_A22 par SYSTEME",
  "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE → REMPLACEE_PAR_A22 par SYSTEME",
  "MISE_A_DISPOSITION_MOA → REMPLACEE_PAR_A22 par SYSTEME",
  "PRISE_EN_COMPTE_MOA → REMPLACEE_PAR_A22 par SYSTEME",
  // Le service financier (« Factures reçues ») : mandatement puis mise en paiement, suspension, rejet, recyclage ;
  // la pièce qu'il a suspendue lui revient complétée.
  "MISE_A_DISPOSITION → MANDATEE par PAYEUR",
  "MANDATEE → MISE_EN_PAIEMENT par PAYEUR",
  "MISE_A_DISPOSITION → SUSPENDUE par PAYEUR",
  "MISE_A_DISPOSITION → REJETEE par PAYEUR",
  "MISE_A_DISPOSITION → A_RECYCLER par PAYEUR",
  "SUSPENDUE → MISE_A_DISPOSITION par DEPOSANT",
  // Recyclage : le destinataire (MOE, MOA) renvoie une pièce mal acheminée ; le déposant la renvoie corrigée.
  "MISE_A_DISPOSITION_MOE → A_RECYCLER par MOE",
  "PRISE_EN_COMPTE_MOE → A_RECYCLER par MOE",
  "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE → A_RECYCLER par MOE",
  "MISE_A_DISPOSITION_MOA → A_RECYCLER par MOA",
  "PRISE_EN_COMPTE_MOA → A_RECYCLER par MOA",
  "A_RECYCLER → MISE_A_DISPOSITION_MOE par DEPOSANT",
  "A_RECYCLER → MISE_A_DISPOSITION_MOA par DEPOSANT",
  "A_RECYCLER → MISE_A_DISPOSITION par DEPOSANT",
  "A_RECYCLER → A_VALIDER_1 par DEPOSANT",
  // « Demander le recyclage de la pièce précédente » : la MOE retire sa pièce et renvoie celle qu'elle avait transmise.
  "TRANSMISE_MOA → A_RECYCLER par MOE",
  "MISE_A_DISPOSITION_MOA → ABANDONNEE par MOE",
  // La pièce suivante de la MOA ; la signature du décompte général par le titulaire (son A8).
  "PRISE_EN_COMPTE_MOA → ASSOCIEE par SYSTEME",
  "A_VALIDER_1 → VALIDEE_1 par SYSTEME",
  // Un refus qui a libéré le numéro : la nouvelle pièce le reprend.
  "REFUSEE_MOE → DUPLIQUE_APRES_REFUS par SYSTEME",
  "REFUSEE_MOA → DUPLIQUE_APRES_REFUS par SYSTEME",
  "REFUSEE_1 → DUPLIQUE_APRES_REFUS par SYSTEME",
  "REJETEE → DUPLIQUE_APRES_REFUS par SYSTEME",
]);

describe("statuts et transitions des pièces de travaux", () => {
  it("reprend tous les statuts de Chorus Pro du schéma, chacun avec son libellé", () => {
    expect(LISTE_STATUTS.sort()).toEqual(Object.values(ENUM_STATUTS).sort());
    for (const s of LISTE_STATUTS) expect(STATUTS[s].libelle).toBeTruthy();
  });

  const cellules = [null, ...LISTE_STATUTS].flatMap((de) => LISTE_STATUTS.flatMap((vers) => ACTEURS.map((par) => [de, vers, par] as const)));
  it(`vérifie chacune des ${cellules.length} cellules (statut de départ × d'arrivée × acteur)`, () => {
    for (const [de, vers, par] of cellules) {
      const cle = `${de ?? "∅"} → ${vers} par ${par}`;
      const permise = PERMISES.has(cle);
      expect(!!transition(de as StatutPieceTravaux | null, vers, par), cle).toBe(permise);
      if (permise) expect(verifierTransition(de as StatutPieceTravaux | null, vers, par).vers).toBe(vers);
      else expect(() => verifierTransition(de as StatutPieceTravaux | null, vers, par), cle).toThrow(/Transition interdite/);
    }
    expect(TRANSITIONS).toHaveLength(PERMISES.size);
  });

  it("un refus (motif de la liste, ou texte libre du titulaire), une suspension, un rejet et une mise à recycler exigent leur motif ; rien d'autre n'en demande", () => {
    for (const t of TRANSITIONS) {
      const attendu =
        t.vers === "REFUSEE_MOE" || t.vers === "REFUSEE_MOA"
          ? "REFUS"
          : t.vers === "REFUSEE_1"
            ? "REFUS_TITULAIRE"
            : t.vers === "SUSPENDUE"
              ? "SUSPENSION"
              : t.vers === "REJETEE"
                ? "REJET"
                : t.vers === "A_RECYCLER"
                  ? "RECYCLAGE"
                  : undefined;
      expect(t.motif, `${t.de} → ${t.vers}`).toBe(attendu);
    }
  });

  it("chaque cadre envoie la pièce dans un statut que la table permet d'atteindre depuis DEPOSEE", () => {
    for (const c of CADRES) {
      expect(transition("DEPOSEE", c.destinataire.statut, "SYSTEME"), c.code).toBeDefined();
      for (const d of Object.values(c.destinataireApres ?? {})) expect(transition("DEPOSEE", d.statut, "SYSTEME"), c.code).toBeDefined();
    }
  });
});

describe("cadres de facturation selon le rôle du déposant", () => {
  const codes = (p: { isPublicBuyer: boolean; worksSpaceOpen: boolean }) => cadresAutorises(p).map((c) => c.court);

  it("couvre les cadres du guide, chacun avec son explication", () => {
    expect(CADRES.map((c) => c.code).sort()).toEqual(Object.values(ENUM_CADRES).sort());
    for (const c of CADRES) expect(c.explication.length).toBeGreaterThan(10);
  });

  it("fournisseur, sous-traitant, cotraitant : A4 A5 A6 A7 A8, A10, A13 A14 (A22 et A23 seulement depuis une pièce en attente)", () => {
    expect(rolesAutorises({ isPublicBuyer: false, worksSpaceOpen: false })).toEqual(["FOURNISSEUR", "SOUS_TRAITANT", "COTRAITANT"]);
    expect(codes({ isPublicBuyer: false, worksSpaceOpen: false })).toEqual(["A4", "A5", "A6", "A7", "A8", "A10", "A13", "A14"]);
  });

  it("maîtrise d'œuvre (espace « Factures de travaux » ouvert) : A15 A17 ; maîtrise d'ouvrage publique : rien de nu, ses A19 et A20 suivent une pièce", () => {
    expect(codes({ isPublicBuyer: false, worksSpaceOpen: true })).toEqual(["A15", "A17"]);
    expect(rolesAutorises({ isPublicBuyer: true, worksSpaceOpen: true })).toEqual(["MOA"]);
    expect(codes({ isPublicBuyer: true, worksSpaceOpen: true })).toEqual([]);
    const suites = CADRES.filter((c) => c.seulementSuite).map((c) => c.court);
    expect(suites.sort()).toEqual(["A16", "A18", "A19", "A20", "A22", "A23"].sort());
  });

  it("chaque cadre dit à qui la pièce est mise à disposition", () => {
    const dest = Object.fromEntries(CADRES.map((c) => [c.court, c.destinataire.statut]));
    expect(dest).toMatchObject({
      A4: "MISE_A_DISPOSITION_MOE",
      A5: "MISE_A_DISPOSITION_MOA",
      A6: "MISE_A_DISPOSITION",
      A10: "A_VALIDER_1",
      A15: "MISE_A_DISPOSITION_MOA",
      A16: "MISE_A_DISPOSITION",
      A18: "A_VALIDER_1",
      A19: "MISE_A_DISPOSITION",
      A20: "A_VALIDER_1",
    });
    expect(destinataireDe("A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR").statut).toBe("MISE_A_DISPOSITION_MOA");
    expect(destinataireDe("A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR", "A20_DECOMPTE_GENERAL_MOA").statut).toBe("MISE_A_DISPOSITION");
    expect(destinataireDe("A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR", "A18_DECOMPTE_GENERAL_MOE").statut).toBe("MISE_A_DISPOSITION");
  });
});

describe("délai de paiement légal du service financier", () => {
  it("30 jours par défaut (État, collectivités), 50 pour un établissement public de santé, 60 pour une entreprise publique", () => {
    expect(delaiPaiementJours("7210")).toBe(30);
    expect(delaiPaiementJours("7120")).toBe(30);
    expect(delaiPaiementJours(null)).toBe(30);
    expect(delaiPaiementJours("7364")).toBe(50);
    expect(delaiPaiementJours("7365")).toBe(50);
    expect(delaiPaiementJours("4110")).toBe(60);
    expect(echeancePaiement(new Date("2026-03-01T10:00:00Z"), "7364").toISOString()).toBe("2026-04-20T10:00:00.000Z");
  });
});
