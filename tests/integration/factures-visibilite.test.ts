import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { enregistrerFacture, supprimerBrouillon } from "@/lib/invoices/brouillon";
import { certificatDepot, consulterDossier, consulterPiece, mesBrouillons, rechercherPieces } from "@/lib/invoices/consultation";
import { envoyer } from "@/lib/invoices/envoi";
import { consulterPartie, rechercherPartie } from "@/lib/invoices/parties";
import { ajouterPieceJointe, lirePieceJointe, listerPiecesJointes } from "@/lib/invoices/pieces-jointes";
import { factureSchema, filtresSchema } from "@/lib/invoices/schemas";
import type { Acteur } from "@/lib/auth/acteur";
import { seedUser } from "@/prisma/seed/factories";
import { codeDe } from "../support/fixtures";
import { acteurDe, brouillonComplet, depotA4, pdfFacture, saisieFacture, scenario, type Scenario } from "./factures-fixtures";

const tout = filtresSchema.parse({});
const ids = async (a: Acteur, perimetre: "SYNTHESE" | "RECHERCHE") => (await rechercherPieces(a, tout, perimetre)).pieces.map((p) => p.id);

/** What each actor can do with a piece: see it, list it, read its files. */
async function vue(a: Acteur, id: string) {
  return {
    consulter: await codeDe(consulterPiece(a, id)),
    fichiers: await codeDe(listerPiecesJointes(a, id)),
    recherche: (await ids(a, "RECHERCHE")).includes(id),
  };
}

describe("un brouillon n'est vu que de la structure qui le dépose", () => {
  it.each([
    ["le déposant", (s: Scenario) => s.deposant.acteur, true],
    ["un autre utilisateur de la même structure", (s: Scenario) => s.collegue.acteur, true],
    ["la MOE désignée", (s: Scenario) => s.moeUser.acteur, false],
    ["la MOA désignée", (s: Scenario) => s.moaUser.acteur, false],
    ["une structure extérieure", (s: Scenario) => s.exterieur.acteur, false],
  ])("%s", async (_, qui, voit) => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    await ajouterPieceJointe(s.deposant.acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(), nature: "FACTURE" });
    const a = qui(s);
    expect(await vue(a, id)).toEqual(
      voit ? { consulter: "OK", fichiers: "OK", recherche: true } : { consulter: "INTROUVABLE", fichiers: "INTROUVABLE", recherche: false },
    );
    expect((await mesBrouillons(a)).some((b) => b.id === id)).toBe(voit);
    expect(await codeDe(lirePieceJointe(a, id, "FACTURE"))).toBe(voit ? "OK" : "INTROUVABLE");
    if (!voit) {
      // Nor can they change it, send it or delete it: for them it does not exist.
      expect(await codeDe(enregistrerFacture(a, id, factureSchema.parse(saisieFacture())))).toBe("INTROUVABLE");
      expect(await codeDe(envoyer(a, id))).toBe("INTROUVABLE");
      expect(await codeDe(supprimerBrouillon(a, id))).toBe("INTROUVABLE");
      expect(await codeDe(ajouterPieceJointe(a, id, { nom: "x.pdf", contenu: await pdfFacture(), nature: "COMPLEMENTAIRE" }))).toBe("INTROUVABLE");
    }
  });

  it("un autre utilisateur de la structure peut reprendre et envoyer le brouillon", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    await ajouterPieceJointe(s.collegue.acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(), nature: "FACTURE" });
    expect((await envoyer(s.collegue.acteur, id)).statut).toBe("MISE_A_DISPOSITION_MOE");
  });

  it("un utilisateur dont le rattachement est en attente ne voit rien", async () => {
    const s = await scenario();
    const { id } = await brouillonComplet(s);
    const u = await seedUser({ structureId: s.fournisseur.id, membershipStatus: "EN_COURS_DE_VALIDATION" });
    const enAttente: Acteur = {
      ...acteurDe(u, s.fournisseur, "UTILISATEUR_SIMPLE"),
      structure: { ...acteurDe(u, s.fournisseur).structure!, status: "EN_COURS_DE_VALIDATION" },
    };
    expect(await codeDe(consulterPiece(enAttente, id))).toBe("STRUCTURE_NON_VALIDEE");
    // Nor the directory of the wizard's parties step.
    expect(await codeDe(consulterPartie(enAttente, s.moa.identifier))).toBe("STRUCTURE_NON_VALIDEE");
    expect(await codeDe(rechercherPartie(enAttente, { q: s.moa.raisonSociale }))).toBe("STRUCTURE_NON_VALIDEE");
    expect(await codeDe(consulterPartie({ ...enAttente, structure: null }, s.moa.identifier))).toBe("NON_AUTORISE");
    // A validated user finds the MOA by its SIRET, and gets a French message for a SIRET that is not one.
    expect((await consulterPartie(s.deposant.acteur, s.moa.identifier))?.raisonSociale).toBe(s.moa.raisonSociale);
    expect(await codeDe(consulterPartie(s.deposant.acteur, "123"))).toBe("SAISIE_INVALIDE");
  });
});

describe("une pièce envoyée est vue des structures qui y figurent, et de personne d'autre", () => {
  it.each([
    ["le déposant", (s: Scenario) => s.deposant.acteur, true],
    ["un autre utilisateur de la même structure", (s: Scenario) => s.collegue.acteur, true],
    ["la MOE", (s: Scenario) => s.moeUser.acteur, true],
    ["la MOA", (s: Scenario) => s.moaUser.acteur, true],
    ["une structure extérieure", (s: Scenario) => s.exterieur.acteur, false],
  ])("%s", async (_, qui, voit) => {
    const s = await scenario();
    const { id, envoi } = await depotA4(s);
    const a = qui(s);
    expect(await vue(a, id)).toEqual(
      voit ? { consulter: "OK", fichiers: "OK", recherche: true } : { consulter: "INTROUVABLE", fichiers: "INTROUVABLE", recherche: false },
    );
    expect(await codeDe(lirePieceJointe(a, id, "FACTURE"))).toBe(voit ? "OK" : "INTROUVABLE");
    expect(await codeDe(certificatDepot(a, id))).toBe(voit ? "OK" : "INTROUVABLE");
    expect(await codeDe(consulterDossier(a, envoi.dossierId))).toBe(voit ? "OK" : "INTROUVABLE");
  });

  it("« Synthèse » ne liste que les pièces déposées par la structure ; la recherche donne le rôle de chacun", async () => {
    const s = await scenario();
    const { id } = await depotA4(s);
    expect(await ids(s.deposant.acteur, "SYNTHESE")).toContain(id);
    expect(await ids(s.moeUser.acteur, "SYNTHESE")).not.toContain(id);
    const pourMoe = (await rechercherPieces(s.moeUser.acteur, tout, "RECHERCHE")).pieces.find((p) => p.id === id);
    expect(pourMoe?.roles).toEqual(["MOE"]);
    const pourMoa = (await rechercherPieces(s.moaUser.acteur, tout, "RECHERCHE")).pieces.find((p) => p.id === id);
    expect(pourMoa?.roles).toEqual(["MOA"]);
  });

  it("filtre la synthèse par statut, cadre, numéro et date", async () => {
    const s = await scenario();
    const envoyee = await depotA4(s);
    const brouillon = await brouillonComplet(s, { facture: { dateFacture: "2025-06-30" } });
    const f = (o: Record<string, string>) => rechercherPieces(s.deposant.acteur, filtresSchema.parse(o), "SYNTHESE").then((r) => r.pieces.map((p) => p.id));
    expect(await f({ statut: "BROUILLON" })).toEqual([brouillon.id]);
    expect(await f({ statut: "MISE_A_DISPOSITION_MOE" })).toEqual([envoyee.id]);
    expect(await f({ numero: envoyee.numero.slice(-5).toLowerCase() })).toEqual([envoyee.id]);
    expect(await f({ du: "2026-01-01", au: "2026-12-31" })).toEqual([envoyee.id]);
    expect(await f({ cadre: "A5_ETAT_ACOMPTE_FOURNISSEUR" })).toEqual([]);
  });

  it("une pièce envoyée ne figure pas chez une MOE qui n'y est pas nommée", async () => {
    const s = await scenario();
    const { id } = await depotA4(s);
    const autreMoe = await scenario();
    expect(await ids(autreMoe.moeUser.acteur, "RECHERCHE")).not.toContain(id);
    expect(await db.pieceTravaux.count({ where: { id, moeId: s.moe.id } })).toBe(1);
  });
});
