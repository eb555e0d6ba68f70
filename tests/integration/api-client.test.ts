// The proof of issue 12: a client built from the published OpenAPI document (openapi-client-axios: one method per
// operationId) plays a whole dossier through the API over HTTP — credentials, the deposit of a Factur-X alone (the
// « flux »: the draft filled from its CII and sent), a retry with the same idempotency key, search, the MOE suspends,
// the supplier completes, the MOE sends the next piece (A15), the MOA takes it into account — each step checked
// against the database and against the webhook deliveries a real HTTP server of the test receives.
import { createHash, createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WEBHOOKS_ADRESSES_INTERNES = "1";
});

const { OpenAPIClientAxios } = await import("openapi-client-axios");
const { creerCompteTechnique } = await import("@/lib/api/comptes-techniques");
const { traiterRequeteApi } = await import("@/lib/api/dispatch");
const { creerAbonnement } = await import("@/lib/webhooks/abonnements");
const { planifierLivraisons } = await import("@/lib/webhooks/distribution");
const { livrerWebhook } = await import("@/lib/webhooks/livraison");
const { db } = await import("@/lib/db");
const document = await import("@/app/api/v1/openapi.json/route");
const { genererFacturX } = await import("@/lib/facturx/ecriture");
const { acteurDe, numeroUnique, pdfFacture, scenario } = await import("./factures-fixtures");
const { seedUser, uniqueSuffix } = await import("@/prisma/seed/factories");

let portail: Server;
let recepteur: Server;
let urlPortail: string;
const recus: { corps: string; signature: string }[] = [];

/** The portal's API over real HTTP: each request handed to the same handler `next start` runs. */
beforeAll(async () => {
  portail = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const corps = Buffer.concat(chunks);
    const entetes = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") entetes.set(k, v);
    const requete = new Request(`${urlPortail}${req.url}`, { method: req.method, headers: entetes, body: corps.length ? corps : undefined });
    // Next's routing: the static segment « openapi.json » before the catch-all of the operations.
    const reponse = req.url === "/api/v1/openapi.json" ? await document.GET(requete, { params: Promise.resolve({}) }) : await traiterRequeteApi(requete);
    res.statusCode = reponse.status;
    reponse.headers.forEach((v, k) => {
      res.setHeader(k, v);
    });
    if (reponse.body) Readable.fromWeb(reponse.body as never).pipe(res);
    else res.end();
  });
  await new Promise<void>((r) => portail.listen(0, "127.0.0.1", r));
  urlPortail = `http://127.0.0.1:${(portail.address() as AddressInfo).port}`;
  recepteur = createServer((req, res) => {
    let corps = "";
    req.on("data", (m) => {
      corps += m;
    });
    req.on("end", () => {
      recus.push({ corps, signature: String(req.headers["signature-webhook"]) });
      res.statusCode = 200;
      res.end("ok");
    });
  });
  await new Promise<void>((r) => recepteur.listen(0, "127.0.0.1", r));
});

afterAll(async () => {
  // Its receiver closes: its addresses are deactivated, so that no job of the shared database keeps calling a port
  // another test file may have reopened (a call there could wait for its whole timeout).
  await db.abonnementWebhook.updateMany({
    where: { url: { startsWith: `http://127.0.0.1:${(recepteur.address() as AddressInfo).port}/` } },
    data: { actif: false },
  });
  await Promise.all([new Promise((r) => portail.close(r)), new Promise((r) => recepteur.close(r))]);
});

// The answers are JSON the test reads field by field and checks against the database.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Reponse = { status: number; data: any; headers: Record<string, string> };
type Client = Awaited<ReturnType<InstanceType<typeof OpenAPIClientAxios>["init"]>> & Record<string, (...a: unknown[]) => Promise<Reponse>>;

/** A client built from /api/v1/openapi.json as published, authenticated with the account's secret. */
async function client(secret: string): Promise<Client> {
  const publie = await (await fetch(`${urlPortail}/api/v1/openapi.json`)).json();
  const api = new OpenAPIClientAxios({
    definition: publie,
    axiosConfigDefaults: { baseURL: `${urlPortail}/api/v1`, headers: { Authorization: `Bearer ${secret}` }, validateStatus: () => true },
  });
  return (await api.init()) as Client;
}

/** The webhook deliveries written so far, delivered now; what the receiver got for the piece. */
async function evenementsRecus(pieceId: string, secret: string): Promise<string[]> {
  await planifierLivraisons();
  for (const l of await db.livraisonWebhook.findMany({ where: { statut: "EN_ATTENTE", pieceId }, select: { id: true } }))
    await livrerWebhook(l.id, { derniere: false });
  return recus
    .filter((r) => JSON.parse(r.corps).pieceId === pieceId)
    .filter((r) => {
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(r.signature) ?? [];
      return v1 === createHmac("sha256", secret).update(`${t}.${r.corps}`).digest("hex");
    })
    .map((r) => JSON.parse(r.corps).statut);
}

describe("un dossier joué par un client généré depuis le document OpenAPI", () => {
  it("dépôt, rejeu idempotent, recherche, suspension, complément, pièce suivante de la MOE, prise en compte par la MOA", async () => {
    const s = await scenario();
    const gestionnaireMoa = await seedUser({ structureId: s.moa.id, role: "GESTIONNAIRE_PRINCIPAL", email: `moa-${uniqueSuffix()}@exemple.fr` });
    const acteurMoa = acteurDe(gestionnaireMoa, s.moa);
    const fournisseur = await client(
      (await creerCompteTechnique(s.deposant.acteur, s.fournisseur.id, { nom: "ERP", portees: ["DEPOT", "LECTURE", "TRAITEMENT"] })).secret,
    );
    const moe = await client((await creerCompteTechnique(s.moeUser.acteur, s.moe.id, { nom: "MOE", portees: ["DEPOT", "LECTURE", "TRAITEMENT"] })).secret);
    const moa = await client((await creerCompteTechnique(acteurMoa, s.moa.id, { nom: "GF MOA", portees: ["LECTURE", "TRAITEMENT"] })).secret);
    const webhook = await creerAbonnement(s.deposant.acteur, s.fournisseur.id, {
      url: `http://127.0.0.1:${(recepteur.address() as AddressInfo).port}/fournisseur`,
    });

    // The supplier's invoice is a Factur-X (its CII: the supplier's SIRET as seller, scheme 0002, the MOA's as buyer,
    // the MOA's service code as buyer reference, the supplier's IBAN), deposited alone as Chorus Pro's « flux ».
    const numero = numeroUnique();
    const facture = {
      numero,
      dateFacture: "2026-01-15",
      devise: "EUR",
      typeTva: "TVA_SUR_DEBIT",
      montantHt: "10000.00",
      montantTva: "2000.00",
      montantTtc: "12000.00",
      lignesTva: [{ taux: "20", baseHt: "10000.00", montantTva: "2000.00" }],
    };
    const facturX = async (vendeur: { raisonSociale: string; identifier: string }) =>
      Buffer.from(
        await genererFacturX(
          {
            numero,
            date: facture.dateFacture,
            type: "FACTURE",
            devise: "EUR",
            conditionsPaiement: "Délai global de paiement de la commande publique.",
            referenceAcheteur: s.serviceMoa.code,
            vendeur: { nom: vendeur.raisonSociale, siret: vendeur.identifier },
            acheteur: { nom: s.moa.raisonSociale, siret: s.moa.identifier },
            iban: s.compteFournisseur.iban,
            lignes: [{ libelle: "Gros œuvre", quantite: "1", prixUnitaire: "10000.00", montantHt: 1_000_000, categorieTva: "S", tauxTva: 2000 }],
            tva: [{ categorie: "S", taux: 2000, baseHt: 1_000_000, montantTva: 200_000 }],
            totaux: { ht: 1_000_000, tva: 200_000, ttc: 1_200_000, netAPayer: 1_200_000 },
          },
          await pdfFacture(numero),
        ),
      );
    const flux = { cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", moeSiret: s.moe.identifier, nom: `${numero}.pdf`, soumettre: "true" };
    const pdf = { "Content-Type": "application/pdf" };

    // The API reads the seller's SIRET from the CII: the same invoice sold by another structure is refused, naming the
    // SIRET it read; nothing is created.
    const etranger = await fournisseur.deposerFactureElectronique(flux, await facturX(s.autre), { headers: pdf });
    expect(etranger.status).toBe(400);
    expect(etranger.data.message).toContain(
      `Le vendeur de la facture électronique (SIRET ${s.autre.identifier}, BT-30) n'est pas la structure qui dépose (SIRET ${s.fournisseur.identifier}).`,
    );
    expect(await db.pieceTravaux.count({ where: { numero } })).toBe(0);

    // The deposit, then the same request again with the same key: one piece.
    const fichier = await facturX(s.fournisseur);
    const cle = { ...pdf, "Idempotency-Key": crypto.randomUUID() };
    const cree = await fournisseur.deposerFactureElectronique(flux, fichier, { headers: cle });
    expect(cree.status).toBe(201);
    expect(cree.data).toMatchObject({
      statut: "MISE_A_DISPOSITION_MOE",
      lu: { numero, date: "2026-01-15", type: "FACTURE", profil: "EN 16931", acheteurSiret: s.moa.identifier, montantTtc: "12000.00" },
    });
    const id = cree.data.id as string;
    const rejoue = await fournisseur.deposerFactureElectronique(flux, fichier, { headers: cle });
    expect([rejoue.status, rejoue.data.id, rejoue.headers["idempotency-replayed"]]).toEqual([201, id, "true"]);
    expect(await db.pieceTravaux.count({ where: { numero } })).toBe(1);
    const piece = await db.pieceTravaux.findUniqueOrThrow({ where: { id }, include: { piecesJointes: true } });
    expect(piece).toMatchObject({
      statut: "MISE_A_DISPOSITION_MOE",
      numero,
      structureDeposanteId: s.fournisseur.id,
      moeId: s.moe.id,
      moaId: s.moa.id,
      serviceMoaId: s.serviceMoa.id,
      compteBancaireId: s.compteFournisseur.id,
      montantHt: 1_000_000n,
      montantTtc: 1_200_000n,
    });
    // The file itself, byte for byte, is the piece's invoice.
    expect(piece.piecesJointes.map((p) => [p.nature, p.nom, p.sha256])).toEqual([
      ["FACTURE", `${numero}.pdf`, createHash("sha256").update(fichier).digest("hex")],
    ]);

    // The MOE's software finds it, suspends it; the supplier's software completes it.
    const trouvees = await moe.rechercherPieces({ numero });
    expect(trouvees.data).toMatchObject({ total: 1, pieces: [{ id, numero, montantTtc: "12000.00" }] });
    const suspendue = await moe.traiterPiece({ id }, { action: "SUSPENSION", commentaire: "Joindre le métré du lot 2." });
    expect(suspendue.data.statut).toBe("SUSPENDUE");
    expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id } })).statut).toBe("SUSPENDUE");
    const completee = await fournisseur.traiterPiece({ id }, { action: "COMPLETION" });
    expect(completee.status).toBe(200);
    const statutComplete = (await db.pieceTravaux.findUniqueOrThrow({ where: { id } })).statut;
    expect(completee.data.statut).toBe(statutComplete);

    // The MOE's next piece (A15), prefilled, completed and sent to the MOA, which takes it into account.
    const suivante = await moe.deposerPieceSuivante({ id });
    expect(suivante.status).toBe(201);
    const a15 = suivante.data.id as string;
    const modifiee = await moe.modifierBrouillon(
      { id: a15 },
      {
        parties: { titulaireSiret: s.fournisseur.identifier, moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id },
        facture: { ...facture, numero: `EA-${numero}` },
      },
    );
    expect(modifiee.status).toBe(200);
    expect(modifiee.data).toMatchObject({ cadre: "A15_ETAT_ACOMPTE_MOE", statut: "BROUILLON", pieceSuivanteDe: id });
    await moe.joindreFichier({ id: a15, nom: "etat-acompte.pdf", nature: "FACTURE" }, Buffer.from(await pdfFacture("Etat d'acompte")), {
      headers: { "Content-Type": "application/pdf" },
    });
    const envoyee = await moe.soumettre({ id: a15 });
    expect(envoyee.data.statut).toBe("MISE_A_DISPOSITION_MOA");
    const priseEnCompte = await moa.traiterPiece({ id: a15 }, { action: "PRISE_EN_COMPTE" });
    expect(priseEnCompte.data.statut).toBe("PRISE_EN_COMPTE_MOA");
    expect((await db.pieceTravaux.findUniqueOrThrow({ where: { id: a15 } })).statut).toBe("PRISE_EN_COMPTE_MOA");

    // The dossier holds both pieces; the supplier's history and its webhooks tell each step.
    const dossier = await fournisseur.consulterDossier({ id: envoyee.data.dossierId });
    expect(dossier.data.pieces.map((p: { id: string }) => p.id).sort()).toEqual([id, a15].sort());
    const historique = (await fournisseur.consulterPiece({ id })).data.historique.map((h: { statutApres: string }) => h.statutApres);
    expect(historique).toEqual(expect.arrayContaining(["DEPOSEE", "MISE_A_DISPOSITION_MOE", "SUSPENDUE", statutComplete, "TRANSMISE_MOA"]));
    expect(await evenementsRecus(id, webhook.secret)).toEqual(expect.arrayContaining(["MISE_A_DISPOSITION_MOE", "SUSPENDUE", statutComplete, "TRANSMISE_MOA"]));
    expect(await evenementsRecus(a15, webhook.secret)).toEqual(expect.arrayContaining(["MISE_A_DISPOSITION_MOA", "PRISE_EN_COMPTE_MOA"]));
  }, 120_000);
});
