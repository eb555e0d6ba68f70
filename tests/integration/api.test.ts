// The REST API (/api/v1, lib/api/): technical accounts, bearer secrets and tokens, scopes, idempotency keys, and a
// dossier played through it — each step checked against the database. The route handlers run as `next start` runs
// them (a Request in, a Response out), on the real database.
import { createHash } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { creerCompteTechnique, revoquerCompteTechnique, renouvelerSecret } from "@/lib/api/comptes-techniques";
import { traiterRequeteApi } from "@/lib/api/dispatch";
import { OPERATIONS } from "@/lib/api/operations";
import { db } from "@/lib/db";
import { lireFactureElectronique } from "@/lib/facturx/lecture";
import { remplacerBudgets } from "@/lib/securite/limites";
import { depotA4, pdfFacture, numeroUnique, scenario, type Scenario } from "./factures-fixtures";

const BASE = "http://localhost/api/v1";

type Appel = { jeton?: string; corps?: unknown; brut?: Uint8Array; formulaire?: Record<string, string>; cle?: string };

async function appel(methode: string, chemin: string, o: Appel = {}) {
  const headers = new Headers({ "x-forwarded-for": `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
  if (o.jeton) headers.set("authorization", `Bearer ${o.jeton}`);
  if (o.cle) headers.set("idempotency-key", o.cle);
  let body: BodyInit | undefined;
  if (o.corps !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(o.corps);
  } else if (o.formulaire) {
    headers.set("content-type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(o.formulaire).toString();
  } else if (o.brut) {
    headers.set("content-type", "application/pdf");
    body = o.brut as Uint8Array<ArrayBuffer>;
  }
  const reponse = await traiterRequeteApi(new Request(`${BASE}${chemin}`, { method: methode, headers, body }));
  const type = reponse.headers.get("content-type") ?? "";
  const json = type.includes("json") ? await reponse.json() : null;
  return { statut: reponse.status, json, reponse };
}

let s: Scenario;
let secretFournisseur: string;
let compteFournisseur: string;
let secretMoe: string;
let secretAutre: string;

beforeAll(async () => {
  s = await scenario();
  ({ id: compteFournisseur, secret: secretFournisseur } = await creerCompteTechnique(s.deposant.acteur, s.fournisseur.id, {
    nom: "ERP chantier",
    portees: ["DEPOT", "LECTURE"],
  }));
  ({ secret: secretMoe } = await creerCompteTechnique(s.moeUser.acteur, s.moe.id, { nom: "Logiciel MOE", portees: ["TRAITEMENT", "LECTURE", "DEPOT"] }));
  ({ secret: secretAutre } = await creerCompteTechnique(s.exterieur.acteur, s.autre.id, { nom: "Curieux", portees: ["LECTURE"] }));
});

function brouillon(numero: string) {
  return {
    cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR",
    parties: {
      moeSiret: s.moe.identifier,
      moaSiret: s.moa.identifier,
      serviceMoaId: s.serviceMoa.id,
      compteBancaireId: s.compteFournisseur.id,
      numeroMarche: "M-2026-42",
    },
    facture: {
      numero,
      dateFacture: "2026-01-15",
      devise: "EUR",
      typeTva: "TVA_SUR_DEBIT",
      montantHt: "10000.00",
      montantTva: "2000.00",
      montantTtc: "12000.00",
      lignesTva: [{ taux: "20", baseHt: "10000.00", montantTva: "2000.00" }],
    },
  };
}

describe("comptes techniques", () => {
  it("ne sont créés que par un gestionnaire de la structure, journalisés, le secret n'étant gardé que haché", async () => {
    await expect(creerCompteTechnique(s.collegue.acteur, s.fournisseur.id, { nom: "X", portees: ["LECTURE"] })).rejects.toMatchObject({ code: "NON_AUTORISE" });
    await expect(creerCompteTechnique(s.moeUser.acteur, s.fournisseur.id, { nom: "X", portees: ["LECTURE"] })).rejects.toMatchObject({ code: "NON_AUTORISE" });
    await expect(creerCompteTechnique(s.deposant.acteur, s.fournisseur.id, { nom: " ", portees: [] })).rejects.toMatchObject({
      code: "SAISIE_INVALIDE",
      fieldErrors: { nom: "Le nom du compte technique est obligatoire.", portees: "Choisissez au moins une portée." },
    });
    const compte = await db.compteTechnique.findUniqueOrThrow({ where: { id: compteFournisseur }, include: { user: { include: { memberships: true } } } });
    expect(compte.secretHash).not.toContain(secretFournisseur.slice(-20));
    expect(compte.secretFin).toBe(secretFournisseur.slice(-4));
    expect(compte.user.technique).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { id: compte.userId }, omit: { passwordHash: false } });
    expect(user.passwordHash).toBeNull();
    expect(compte.user.memberships).toMatchObject([{ structureId: s.fournisseur.id, status: "VALIDEE", role: "UTILISATEUR_SIMPLE" }]);
    const journal = await db.journalAudit.findFirst({ where: { action: "COMPTE_TECHNIQUE_CREE", cibleId: compteFournisseur } });
    expect(journal?.acteurUserId).toBe(s.deposant.user.id);
  });
});

describe("authentification", () => {
  it("refuse une requête sans jeton ou avec un jeton inconnu, en français", async () => {
    const sans = await appel("GET", "/pieces");
    expect(sans.statut).toBe(401);
    expect(sans.json).toMatchObject({ code: "API_JETON_MANQUANT", message: expect.stringContaining("Authorization: Bearer") });
    const faux = await appel("GET", "/pieces", { jeton: `${secretFournisseur.slice(0, -4)}AAAA` });
    expect(faux.statut).toBe(401);
    expect(faux.json.code).toBe("API_JETON_INVALIDE");
  });

  it("échange le secret contre un jeton d'une heure (client credentials) qui ouvre l'API", async () => {
    const mauvais = await appel("POST", "/jetons", {
      formulaire: { grant_type: "client_credentials", client_id: compteFournisseur, client_secret: secretMoe },
    });
    expect(mauvais.statut).toBe(401);
    const r = await appel("POST", "/jetons", {
      formulaire: { grant_type: "client_credentials", client_id: compteFournisseur, client_secret: secretFournisseur },
    });
    expect(r.statut).toBe(200);
    expect(r.json).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "DEPOT LECTURE" });
    const cadres = await appel("GET", "/referentiels/cadres", { jeton: r.json.access_token });
    expect(cadres.statut).toBe(200);
    expect(cadres.json.map((c: { court: string }) => c.court)).toContain("A4");
  });

  it("refuse une opération hors des portées du compte", async () => {
    const r = await appel("POST", `/pieces/${crypto.randomUUID()}/traitements`, { jeton: secretFournisseur, corps: { action: "PRISE_EN_COMPTE" } });
    expect(r.statut).toBe(403);
    expect(r.json.code).toBe("API_PORTEE_INSUFFISANTE");
  });

  it("répond 404 en français à une opération inconnue", async () => {
    const r = await appel("GET", "/factures", { jeton: secretFournisseur });
    expect(r.statut).toBe(404);
    expect(r.json.code).toBe("API_OPERATION_INCONNUE");
  });
});

describe("un dossier joué par l'API", () => {
  it("dépose (idempotent), recherche, suspend, consulte l'historique ; personne d'autre ne voit la pièce", async () => {
    const numero = numeroUnique();
    const cle = crypto.randomUUID();
    const cree = await appel("POST", "/pieces", { jeton: secretFournisseur, corps: brouillon(numero), cle });
    expect(cree.statut).toBe(201);
    const id = cree.json.id as string;
    // The same request again with the same key: the first answer, and still one piece.
    const rejouee = await appel("POST", "/pieces", { jeton: secretFournisseur, corps: brouillon(numero), cle });
    expect(rejouee.statut).toBe(201);
    expect(rejouee.json.id).toBe(id);
    expect(rejouee.reponse.headers.get("idempotency-replayed")).toBe("true");
    expect(await db.pieceTravaux.count({ where: { numero } })).toBe(1);
    // The same key for another body: refused.
    const autre = await appel("POST", "/pieces", { jeton: secretFournisseur, corps: brouillon(numeroUnique()), cle });
    expect(autre.statut).toBe(422);
    expect(autre.json.code).toBe("API_IDEMPOTENCE_CONFLIT");

    const piece = await db.pieceTravaux.findUniqueOrThrow({ where: { id } });
    expect(piece).toMatchObject({ statut: "BROUILLON", moeId: s.moe.id, moaId: s.moa.id, montantTtc: 1_200_000n, numeroMarche: "M-2026-42" });

    const fichier = await appel("POST", `/pieces/${id}/fichiers?nom=facture.pdf&nature=FACTURE`, {
      jeton: secretFournisseur,
      brut: await pdfFacture(numero),
      cle: crypto.randomUUID(),
    });
    expect(fichier.statut).toBe(201);
    expect(fichier.json).toMatchObject({ nom: "facture.pdf", nature: "FACTURE" });

    const envoi = await appel("POST", `/pieces/${id}/soumettre`, { jeton: secretFournisseur, cle: crypto.randomUUID() });
    expect(envoi.statut).toBe(200);
    expect(envoi.json.numeroDepot).toMatch(/\d/);
    expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id } })).statut).toBe(envoi.json.statut);

    // The MOE's software finds it and suspends it.
    const trouvees = await appel("GET", `/pieces?numero=${encodeURIComponent(numero)}`, { jeton: secretMoe });
    expect(trouvees.statut).toBe(200);
    expect(trouvees.json.total).toBe(1);
    expect(trouvees.json.pieces[0]).toMatchObject({ id, numero, montantTtc: "12000.00" });
    const suspendue = await appel("POST", `/pieces/${id}/traitements`, {
      jeton: secretMoe,
      corps: { action: "SUSPENSION", commentaire: "Joindre le métré du lot 2." },
      cle: crypto.randomUUID(),
    });
    expect(suspendue.statut).toBe(200);
    expect(suspendue.json.statut).toBe("SUSPENDUE");
    expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id } })).statut).toBe("SUSPENDUE");

    // The supplier's software reads the history: the suspension, by the MOE's technical account.
    const detail = await appel("GET", `/pieces/${id}`, { jeton: secretFournisseur });
    expect(detail.statut).toBe(200);
    expect(detail.json).toMatchObject({ id, statut: "SUSPENDUE", montantTtc: "12000.00", roles: ["DEPOSANT"] });
    const suspension = detail.json.historique.find((h: { statutApres: string }) => h.statutApres === "SUSPENDUE");
    expect(suspension).toMatchObject({ acteur: "Compte technique « Logiciel MOE »", motif: expect.stringContaining("Joindre le métré du lot 2.") });
    // A technical account is never mailed.
    expect(await db.outboxMail.count({ where: { to: { endsWith: "@api.invalid" } } })).toBe(0);

    // The certificate downloads as a PDF; a structure with no part in the piece does not see it.
    const certificat = await appel("GET", `/pieces/${id}/certificat`, { jeton: secretFournisseur });
    expect(certificat.statut).toBe(200);
    expect(certificat.reponse.headers.get("content-type")).toBe("application/pdf");
    const curieux = await appel("GET", `/pieces/${id}`, { jeton: secretAutre });
    expect(curieux.statut).toBe(404);
    const recherche = await appel("GET", `/pieces?numero=${encodeURIComponent(numero)}`, { jeton: secretAutre });
    expect(recherche.json.total).toBe(0);
  });

  it("refuse une saisie invalide champ par champ, sans laisser de brouillon", async () => {
    const numero = numeroUnique();
    const corps = brouillon(numero);
    corps.facture.montantTtc = "11000.00";
    const r = await appel("POST", "/pieces", { jeton: secretFournisseur, corps, cle: crypto.randomUUID() });
    expect(r.statut).toBe(400);
    expect(r.json.code).toBe("SAISIE_INVALIDE");
    expect(Object.keys(r.json.champs).join(" ")).toContain("montantTtc");
    expect(await db.pieceTravaux.count({ where: { numero } })).toBe(0);
  });

  it("pagine la recherche par curseur, sans doublon ni trou", async () => {
    const vues = new Set<string>();
    let curseur: string | null = null;
    let total = 0;
    do {
      const r: Awaited<ReturnType<typeof appel>> = await appel("GET", `/pieces?taille=1${curseur ? `&curseur=${curseur}` : ""}`, { jeton: secretFournisseur });
      expect(r.statut).toBe(200);
      total = r.json.total;
      for (const p of r.json.pieces) vues.add(p.id);
      curseur = r.json.curseurSuivant;
    } while (curseur);
    expect(total).toBeGreaterThan(0);
    expect(vues.size).toBe(total);
  });
});

describe("dépôt d'une facture électronique seule (flux)", () => {
  /** A Factur-X of 5 000 € HT (6 000 € TTC) from `vendeur` to the MOA (its service code, a contract, the supplier's IBAN). */
  const facturX = async (numero: string, vendeur: { raisonSociale: string; identifier: string }) => {
    const { genererFacturX } = await import("@/lib/facturx/ecriture");
    return genererFacturX(
      {
        numero,
        date: "2026-03-31",
        type: "FACTURE",
        devise: "EUR",
        referenceAcheteur: "DEPT-IMMO",
        contrat: "M-2026-77",
        vendeur: { nom: vendeur.raisonSociale, siret: vendeur.identifier },
        acheteur: { nom: s.moa.raisonSociale, siret: s.moa.identifier },
        iban: s.compteFournisseur.iban,
        lignes: [{ libelle: "Terrassement", quantite: "1", prixUnitaire: "5000.00", montantHt: 500_000, categorieTva: "S", tauxTva: 2000 }],
        tva: [{ categorie: "S", taux: 2000, baseHt: 500_000, montantTva: 100_000 }],
        totaux: { ht: 500_000, tva: 100_000, ttc: 600_000, netAPayer: 600_000 },
      },
      await pdfFacture(numero),
    );
  };

  it("lit le Factur-X, en tire parties, service, compte et montants, le joint et l'envoie ; refuse celui d'un autre vendeur", async () => {
    const numero = numeroUnique();
    const chemin = `/pieces/flux?cadre=A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR&moeSiret=${s.moe.identifier}&soumettre=true&nom=${numero}.pdf`;
    const autre = await appel("POST", chemin, { jeton: secretFournisseur, brut: await facturX(numero, s.autre), cle: crypto.randomUUID() });
    expect(autre.statut).toBe(400);
    expect(autre.json.message).toContain("SIRET");
    expect(await db.pieceTravaux.count({ where: { numero } })).toBe(0);

    const r = await appel("POST", chemin, { jeton: secretFournisseur, brut: await facturX(numero, s.fournisseur), cle: crypto.randomUUID() });
    expect(r.statut).toBe(201);
    expect(r.json).toMatchObject({
      statut: "MISE_A_DISPOSITION_MOE",
      lu: { numero, date: "2026-03-31", type: "FACTURE", acheteurSiret: s.moa.identifier, montantTtc: "6000.00" },
    });
    expect(r.json.numeroDepot).toBeTruthy();
    const piece = await db.pieceTravaux.findUniqueOrThrow({ where: { id: r.json.id }, include: { piecesJointes: true } });
    expect(piece).toMatchObject({
      numero,
      moaId: s.moa.id,
      moeId: s.moe.id,
      serviceMoaId: s.serviceMoa.id,
      compteBancaireId: s.compteFournisseur.id,
      numeroMarche: "M-2026-77",
      montantTtc: 600_000n,
    });
    expect(piece.piecesJointes.map((p) => [p.nature, p.nom])).toEqual([["FACTURE", `${numero}.pdf`]]);
  });

  it("un XML CII seul : lu et envoyé comme un Factur-X, une copie lisible en PDF comme facture, le XML inchangé joint à côté", async () => {
    const { xmlIncorpore } = await import("@/lib/facturx/pdf");
    const { texteDuPdf } = await import("@/lib/pdf/texte");
    const numero = numeroUnique();
    const facture = await facturX(numero, s.fournisseur);
    // The CII the Factur-X carries, deposited alone.
    const xml = (await xmlIncorpore(facture))!.octets;
    const chemin = `/pieces/flux?cadre=A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR&moeSiret=${s.moe.identifier}&soumettre=true&nom=${numero}.xml`;
    const r = await appel("POST", chemin, { jeton: secretFournisseur, brut: xml, cle: crypto.randomUUID() });
    expect(r.statut).toBe(201);
    expect(r.json).toMatchObject({
      statut: "MISE_A_DISPOSITION_MOE",
      lu: { numero, syntaxe: "CII", vendeurSiret: s.fournisseur.identifier, acheteurSiret: s.moa.identifier, montantHt: "5000.00", montantTtc: "6000.00" },
    });
    const piece = await db.pieceTravaux.findUniqueOrThrow({ where: { id: r.json.id }, include: { piecesJointes: { orderBy: { createdAt: "asc" } } } });
    expect(piece).toMatchObject({ numero, moaId: s.moa.id, serviceMoaId: s.serviceMoa.id, numeroMarche: "M-2026-77", montantTtc: 600_000n });
    expect(piece.piecesJointes.map((p) => [p.nature, p.nom, p.typeMime])).toEqual([
      ["FACTURE", `${numero}.pdf`, "application/pdf"],
      ["COMPLEMENTAIRE", `${numero}.xml`, "application/xml"],
    ]);
    // The XML is kept as deposited; the invoice file is its readable copy, which the MOE downloads as any invoice.
    const [copie, origine] = piece.piecesJointes;
    expect(origine.sha256).toBe(createHash("sha256").update(xml).digest("hex"));
    const telecharge = await appel("GET", `/pieces/${piece.id}/fichiers/${copie.id}`, { jeton: secretMoe });
    expect(telecharge.statut).toBe(200);
    const texte = (await texteDuPdf(new Uint8Array(await telecharge.reponse.arrayBuffer()))).join("\n");
    expect(texte).toContain(`Facture n° ${numero}`);
    expect(texte).toContain("Copie lisible de la facture électronique");
    expect(texte).toContain(s.moa.raisonSociale);
    expect(texte).toMatch(/Total TTC\s*6\s000,00\s€/);
  });
});

describe("recyclage, paiement et fichiers lus", () => {
  it("la MOE met à recycler, le logiciel du fournisseur corrige l'acheminement ; une saisie de paiement invalide est refusée au champ", async () => {
    const numero = numeroUnique();
    const { id } = (await appel("POST", "/pieces", { jeton: secretFournisseur, corps: brouillon(numero) })).json;
    const joint = await appel("POST", `/pieces/${id}/fichiers?nom=facture.pdf`, { jeton: secretFournisseur, brut: await pdfFacture(numero) });
    // A plain PDF is no structured invoice: nothing read.
    expect(joint.json.factureElectronique).toBeNull();
    await appel("POST", `/pieces/${id}/soumettre`, { jeton: secretFournisseur });
    const aRecycler = await appel("POST", `/pieces/${id}/traitements`, {
      jeton: secretMoe,
      corps: { action: "MISE_EN_RECYCLAGE", commentaire: "Mauvais service." },
    });
    expect(aRecycler.json.statut).toBe("A_RECYCLER");
    const sansMoa = await appel("POST", `/pieces/${id}/recyclage`, { jeton: secretFournisseur, corps: { moeSiret: s.moe.identifier } });
    expect(sansMoa.statut).toBe(400);
    const recyclee = await appel("POST", `/pieces/${id}/recyclage`, {
      jeton: secretFournisseur,
      corps: { moeSiret: s.moe.identifier, moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id },
      cle: crypto.randomUUID(),
    });
    expect(recyclee.statut).toBe(200);
    expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id } })).statut).toBe(recyclee.json.statut);
    expect(recyclee.json.statut).not.toBe("A_RECYCLER");
    const paiement = await appel("POST", `/pieces/${id}/traitements`, {
      jeton: secretMoe,
      corps: { action: "MISE_EN_PAIEMENT", paiement: { montant: "douze", date: "2026-04-30" } },
    });
    expect(paiement.statut).toBe(400);
    expect(paiement.json.champs["paiement.montant"]).toContain("Montant payé : Saisissez un montant");
  });

  it("un fichier est reçu en flux : trop gros et sans longueur annoncée, il est arrêté peu après 10 Mo, sans rien joindre", async () => {
    const numero = numeroUnique();
    const { id } = (await appel("POST", "/pieces", { jeton: secretFournisseur, corps: brouillon(numero) })).json;
    const mo = 1024 * 1024;
    let lus = 0;
    // 200 Mo announced by nobody: a client sending chunk after chunk.
    const corps = new ReadableStream<Uint8Array>({
      pull(controleur) {
        if (lus >= 200 * mo) return controleur.close();
        lus += mo;
        controleur.enqueue(new Uint8Array(mo).fill(0x25));
      },
    });
    const reponse = await traiterRequeteApi(
      new Request(`${BASE}/pieces/${id}/fichiers?nom=annexe.pdf&nature=COMPLEMENTAIRE`, {
        method: "POST",
        headers: { authorization: `Bearer ${secretFournisseur}`, "content-type": "application/pdf", "x-forwarded-for": "10.8.1.1" },
        body: corps,
        duplex: "half",
      } as RequestInit),
    );
    const json = await reponse.json();
    expect(reponse.status).toBe(422);
    expect(json.message).toContain("taille maximale de 10 Mo");
    expect(lus).toBeLessThan(16 * mo);
    expect(await db.pieceJointeTravaux.count({ where: { pieceId: id } })).toBe(0);
  });

  it("un Factur-X joint comme facture est lu : ce qu'il dit revient dans la réponse", async () => {
    const { genererFacturX } = await import("@/lib/facturx/ecriture");
    const numero = numeroUnique();
    const { id } = (await appel("POST", "/pieces", { jeton: secretFournisseur, corps: brouillon(numero) })).json;
    const fichier = await genererFacturX(
      {
        numero,
        date: "2026-01-15",
        type: "FACTURE",
        devise: "EUR",
        vendeur: { nom: s.fournisseur.raisonSociale, siret: s.fournisseur.identifier },
        acheteur: { nom: s.moa.raisonSociale, siret: s.moa.identifier },
        lignes: [{ libelle: "Gros œuvre", quantite: "1", prixUnitaire: "10000.00", montantHt: 1_000_000, categorieTva: "S", tauxTva: 2000 }],
        tva: [{ categorie: "S", taux: 2000, baseHt: 1_000_000, montantTva: 200_000 }],
        totaux: { ht: 1_000_000, tva: 200_000, ttc: 1_200_000, netAPayer: 1_200_000 },
      } as never,
      await pdfFacture(numero),
    );
    const r = await appel("POST", `/pieces/${id}/fichiers?nom=${numero}.pdf&nature=FACTURE`, { jeton: secretFournisseur, brut: fichier });
    expect(r.statut).toBe(201);
    expect(r.json.factureElectronique).toMatchObject({
      syntaxe: "CII",
      profil: "EN 16931",
      numero,
      vendeurSiret: s.fournisseur.identifier,
      acheteurSiret: s.moa.identifier,
      montantTtc: "12000.00",
      anomalies: [],
    });
  });
});

describe("Factur-X par l'API", () => {
  it("l'état d'acompte de la MOE (A15) se télécharge en Factur-X qui se relit à son numéro et ses montants ; l'A4 est refusé, une structure étrangère ne le voit pas", async () => {
    const a4 = await depotA4(s);
    // The MOE's software deposits its A15 (prefilled from the A4) through the API.
    const suivante = await appel("POST", `/pieces/${a4.id}/suivante`, { jeton: secretMoe });
    expect(suivante.statut).toBe(201);
    const a15 = suivante.json.id as string;
    const numero = numeroUnique();
    const facture = brouillon(numero).facture;
    expect((await appel("PATCH", `/pieces/${a15}`, { jeton: secretMoe, corps: { facture } })).statut).toBe(200);
    const etat = await appel("POST", `/pieces/${a15}/fichiers?nom=etat.pdf`, { jeton: secretMoe, brut: await pdfFacture(`État ${numero}`) });
    expect(etat.statut).toBe(201);
    expect((await appel("POST", `/pieces/${a15}/soumettre`, { jeton: secretMoe })).statut).toBe(200);

    // The supplier's software downloads it: a PDF whose factur-x.xml carries the piece's number and amounts.
    const r = await appel("GET", `/pieces/${a15}/factur-x`, { jeton: secretFournisseur });
    expect(r.statut).toBe(200);
    expect(r.reponse.headers.get("content-type")).toBe("application/pdf");
    expect(r.reponse.headers.get("content-disposition")).toContain(`factur-x-A15-${numero}.pdf`);
    const { facture: lue, anomalies } = await lireFactureElectronique(new Uint8Array(await r.reponse.arrayBuffer()), {
      siretVendeur: s.fournisseur.identifier,
    });
    expect(anomalies).toEqual([]);
    const piece = await db.pieceTravaux.findUniqueOrThrow({ where: { id: a15 } });
    expect(piece).toMatchObject({ cadre: "A15_ETAT_ACOMPTE_MOE", numero, montantHt: 1_000_000n, montantTtc: 1_200_000n });
    expect(lue).toMatchObject({
      pdf: true,
      profil: "EN 16931",
      numero,
      date: "2026-01-15",
      vendeur: { siret: s.fournisseur.identifier },
      acheteur: { siret: s.moa.identifier },
      totaux: { ht: 1_000_000, tva: 200_000, ttc: 1_200_000 },
    });
    // The MOE's software too; the supplier's A4 offers none; a structure with no part in the piece does not see it.
    expect((await appel("GET", `/pieces/${a15}/factur-x`, { jeton: secretMoe })).statut).toBe(200);
    const a4Refuse = await appel("GET", `/pieces/${a4.id}/factur-x`, { jeton: secretFournisseur });
    expect(a4Refuse.statut).toBe(400);
    expect(a4Refuse.json).toMatchObject({ code: "FACTURX_NON_PROPOSE", message: "Cette pièce ne se télécharge pas au format Factur-X." });
    const curieux = await appel("GET", `/pieces/${a15}/factur-x`, { jeton: secretAutre });
    expect(curieux.statut).toBe(404);
    expect(curieux.json.code).toBe("INTROUVABLE");
  }, 60_000);
});

describe("limites de débit de l'API", () => {
  afterEach(() => remplacerBudgets({}));

  it("un envoi de fichier compte contre la limite « Envoi de fichier » du compte : au-delà, 429 en français, sans rien joindre", async () => {
    // An account of its own: its counters start at zero whatever the other tests sent.
    const { secret } = await creerCompteTechnique(s.deposant.acteur, s.fournisseur.id, { nom: "ERP pressé", portees: ["DEPOT", "LECTURE"] });
    const numero = numeroUnique();
    const { id } = (await appel("POST", "/pieces", { jeton: secret, corps: brouillon(numero) })).json;
    remplacerBudgets({ envoiFichier: { identifiant: { points: 2, duree: 600 } } });
    const pdf = await pdfFacture(numero);
    for (const nom of ["a.pdf", "b.pdf"])
      expect((await appel("POST", `/pieces/${id}/fichiers?nom=${nom}&nature=COMPLEMENTAIRE`, { jeton: secret, brut: pdf })).statut).toBe(201);
    const refus = await appel("POST", `/pieces/${id}/fichiers?nom=c.pdf&nature=COMPLEMENTAIRE`, { jeton: secret, brut: pdf });
    expect(refus.statut).toBe(429);
    expect(Number(refus.reponse.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refus.json).toMatchObject({ code: "TROP_DE_DEMANDES" });
    expect(refus.json.message).toMatch(/^Trop de demandes en peu de temps : réessayez dans \d+ (secondes|minutes)\.$/);
    // The Factur-X deposit receives a file too: the same budget. Nothing was joined by the refused calls.
    const flux = await appel("POST", "/pieces/flux?cadre=A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", { jeton: secret, brut: pdf });
    expect(flux.statut).toBe(429);
    expect(await db.pieceJointeTravaux.count({ where: { pieceId: id } })).toBe(2);
    // The other requests of the account are within the general budget; another account still sends.
    expect((await appel("GET", `/pieces/${id}`, { jeton: secret })).statut).toBe(200);
    const { secret: voisin } = await creerCompteTechnique(s.deposant.acteur, s.fournisseur.id, { nom: "ERP voisin", portees: ["DEPOT"] });
    const autre = await appel("POST", "/pieces", { jeton: voisin, corps: brouillon(numeroUnique()) });
    expect((await appel("POST", `/pieces/${autre.json.id}/fichiers?nom=a.pdf`, { jeton: voisin, brut: pdf })).statut).toBe(201);
  });
});

describe("révocation et renouvellement", () => {
  it("un secret renouvelé ou un compte révoqué cesse aussitôt de fonctionner, jetons compris", async () => {
    const { secret, id } = await creerCompteTechnique(s.deposant.acteur, s.fournisseur.id, { nom: "Éphémère", portees: ["LECTURE"] });
    const jeton = (await appel("POST", "/jetons", { formulaire: { grant_type: "client_credentials", client_id: id, client_secret: secret } })).json
      .access_token;
    expect((await appel("GET", "/pieces", { jeton })).statut).toBe(200);
    const { secret: nouveau } = await renouvelerSecret(s.deposant.acteur, id);
    expect((await appel("GET", "/pieces", { jeton: secret })).statut).toBe(401);
    expect((await appel("GET", "/pieces", { jeton })).statut).toBe(401);
    expect((await appel("GET", "/pieces", { jeton: nouveau })).statut).toBe(200);
    await expect(revoquerCompteTechnique(s.collegue.acteur, id)).rejects.toMatchObject({ code: "NON_AUTORISE" });
    await revoquerCompteTechnique(s.deposant.acteur, id);
    const r = await appel("GET", "/pieces", { jeton: nouveau });
    expect(r.statut).toBe(401);
    expect(r.json.code).toBe("API_JETON_INVALIDE");
    expect(await db.journalAudit.count({ where: { cibleId: id, action: { in: ["COMPTE_TECHNIQUE_SECRET_RENOUVELE", "COMPTE_TECHNIQUE_REVOQUE"] } } })).toBe(2);
  });
});

describe("document OpenAPI", () => {
  it("décrit chaque opération de la table, et rien d'autre", async () => {
    const { GET } = await import("@/app/api/v1/openapi.json/route");
    const r = await GET(new Request("http://localhost/api/v1/openapi.json"), { params: Promise.resolve({}) });
    const doc = (await r.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string; summary: string }>> };
    expect(doc.openapi).toBe("3.1.0");
    const decrites = Object.entries(doc.paths).flatMap(([chemin, methodes]) => Object.entries(methodes).map(([m, op]) => `${m} ${chemin} ${op.operationId}`));
    expect(decrites.sort()).toEqual(OPERATIONS.map((o) => `${o.methode} ${o.chemin} ${o.id}`).sort());
    for (const methodes of Object.values(doc.paths)) for (const op of Object.values(methodes)) expect(op.summary.length).toBeGreaterThan(10);
  });
});
