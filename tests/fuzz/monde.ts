// The world each module's endpoints are fuzzed in: structures, users of every role, pieces at several statuses, pending
// requests, notifications, captchas, built by the factories and the domain functions (as the integration tests
// do). A new world per module (actions.ts, route.ts): what an accepted call changed (a deactivated user, a deleted
// draft) does not weaken the next module's fuzzing. The ids the fuzz picks from are those of the whole database, so that
// each role is also handed the ids of other structures' objects.
import { acteurDeLUtilisateur } from "@/lib/auth/acteur-de";
import { randomUUID } from "node:crypto";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import * as enums from "@/lib/generated/prisma/enums";
import { creerBrouillon, enregistrerFacture } from "@/lib/invoices/brouillon";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { aujourdhuiParis, factureSchema } from "@/lib/invoices/schemas";
import { MOTIFS_REFUS } from "@/lib/invoices/statuts";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { traiterPiece } from "@/lib/invoices/transitions";
import { DEMO_PASSWORD, randomSiret, seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { captchaResolu, inseeEtablissement } from "@/tests/support/fixtures";
import { brouillonComplet, depotA4, pdfFacture, saisieFacture, scenario } from "@/tests/integration/factures-fixtures";

export const ROLES = [
  "anonyme",
  "fournisseur gestionnaire principal",
  "MOE",
  "agent de la MOA",
  "gestionnaire de la MOA",
  "rattachement en attente",
  "administrateur du portail",
  "service financier de la MOA",
] as const;
export type Role = (typeof ROLES)[number];

/** A step of the world that the domain may one day refuse: the world is built without it rather than not at all. */
async function siPossible(quoi: string, f: () => Promise<unknown>): Promise<void> {
  try {
    await f();
  } catch (error) {
    console.warn(`[fuzz] monde : ${quoi} impossible :`, error instanceof Error ? error.message : error);
  }
}

export async function construireMonde() {
  // A second of margin: rows dated by the database or by this process.
  const depuis = new Date(Date.now() - 1000);
  const s = await scenario();
  const gestionnaireMoa = await seedUser({ structureId: s.moa.id, role: "GESTIONNAIRE_PRINCIPAL", email: `gest-moa-${uniqueSuffix()}@exemple.fr` });
  const enAttente = await seedUser({
    structureId: s.moa.id,
    role: "UTILISATEUR_SIMPLE",
    membershipStatus: "EN_COURS_DE_VALIDATION",
    email: `attente-${uniqueSuffix()}@exemple.fr`,
  });
  // A request to the supplier's structure too, and one to another structure: ids the MOA must not decide.
  await seedUser({ structureId: s.fournisseur.id, membershipStatus: "EN_COURS_DE_VALIDATION" });
  await seedUser({ structureId: s.autre.id, membershipStatus: "EN_COURS_DE_VALIDATION" });
  const administrateur = await seedUser({ email: `admin-${uniqueSuffix()}@exemple.fr` });
  await db.user.update({ where: { id: administrateur.id }, data: { administrateurPortail: true } });
  await seedUser({ status: "EN_ATTENTE_ACTIVATION", password: null });
  await seedUser({ status: "DESACTIVE" });
  await seedStructure({ services: [{ code: "AUTRE-SVC", libelle: "Service d'une autre structure" }] });

  // Pieces: one waiting for the MOE, one taken into account and sent on, one suspended, drafts (of the supplier and of another structure).
  const attenteMoe = await depotA4(s);
  await siPossible("pièce prise en compte par la MOE", async () => {
    const p = await depotA4(s);
    await traiterPiece(s.moeUser.acteur, p.id, "PRISE_EN_COMPTE");
  });
  await siPossible("pièce mise à disposition de la MOA", async () => {
    // The titulaire's A22 (procédure tacite), from its final draft (A7) left at the MOE's.
    const { id: a7 } = await brouillonComplet(s, { cadre: "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR" });
    await ajouterPieceJointe(s.deposant.acteur, a7, { nom: "pdf.pdf", contenu: await pdfFacture("PDF"), nature: "FACTURE" });
    await envoyer(s.deposant.acteur, a7);
    const { id } = await deposerPieceSuivante(s.deposant.acteur, a7);
    await enregistrerFacture(s.deposant.acteur, id, factureSchema.parse(saisieFacture()));
    await ajouterPieceJointe(s.deposant.acteur, id, { nom: "pdg.pdf", contenu: await pdfFacture("PDG"), nature: "FACTURE" });
    await envoyer(s.deposant.acteur, id);
  });
  await siPossible("état d'acompte de la MOE pris en compte par la MOA, son A19 en brouillon ; décompte général à signer", async () => {
    const a4 = await depotA4(s);
    const { id: a15 } = await deposerPieceSuivante(s.moeUser.acteur, a4.id);
    await enregistrerFacture(s.moeUser.acteur, a15, factureSchema.parse(saisieFacture()));
    await ajouterPieceJointe(s.moeUser.acteur, a15, { nom: "ea.pdf", contenu: await pdfFacture("EA"), nature: "FACTURE" });
    await envoyer(s.moeUser.acteur, a15);
    await traiterPiece(s.moaUser.acteur, a15, "PRISE_EN_COMPTE");
    await deposerPieceSuivante(s.moaUser.acteur, a15);
    const { id: a7 } = await brouillonComplet(s, { cadre: "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR" });
    await ajouterPieceJointe(s.deposant.acteur, a7, { nom: "pdf.pdf", contenu: await pdfFacture("PDF"), nature: "FACTURE" });
    await envoyer(s.deposant.acteur, a7);
    const { id: a17 } = await deposerPieceSuivante(s.moeUser.acteur, a7);
    await enregistrerFacture(s.moeUser.acteur, a17, factureSchema.parse(saisieFacture()));
    await ajouterPieceJointe(s.moeUser.acteur, a17, { nom: "pdg.pdf", contenu: await pdfFacture("PDG"), nature: "FACTURE" });
    await envoyer(s.moeUser.acteur, a17);
    await traiterPiece(s.moaUser.acteur, a17, "PRISE_EN_COMPTE");
    const { id: a20 } = await deposerPieceSuivante(s.moaUser.acteur, a17);
    await enregistrerFacture(s.moaUser.acteur, a20, factureSchema.parse(saisieFacture()));
    await ajouterPieceJointe(s.moaUser.acteur, a20, { nom: "dg.pdf", contenu: await pdfFacture("DG"), nature: "FACTURE" });
    await envoyer(s.moaUser.acteur, a20);
    // The titulaire's A8 draft, signing it: the signature and mémoire endpoints have a piece to work on.
    await deposerPieceSuivante(s.deposant.acteur, a20);
  });
  await siPossible("pièce suspendue", async () => {
    const p = await depotA4(s);
    await traiterPiece(s.moeUser.acteur, p.id, "SUSPENSION", { motif: { texte: "Il manque la situation de travaux." } });
  });
  await siPossible("pièce refusée", async () => {
    const p = await depotA4(s);
    await traiterPiece(s.moeUser.acteur, p.id, "REFUS", { motif: { code: "MAUVAISE_MOE", texte: "Pas la bonne maîtrise d'œuvre." } });
  });
  await siPossible("pièce à recycler, pièce refusée dont le numéro est libéré, état d'acompte de la MOE à la MOA", async () => {
    const p = await depotA4(s);
    await traiterPiece(s.moeUser.acteur, p.id, "MISE_EN_RECYCLAGE", { motif: { texte: "Le service destinataire est erroné." } });
    const r = await depotA4(s);
    await traiterPiece(s.moeUser.acteur, r.id, "REFUS", { motif: { code: "MAUVAISE_MOA" }, libererNumero: true });
    // « Demander le recyclage de la pièce précédente »: the MOE's A15 still at the MOA's disposal.
    const a4 = await depotA4(s);
    const { id: a15 } = await deposerPieceSuivante(s.moeUser.acteur, a4.id);
    await enregistrerFacture(s.moeUser.acteur, a15, factureSchema.parse(saisieFacture()));
    await ajouterPieceJointe(s.moeUser.acteur, a15, { nom: "ea.pdf", contenu: await pdfFacture("EA"), nature: "FACTURE" });
    await envoyer(s.moeUser.acteur, a15);
  });
  // The MOA's paying service (« Service financier » habilitation): an A19 to mandate, one mandated (to put in payment).
  const serviceFinancier = await seedUser({ structureId: s.moa.id, serviceFinancier: true, email: `sf-${uniqueSuffix()}@exemple.fr` });
  await siPossible("états d'acompte validés (A19) au service financier, l'un mandaté", async () => {
    for (const mandater of [false, true]) {
      const a4 = await depotA4(s);
      const { id: a15 } = await deposerPieceSuivante(s.moeUser.acteur, a4.id);
      await enregistrerFacture(s.moeUser.acteur, a15, factureSchema.parse(saisieFacture()));
      await ajouterPieceJointe(s.moeUser.acteur, a15, { nom: "ea.pdf", contenu: await pdfFacture("EA"), nature: "FACTURE" });
      await envoyer(s.moeUser.acteur, a15);
      await traiterPiece(s.moaUser.acteur, a15, "PRISE_EN_COMPTE");
      const { id: a19 } = await deposerPieceSuivante(s.moaUser.acteur, a15);
      await enregistrerFacture(s.moaUser.acteur, a19, factureSchema.parse(saisieFacture()));
      await ajouterPieceJointe(s.moaUser.acteur, a19, { nom: "eav.pdf", contenu: await pdfFacture("EAV"), nature: "FACTURE" });
      await envoyer(s.moaUser.acteur, a19);
      const payeur = (await acteurDeLUtilisateur(serviceFinancier.id, { ip: "127.0.0.1" }))!;
      if (mandater) await traiterPiece(payeur, a19, "MANDATEMENT", { mandat: { numero: "M-FUZZ-1", date: aujourdhuiParis() } });
    }
  });
  const brouillon = await brouillonComplet(s);
  // More drafts of the supplier: one ready to send (its invoice PDF joined), two for the uploads and corrections.
  await siPossible("brouillon prêt à envoyer", async () => {
    const { id } = await brouillonComplet(s);
    await ajouterPieceJointe(s.deposant.acteur, id, { nom: "facture.pdf", contenu: await pdfFacture("Facture prête"), nature: "FACTURE" });
  });
  await brouillonComplet(s);
  await creerBrouillon(s.deposant.acteur, { cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR" } as never);
  await siPossible("brouillon d'une autre structure", () => creerBrouillon(s.exterieur.acteur, { cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR" } as never));

  // Establishments of the INSEE directory not on the portal yet (creating a structure, an account), a solved captcha.
  const insee = [await inseeEtablissement(), await inseeEtablissement({ etat: "F" }), await inseeEtablissement({ diffusion: "P" })];
  await captchaResolu();
  await captchaResolu();

  const utilisateurs: Record<Role, { id: string } | null> = {
    anonyme: null,
    "fournisseur gestionnaire principal": s.deposant.user,
    MOE: s.moeUser.user,
    "agent de la MOA": s.moaUser.user,
    "gestionnaire de la MOA": gestionnaireMoa,
    "rattachement en attente": enAttente,
    "administrateur du portail": administrateur,
    "service financier de la MOA": serviceFinancier,
  };
  return { depuis, s, utilisateurs, attenteMoe, brouillon, insee };
}
export type Monde = Awaited<ReturnType<typeof construireMonde>>;

/** The actor of a signed-in user, read from the database as each request reads it (lib/auth/acteur-de.ts). */
export function acteurDe(userId: string, ip: string): Promise<Acteur | null> {
  return acteurDeLUtilisateur(userId, { ip });
}

/** What the fuzz picks its plausible values from: ids of every table, SIRETs, addresses, enum values. */
export type Reserves = {
  ids: string[];
  /** Ids by table, for the keys that name their table (membershipId, serviceId…). */
  idsPar: Map<string, string[]>;
  /** Ids of the tables the endpoint's path names (set by the engine for each endpoint). */
  idsContexte: string[];
  sirets: string[];
  emails: string[];
  enums: string[];
  /** The database's enums by name (CadreFacturation…): the values of a key that names one (cadre, role, nature). */
  enumsPar: Map<string, string[]>;
  /** The values tried on a key whose schema words its own messages, to find the choices it accepts. */
  candidats: string[];
};

/** The tables with a uuid id (found in the catalog: a table added tomorrow gives its ids tomorrow), and whether they date their rows. */
async function tablesAvecId(): Promise<{ nom: string; date: boolean }[]> {
  return db.$queryRaw<{ nom: string; date: boolean }[]>`
    SELECT c.table_name AS nom,
           EXISTS (SELECT 1 FROM information_schema.columns d
                   WHERE d.table_schema = 'public' AND d.table_name = c.table_name AND d.column_name = 'createdAt') AS date
    FROM information_schema.columns c
    WHERE c.table_schema = 'public' AND c.column_name = 'id' AND c.data_type = 'uuid'`;
}

/** The values to pick from: mostly this world's objects (created since `depuis`), some of other worlds. */
export async function reserves(depuis: Date): Promise<Reserves> {
  const r = await reservesSansCandidats(depuis);
  r.candidats = [...r.enums, ..."012345".split("")];
  return r;
}

async function reservesSansCandidats(depuis: Date): Promise<Reserves> {
  const idsPar = new Map<string, string[]>();
  for (const { nom: table, date } of await tablesAvecId()) {
    // This world's rows (the newest where rows are not dated), and some of any age (other worlds').
    const rows = await db.$queryRawUnsafe<{ id: string }[]>(
      date
        ? `(SELECT id::text AS id FROM "${table}" WHERE "createdAt" >= $1 ORDER BY "createdAt" DESC LIMIT 40) UNION (SELECT id::text FROM "${table}" ORDER BY random() LIMIT 8)`
        : `(SELECT id::text AS id FROM "${table}" ORDER BY ctid DESC LIMIT 20) UNION (SELECT id::text FROM "${table}" ORDER BY random() LIMIT 8)`,
      ...(date ? [depuis] : []),
    );
    idsPar.set(
      table,
      rows.map((r) => r.id),
    );
  }
  const structures = await db.structure.findMany({ select: { identifier: true }, take: 100, orderBy: { createdAt: "desc" } });
  const etablissements = await db.inseeEtablissement.findMany({ select: { siret: true }, take: 50 });
  const users = await db.user.findMany({ select: { email: true }, take: 100, orderBy: { createdAt: "desc" } });
  const enumsPar = new Map(
    Object.entries(enums).flatMap(([nom, e]) => (e && typeof e === "object" ? [[nom, Object.values(e as Record<string, string>)] as [string, string[]]] : [])),
  );
  const valeursEnums = [...enumsPar.values()].flat();
  return {
    ids: [...idsPar.values()].flat().concat(randomUUID()),
    idsPar,
    idsContexte: [],
    sirets: [...structures.map((s) => s.identifier), ...etablissements.map((e) => e.siret), randomSiret()],
    emails: users.map((u) => u.email),
    enumsPar,
    enums: [
      ...new Set([
        ...valeursEnums,
        // Literals of the forms' schemas that are not database enums.
        ...["VALIDER", "REFUSER", "ACTIVATION", "REINITIALISATION", "image", "question", "preuve", "FACTURE", "COMPLEMENTAIRE", "ATTESTATION_PAIEMENT_DIRECT"],
        ...["PRISE_EN_COMPTE", "REFUS", "SUSPENSION", "COMPLETION", "VALIDATION", "FOURNISSEUR", "SOUS_TRAITANT", "ACCORDER", "SECONDAIRE", "AUTRE"],
        ...Object.keys(MOTIFS_REFUS),
      ]),
    ],
    candidats: [],
  };
}

export { DEMO_PASSWORD };
