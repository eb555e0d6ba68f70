// Data for the works-invoice tests: each call builds its own structures and users (unique SIRETs and
// numbers), so that the files run in parallel and in any order.
import { PDFDocument, PDFString, StandardFonts } from "pdf-lib";
import type { Acteur } from "@/lib/auth/acteur";
import type { StructureRole } from "@/lib/generated/prisma/enums";
import { creerBrouillon, enregistrerFacture, enregistrerParties } from "@/lib/invoices/brouillon";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { factureSchema, partiesSchema, type FactureForm } from "@/lib/invoices/schemas";
import type { CadreFacturation } from "@/lib/generated/prisma/enums";
import { seedCompteBancaire, seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { compteChoisiParDeposant } from "@/lib/invoices/references";

export function acteurDe(
  user: { id: string; email: string; firstName?: string; lastName?: string },
  structure: { id: string; raisonSociale: string; identifier: string },
  role: StructureRole = "GESTIONNAIRE_PRINCIPAL",
): Acteur {
  return {
    userId: user.id,
    email: user.email,
    name: `${user.firstName ?? "Camille"} ${user.lastName ?? "Martin"}`,
    structure: { id: structure.id, raisonSociale: structure.raisonSociale, identifier: structure.identifier, role, status: "VALIDEE" },
  };
}

async function membre(structure: { id: string; raisonSociale: string; identifier: string }, role: StructureRole = "GESTIONNAIRE_PRINCIPAL") {
  const user = await seedUser({ structureId: structure.id, role, email: `u-${uniqueSuffix()}@exemple.fr` });
  return { user, acteur: acteurDe(user, structure, role) };
}

/** A supplier (with a colleague), an MOE whose space is open, an MOA with an active and an inactive service, and an outsider. */
export async function scenario() {
  const moa = await seedStructure({
    // A local authority: a public buyer by its INSEE legal category (commune, 7210).
    categorieJuridique: "7210",
    worksSpaceOpen: true,
    services: [
      { code: "DEPT-IMMO", libelle: "Département Immobilier" },
      { code: "ANCIEN", libelle: "Ancien service" },
    ],
  });
  const { db } = await import("@/lib/db");
  await db.service.update({ where: { structureId_code: { structureId: moa.id, code: "ANCIEN" } }, data: { active: false } });
  const services = await db.service.findMany({ where: { structureId: moa.id } });
  const moe = await seedStructure({ worksSpaceOpen: true });
  const fournisseur = await seedStructure();
  const autre = await seedStructure();
  // The supplier is paid on its account, chosen at step « Parties » (mandatory at sending).
  const compteFournisseur = await seedCompteBancaire(fournisseur.id, { titulaire: fournisseur.raisonSociale });
  return {
    moa,
    moe,
    fournisseur,
    compteFournisseur,
    autre,
    serviceMoa: services.find((s) => s.code === "DEPT-IMMO")!,
    serviceInactif: services.find((s) => s.code === "ANCIEN")!,
    deposant: await membre(fournisseur),
    collegue: await membre(fournisseur, "UTILISATEUR_SIMPLE"),
    moeUser: await membre(moe),
    moaUser: await membre(moa, "UTILISATEUR_SIMPLE"),
    exterieur: await membre(autre),
  };
}
export type Scenario = Awaited<ReturnType<typeof scenario>>;

export async function pdfFacture(texte = "Facture"): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  page.drawText(texte, { x: 50, y: 700, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

/** A PDF whose trailer declares an encryption dictionary, as a password-protected export does. */
export async function pdfChiffre(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage();
  doc.context.trailerInfo.Encrypt = doc.context.register(
    doc.context.obj({ Filter: "Standard", V: 1, R: 2, P: -4, O: PDFString.of("o"), U: PDFString.of("u") }),
  );
  return doc.save({ useObjectStreams: false });
}

export const numeroUnique = () => `FAC-${uniqueSuffix().toUpperCase()}`;

export function saisieFacture(o: Partial<FactureForm> = {}): FactureForm {
  return {
    numero: numeroUnique(),
    dateFacture: "2026-01-15",
    devise: "EUR",
    typeTva: "TVA_SUR_DEBIT",
    montantHt: "10 000,00",
    montantTva: "2 000,00",
    montantTtc: "12 000,00",
    lignesTva: [{ taux: "20", baseHt: "10 000,00", montantTva: "2 000,00" }],
    ...o,
  };
}

/** An active bank account of the structure (the first one; one is created if it has none). */
export async function compteDe(structureId: string): Promise<string> {
  const { db } = await import("@/lib/db");
  const compte = await db.compteBancaire.findFirst({ where: { structureId, active: true }, orderBy: { createdAt: "asc" }, select: { id: true } });
  return compte?.id ?? (await seedCompteBancaire(structureId)).id;
}

/** A draft of the given frame with its parties and invoice saved (no attachment yet); a supplier-side frame chooses the depositor's bank account. */
export async function brouillonComplet(s: Scenario, o: { cadre?: CadreFacturation; facture?: Partial<FactureForm>; acteur?: Acteur } = {}) {
  const acteur = o.acteur ?? s.deposant.acteur;
  const cadre = o.cadre ?? "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR";
  const { id } = await creerBrouillon(acteur, { cadre });
  const compteBancaireId = compteChoisiParDeposant(cadre) ? await compteDe(acteur.structure!.id) : undefined;
  await enregistrerParties(
    acteur,
    id,
    partiesSchema.parse({ cadre, moeSiret: s.moe.identifier, moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id, compteBancaireId }),
  );
  const saisie = saisieFacture(o.facture);
  await enregistrerFacture(acteur, id, factureSchema.parse(saisie));
  return { id, numero: saisie.numero };
}

/** An A4 deposited by the supplier with its invoice PDF and one more attachment. */
export async function depotA4(s: Scenario, o: { facture?: Partial<FactureForm> } = {}) {
  const { id, numero } = await brouillonComplet(s, o);
  const pdf = await pdfFacture(`Facture ${numero}`);
  const facture = await ajouterPieceJointe(s.deposant.acteur, id, { nom: "facture.pdf", contenu: pdf, nature: "FACTURE" });
  const annexe = await ajouterPieceJointe(s.deposant.acteur, id, {
    nom: "situation.csv",
    contenu: Buffer.from("poste;montant\nGros oeuvre;10000\n"),
    nature: "COMPLEMENTAIRE",
  });
  const envoi = await envoyer(s.deposant.acteur, id);
  return { id, numero, envoi, fichiers: [facture, annexe], pdf };
}
