import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { creerBrouillon, enregistrerFacture, supprimerBrouillon } from "@/lib/invoices/brouillon";
import { certificatDepot, consulterDossier, consulterPiece, contexteDepot, mesBrouillons, rechercherPieces } from "@/lib/invoices/consultation";
import { piecesATraiter } from "@/lib/invoices/a-traiter";
import { actionsPossibles, traiterPiece } from "@/lib/invoices/transitions";
import { servicesDuMembre, visibleParSql } from "@/lib/invoices/acces";
import { acteurDeLUtilisateur } from "@/lib/auth/acteur-de";
import { envoyer } from "@/lib/invoices/envoi";
import { consulterPartie, rechercherPartie } from "@/lib/invoices/parties";
import { ajouterPieceJointe, lirePieceJointe, listerPiecesJointes } from "@/lib/invoices/pieces-jointes";
import { factureSchema, filtresSchema } from "@/lib/invoices/schemas";
import type { Acteur } from "@/lib/auth/acteur";
import { seedUser } from "@/prisma/seed/factories";
import { codeDe } from "../support/fixtures";
import { acteurDe, brouillonComplet, depotA4, pdfFacture, saisieFacture, scenario, type Scenario } from "./factures-fixtures";
import { brouillonService, depotService, mondeServices, type MondeServices } from "./services-fixtures";

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

/**
 * Users by service (Chorus Pro's model): a utilisateur simple limited to services sees the pieces its services deposited
 * or that are addressed to them, and acts only where it has « Modification ». Each cell: (user × piece of its service
 * or of another × its right) → what it sees, and what acting gives — the draft completed and sent on the depositor's
 * side, « Prendre en compte » on the MOA's side.
 */
describe("utilisateurs limités à des services : chaque case (service à lui ou non × consultation ou modification)", () => {
  let w: MondeServices;
  beforeAll(async () => {
    w = await mondeServices();
  }, 120_000);

  type Cote = "DEPOSANT" | "MOA";
  const CASES: [string, Cote, (w: MondeServices) => Acteur, (w: MondeServices) => [string, string], string, string][] = [
    // [who, side, actor, (depositing service, MOA service) of the piece, sees, acting]
    ["fournisseur limité × son service en Modification", "DEPOSANT", (w) => w.fEst.acteur, (w) => [w.est.id, w.immo.id], "OK", "OK"],
    ["fournisseur limité × son service en Consultation", "DEPOSANT", (w) => w.fEst.acteur, (w) => [w.ouest.id, w.immo.id], "OK", "NON_AUTORISE"],
    ["fournisseur limité × un autre service", "DEPOSANT", (w) => w.fEst.acteur, (w) => [w.nord.id, w.immo.id], "INTROUVABLE", "INTROUVABLE"],
    ["fournisseur sans limitation × tout service", "DEPOSANT", (w) => w.collegue.acteur, (w) => [w.nord.id, w.immo.id], "OK", "OK"],
    ["gestionnaire du fournisseur × tout service", "DEPOSANT", (w) => w.deposant.acteur, (w) => [w.nord.id, w.immo.id], "OK", "OK"],
    ["MOA limitée × son service en Modification", "MOA", (w) => w.mImmo.acteur, (w) => [w.est.id, w.immo.id], "OK", "OK"],
    ["MOA limitée × son service en Consultation", "MOA", (w) => w.mImmoConsult.acteur, (w) => [w.est.id, w.immo.id], "OK", "NON_AUTORISE"],
    ["MOA limitée × un autre service", "MOA", (w) => w.mVoirie.acteur, (w) => [w.est.id, w.immo.id], "INTROUVABLE", "INTROUVABLE"],
    ["MOA sans limitation × tout service", "MOA", (w) => w.moaUser.acteur, (w) => [w.est.id, w.voirie.id], "OK", "OK"],
    ["gestionnaire de la MOA × tout service", "MOA", (w) => w.moaG, (w) => [w.est.id, w.voirie.id], "OK", "OK"],
  ];

  /**
   * Each case twice: the actor as the fixtures make it (the domain reads his limitation from the database at each
   * check), and as a request reads it (`acteurDeLUtilisateur`: the limitation read once with him, the clauses then plain).
   */
  async function commeUneRequete(a: Acteur): Promise<Acteur> {
    await db.user.update({ where: { id: a.userId }, data: { currentStructureId: a.structure!.id } });
    const lu = await acteurDeLUtilisateur(a.userId, { ip: "127.0.0.1" });
    expect(lu?.structure?.id).toBe(a.structure!.id);
    expect(lu?.structure?.limitation).toEqual(await servicesDuMembre(db, a.userId, a.structure!.id));
    return lu!;
  }
  const CASES_DEUX_FOIS = CASES.flatMap(([nom, ...reste]) => [
    [nom, ...reste, false] as const,
    [`${nom} (acteur lu avec la requête)`, ...reste, true] as const,
  ]);

  it.each(CASES_DEUX_FOIS)("%s", async (_, cote, qui, services, voit, agit, requete) => {
    const a = requete ? await commeUneRequete(qui(w)) : qui(w);
    const [deposant, moa] = services(w);
    if (cote === "DEPOSANT") {
      // A draft of that depositing service, prepared by the structure's gestionnaire.
      const { id } = await brouillonService(w, w.deposant.acteur, deposant, moa);
      expect(await codeDe(consulterPiece(a, id))).toBe(voit);
      expect((await ids(a, "SYNTHESE")).includes(id)).toBe(voit === "OK");
      expect((await mesBrouillons(a)).some((b) => b.id === id)).toBe(voit === "OK");
      const refus = await codeDe(enregistrerFacture(a, id, factureSchema.parse(saisieFacture())));
      expect(refus).toBe(agit);
      expect(await codeDe(ajouterPieceJointe(a, id, { nom: "annexe.csv", contenu: Buffer.from("a;b\n"), nature: "COMPLEMENTAIRE" }))).toBe(agit);
      expect(await codeDe(envoyer(a, id))).toBe(agit);
      expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id } })).statut).toBe(agit === "OK" ? "MISE_A_DISPOSITION_MOA" : "BROUILLON");
      if (agit === "NON_AUTORISE") {
        // The message names the service, and says how to get the right.
        const e = await enregistrerFacture(a, id, factureSchema.parse(saisieFacture())).catch((x) => x);
        expect(e.message).toContain("« Agence Ouest » (OUEST)");
        expect(e.message).toContain("« Modification »");
        expect(await codeDe(supprimerBrouillon(a, id))).toBe("NON_AUTORISE");
      }
    } else {
      // A piece of that MOA service, put at the MOA's disposal.
      const { id } = await depotService(w, w.deposant.acteur, deposant, moa);
      expect(await codeDe(consulterPiece(a, id))).toBe(voit);
      expect((await ids(a, "RECHERCHE")).includes(id)).toBe(voit === "OK");
      expect((await piecesATraiter(a)).pieces.some((p) => p.id === id)).toBe(voit === "OK");
      if (voit === "OK") expect((await actionsPossibles(a, { ...(await consulterPiece(a, id)), id })).includes("PRISE_EN_COMPTE")).toBe(agit === "OK");
      expect(await codeDe(traiterPiece(a, id, "PRISE_EN_COMPTE"))).toBe(agit);
      expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id } })).statut).toBe(agit === "OK" ? "PRISE_EN_COMPTE_MOA" : "MISE_A_DISPOSITION_MOA");
    }
  });

  it("déposer : un utilisateur limité choisit l'un de ses services en « Modification », et « Déposer » ne lui propose qu'eux", async () => {
    expect(await codeDe(creerBrouillon(w.fEst.acteur, { cadre: "A5_ETAT_ACOMPTE_FOURNISSEUR", serviceDeposantId: w.est.id }))).toBe("OK");
    expect(await codeDe(creerBrouillon(w.fEst.acteur, { cadre: "A5_ETAT_ACOMPTE_FOURNISSEUR", serviceDeposantId: w.ouest.id }))).toBe("NON_AUTORISE");
    expect(await codeDe(creerBrouillon(w.fEst.acteur, { cadre: "A5_ETAT_ACOMPTE_FOURNISSEUR", serviceDeposantId: w.nord.id }))).toBe("SAISIE_INVALIDE");
    expect((await contexteDepot(w.fEst.acteur)).services.map((s) => s.code)).toEqual(["EST"]);
    expect((await contexteDepot(w.collegue.acteur)).services.map((s) => s.code)).toEqual(["EST", "NORD", "OUEST"]);
  });

  it("la recherche d'un utilisateur limité ne tient que les pièces de ses services, la clause SQL (tableau de bord) aussi", async () => {
    const pieces = [w.estImmo.id, w.ouestVoirie.id, w.nordVoirie.id];
    // Each piece looked for by its number (the cases above add pieces: the first page of « tout » is no longer enough).
    const numeros = await db.pieceTravaux.findMany({ where: { id: { in: pieces } }, select: { id: true, numero: true } });
    const vues = async (a: Acteur) => {
      const trouvees: string[] = [];
      for (const p of numeros) {
        const r = await rechercherPieces(a, filtresSchema.parse({ numero: p.numero }), "RECHERCHE");
        if (r.pieces.some((x) => x.id === p.id)) trouvees.push(p.id);
      }
      return trouvees.sort();
    };
    const sql = async (a: Acteur) =>
      (
        await db.$queryRaw<
          { id: string }[]
        >`SELECT p.id::text FROM "PieceTravaux" p WHERE p.id = ANY(${pieces}::uuid[]) AND ${visibleParSql(a.structure!.id, a.userId)}`
      )
        .map((r) => r.id)
        .sort();
    const attendu: [Acteur, string[]][] = [
      [w.fEst.acteur, [w.estImmo.id, w.ouestVoirie.id]],
      [w.fNord.acteur, [w.nordVoirie.id]],
      [w.collegue.acteur, pieces],
      [w.mImmo.acteur, [w.estImmo.id]],
      [w.mVoirie.acteur, [w.ouestVoirie.id, w.nordVoirie.id]],
      [w.moaUser.acteur, pieces],
      [w.moeUser.acteur, []],
    ];
    for (const [a, ids] of attendu) {
      expect(await vues(a)).toEqual([...ids].sort());
      expect(await sql(a)).toEqual([...ids].sort());
    }
  });
});
