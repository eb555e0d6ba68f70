// The data of the paying service's browser test (service-financier.spec.ts), built through the domain functions and
// the seed's factories: a supplier's A4 passed on by its MOE (A15), taken into account by a commune, whose état
// d'acompte validé (A19) waits for the commune's paying service; a plain member of the commune without the habilitation.
// Run by the spec in a child process (`tsx`, DATABASE_URL of the browser tests' server); prints its result as JSON.
import { randomBytes, randomInt } from "node:crypto";
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { Acteur } from "@/lib/auth/acteur";
import type { CadreFacturation, StructureRole } from "@/lib/generated/prisma/enums";
import { withLuhnKey } from "@/lib/identifiers/siret";
import { creerBrouillon, enregistrerFacture, enregistrerParties } from "@/lib/invoices/brouillon";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { traiterPiece } from "@/lib/invoices/transitions";
import { db } from "@/lib/db";
import { seedCompteBancaire, seedStructure, seedUser } from "@/prisma/seed/factories";

const suffixe = randomBytes(3).toString("hex").toUpperCase();
const courriel = (nom: string) => `${nom}-${suffixe.toLowerCase()}@exemple.fr`;
/** A Luhn-valid SIRET whose SIREN starts with 9 (as no sample does). */
const siret = () => withLuhnKey(`${withLuhnKey(`9${String(randomInt(10 ** 6, 10 ** 7))}`)}0001`);

async function membre(
  s: { id: string; raisonSociale: string; identifier: string },
  nom: string,
  prenom: string,
  role: StructureRole,
  serviceFinancier = false,
) {
  const user = await seedUser({
    email: courriel(`${prenom}.${nom}`.toLowerCase()),
    firstName: prenom,
    lastName: nom,
    structureId: s.id,
    role,
    serviceFinancier,
  });
  const acteur: Acteur = {
    userId: user.id,
    email: user.email,
    name: `${prenom} ${nom}`,
    structure: { id: s.id, raisonSociale: s.raisonSociale, identifier: s.identifier, role, status: "VALIDEE", serviceFinancier },
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
    raisonSociale: `COMMUNE DE SAINT-AUBIN ${suffixe}`,
    categorieJuridique: "7210",
    worksSpaceOpen: true,
    services: [{ code: "TRAVAUX", libelle: "Services techniques" }],
  });
  const service = await db.service.findFirstOrThrow({ where: { structureId: commune.id } });
  const moe = await seedStructure({ identifier: siret(), raisonSociale: `ATELIER D'ARCHITECTURE ${suffixe}`, worksSpaceOpen: true });
  const fournisseur = await seedStructure({ identifier: siret(), raisonSociale: `BATIMENT ET GENIE CIVIL ${suffixe}` });
  const compte = await seedCompteBancaire(fournisseur.id);

  const f = await membre(fournisseur, "Bernard", "Louise", "GESTIONNAIRE_PRINCIPAL");
  const m = await membre(moe, "Lambert", "Hugo", "GESTIONNAIRE_PRINCIPAL");
  const agent = await membre(commune, "Petit", "Yanis", "UTILISATEUR_SIMPLE");
  const comptable = await membre(commune, "Fabre", "Claire", "UTILISATEUR_SIMPLE", true);

  let n = 0;
  async function facturer(acteur: Acteur, id: string) {
    const numero = `EP-${suffixe}-${++n}`;
    await enregistrerFacture(
      acteur,
      id,
      factureSchema.parse({
        numero,
        dateFacture: "2026-03-31",
        devise: "EUR",
        typeTva: "TVA_SUR_DEBIT",
        montantHt: "10 288,06",
        montantTva: "2 057,61",
        montantTtc: "12 345,67",
        lignesTva: [{ taux: "20", baseHt: "10 288,06", montantTva: "2 057,61" }],
      }),
    );
    await ajouterPieceJointe(acteur, id, { nom: `${numero}.pdf`, contenu: await pdf(`Facture ${numero}`), nature: "FACTURE" });
    await envoyer(acteur, id);
    return numero;
  }

  const cadre: CadreFacturation = "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR";
  const { id: a4 } = await creerBrouillon(f.acteur, { cadre });
  await enregistrerParties(
    f.acteur,
    a4,
    partiesSchema.parse({ cadre, moeSiret: moe.identifier, moaSiret: commune.identifier, serviceMoaId: service.id, compteBancaireId: compte.id }),
  );
  const numeroA4 = await facturer(f.acteur, a4);
  const { id: a15 } = await deposerPieceSuivante(m.acteur, a4);
  await facturer(m.acteur, a15);
  // The commune's agent takes the MOE's état d'acompte into account and issues its état d'acompte validé (A19).
  await traiterPiece(agent.acteur, a15, "PRISE_EN_COMPTE");
  const { id: a19 } = await deposerPieceSuivante(agent.acteur, a15);
  const numeroA19 = await facturer(agent.acteur, a19);

  const resultat = {
    comptes: { fournisseur: f.email, moe: m.email, agent: agent.email, comptable: comptable.email },
    a4: { id: a4, numero: numeroA4 },
    a19: { id: a19, numero: numeroA19 },
    fournisseur: fournisseur.raisonSociale,
  };
  process.stdout.write(`${JSON.stringify(resultat)}\n`);
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
