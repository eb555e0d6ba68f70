// The data of the end-of-contract browser test (fin-de-marche.spec.ts), built through the domain functions and the
// seed's factories: a supplier's projet de décompte final (A7) passed on by its MOE as a projet de décompte général
// (A17), taken into account by a commune; the commune's agent, and a member of its paying service.
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
    raisonSociale: `COMMUNE DE PLOUGASTEL ${suffixe}`,
    categorieJuridique: "7210",
    worksSpaceOpen: true,
    services: [{ code: "TRAVAUX", libelle: "Services techniques" }],
  });
  const service = await db.service.findFirstOrThrow({ where: { structureId: commune.id } });
  const moe = await seedStructure({ identifier: siret(), raisonSociale: `CABINET D'ARCHITECTURE ${suffixe}`, worksSpaceOpen: true });
  const fournisseur = await seedStructure({ identifier: siret(), raisonSociale: `CONSTRUCTIONS DE L'IROISE ${suffixe}` });
  const compte = await seedCompteBancaire(fournisseur.id);

  const f = await membre(fournisseur, "Bihan", "Maelle", "GESTIONNAIRE_PRINCIPAL");
  const m = await membre(moe, "Kerjean", "Loic", "GESTIONNAIRE_PRINCIPAL");
  const agent = await membre(commune, "Cariou", "Tanguy", "UTILISATEUR_SIMPLE");
  const comptable = await membre(commune, "Guivarch", "Anne", "UTILISATEUR_SIMPLE", true);

  let n = 0;
  async function facturer(acteur: Acteur, id: string) {
    const numero = `FM-${suffixe}-${++n}`;
    await enregistrerFacture(
      acteur,
      id,
      factureSchema.parse({
        numero,
        dateFacture: "2026-06-30",
        devise: "EUR",
        typeTva: "TVA_SUR_DEBIT",
        montantHt: "41 152,26",
        montantTva: "8 230,45",
        montantTtc: "49 382,71",
        lignesTva: [{ taux: "20", baseHt: "41 152,26", montantTva: "8 230,45" }],
      }),
    );
    await ajouterPieceJointe(acteur, id, { nom: `${numero}.pdf`, contenu: await pdf(`Pièce ${numero}`), nature: "FACTURE" });
    await envoyer(acteur, id);
    return numero;
  }

  const cadre: CadreFacturation = "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR";
  const { id: a7 } = await creerBrouillon(f.acteur, { cadre });
  await enregistrerParties(
    f.acteur,
    a7,
    partiesSchema.parse({ cadre, moeSiret: moe.identifier, moaSiret: commune.identifier, serviceMoaId: service.id, compteBancaireId: compte.id }),
  );
  await facturer(f.acteur, a7);
  // The MOE's projet de décompte général (A17), taken into account by the commune's agent.
  const { id: a17 } = await deposerPieceSuivante(m.acteur, a7);
  const numeroA17 = await facturer(m.acteur, a17);
  await traiterPiece(agent.acteur, a17, "PRISE_EN_COMPTE");

  const resultat = {
    comptes: { fournisseur: f.email, moe: m.email, agent: agent.email, comptable: comptable.email },
    a17: { id: a17, numero: numeroA17 },
    fournisseur: fournisseur.raisonSociale,
    commune: commune.raisonSociale,
  };
  process.stdout.write(`${JSON.stringify(resultat)}\n`);
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
