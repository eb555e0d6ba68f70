// The data of the décompte's browser test (decompte.spec.ts), built through the domain functions and the seed's
// factories: a supplier's A4 draft with its parties saved (step 3 to fill), and a deposited A4 with a full décompte
// whose MOE has started its état d'acompte (A15, prefilled). Run by the spec in a child process (`tsx`, DATABASE_URL
// of the browser tests' server); prints its result as JSON.
import { randomBytes, randomInt } from "node:crypto";
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { Acteur } from "@/lib/auth/acteur";
import type { CadreFacturation } from "@/lib/generated/prisma/enums";
import { withLuhnKey } from "@/lib/identifiers/siret";
import { creerBrouillon, enregistrerFacture, enregistrerParties } from "@/lib/invoices/brouillon";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { db } from "@/lib/db";
import { seedCompteBancaire, seedStructure, seedUser } from "@/prisma/seed/factories";

const suffixe = randomBytes(3).toString("hex").toUpperCase();
/** A Luhn-valid SIRET whose SIREN starts with 9 (as no sample does). */
const siret = () => withLuhnKey(`${withLuhnKey(`9${String(randomInt(10 ** 6, 10 ** 7))}`)}0001`);

async function membre(s: { id: string; raisonSociale: string; identifier: string }, prenom: string, nom: string) {
  const user = await seedUser({
    email: `${prenom}.${nom}-${suffixe}@exemple.fr`.toLowerCase(),
    firstName: prenom,
    lastName: nom,
    structureId: s.id,
    role: "GESTIONNAIRE_PRINCIPAL",
  });
  const acteur: Acteur = {
    userId: user.id,
    email: user.email,
    name: `${prenom} ${nom}`,
    structure: { id: s.id, raisonSociale: s.raisonSociale, identifier: s.identifier, role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE" },
  };
  return { email: user.email, acteur };
}

async function pdf(texte: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(texte, { x: 50, y: 700, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

async function main() {
  const commune = await seedStructure({
    identifier: siret(),
    raisonSociale: `COMMUNE DE LAGARDE ${suffixe}`,
    categorieJuridique: "7210",
    worksSpaceOpen: true,
    services: [{ code: "TRAVAUX", libelle: "Services techniques" }],
  });
  const service = await db.service.findFirstOrThrow({ where: { structureId: commune.id } });
  const moe = await seedStructure({ identifier: siret(), raisonSociale: `CABINET MAITRISE D'OEUVRE ${suffixe}`, worksSpaceOpen: true });
  const fournisseur = await seedStructure({ identifier: siret(), raisonSociale: `MACONNERIE DU LAURAGAIS ${suffixe}` });
  const compte = await seedCompteBancaire(fournisseur.id);
  const f = await membre(fournisseur, "Agathe", "Roux");
  const m = await membre(moe, "Bruno", "Garcia");

  const cadre: CadreFacturation = "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR";
  const parties = partiesSchema.parse({ cadre, moeSiret: moe.identifier, moaSiret: commune.identifier, serviceMoaId: service.id, compteBancaireId: compte.id });
  const { id: brouillon } = await creerBrouillon(f.acteur, { cadre });
  await enregistrerParties(f.acteur, brouillon, parties);

  // The deposited A4: 11 000 € of works this month, a price revision, the advance repaid, 5 % retained, penalties.
  const { id: a4 } = await creerBrouillon(f.acteur, { cadre });
  await enregistrerParties(f.acteur, a4, parties);
  const numero = `DM-${suffixe}`;
  await enregistrerFacture(
    f.acteur,
    a4,
    factureSchema.parse({
      numero,
      dateFacture: "2026-03-31",
      devise: "EUR",
      typeTva: "TVA_SUR_DEBIT",
      travauxCumules: "45 000,00",
      travauxCumulesPrecedents: "34 000,00",
      travauxPeriode: "11 000,00",
      revisionPrix: "500,00",
      avanceRemboursee: "1 000,00",
      montantHt: "10 500,00",
      montantTva: "2 100,00",
      montantTtc: "12 600,00",
      retenueGarantie: "575,00",
      penalites: "100,00",
      netAPayer: "11 925,00",
      lignesTva: [{ taux: "20", baseHt: "10 500,00", montantTva: "2 100,00" }],
    }),
  );
  await ajouterPieceJointe(f.acteur, a4, { nom: `${numero}.pdf`, contenu: await pdf(`Projet de décompte ${numero}`), nature: "FACTURE" });
  await envoyer(f.acteur, a4);
  const { id: a15 } = await deposerPieceSuivante(m.acteur, a4);

  process.stdout.write(`${JSON.stringify({ comptes: { fournisseur: f.email, moe: m.email }, brouillon, a4: { id: a4, numero }, a15 })}\n`);
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
