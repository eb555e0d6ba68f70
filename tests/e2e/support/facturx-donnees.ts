// The data of « Importer une facture électronique »'s browser test (facturx.spec.ts), built through the domain
// functions and the seed's factories: a supplier's A4 draft with its parties saved, and a Factur-X of that supplier made
// by the portal's writer (lib/facturx/ecriture.ts) in a temporary file. Run by the spec in a child process (`tsx`,
// DATABASE_URL of the browser tests' server); prints its result as JSON.
import { randomBytes, randomInt } from "node:crypto";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { type DonneesFacturX, genererFacturX } from "@/lib/facturx/ecriture";
import { withLuhnKey } from "@/lib/identifiers/siret";
import { creerBrouillon, enregistrerParties } from "@/lib/invoices/brouillon";
import { partiesSchema } from "@/lib/invoices/schemas";
import { seedCompteBancaire, seedStructure, seedUser } from "@/prisma/seed/factories";

const suffixe = randomBytes(3).toString("hex").toUpperCase();
const siret = () => withLuhnKey(`${withLuhnKey(`9${String(randomInt(10 ** 6, 10 ** 7))}`)}0001`);

async function main() {
  const commune = await seedStructure({
    identifier: siret(),
    raisonSociale: `COMMUNE DE BELCASTEL ${suffixe}`,
    categorieJuridique: "7210",
    worksSpaceOpen: true,
    services: [{ code: "VOIRIE", libelle: "Voirie" }],
  });
  const service = await db.service.findFirstOrThrow({ where: { structureId: commune.id } });
  const moe = await seedStructure({ identifier: siret(), raisonSociale: `ATELIER D'ARCHITECTURE ${suffixe}`, worksSpaceOpen: true });
  const fournisseur = await seedStructure({ identifier: siret(), raisonSociale: `TERRASSEMENTS DU TARN ${suffixe}` });
  const compte = await seedCompteBancaire(fournisseur.id);
  const user = await seedUser({
    email: `lea.martin-${suffixe}@exemple.fr`.toLowerCase(),
    firstName: "Léa",
    lastName: "Martin",
    structureId: fournisseur.id,
    role: "GESTIONNAIRE_PRINCIPAL",
  });
  const acteur: Acteur = {
    userId: user.id,
    email: user.email,
    name: "Léa Martin",
    structure: {
      id: fournisseur.id,
      raisonSociale: fournisseur.raisonSociale,
      identifier: fournisseur.identifier,
      role: "GESTIONNAIRE_PRINCIPAL",
      status: "VALIDEE",
    },
  };
  const cadre = "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR";
  const { id: brouillon } = await creerBrouillon(acteur, { cadre });
  await enregistrerParties(
    acteur,
    brouillon,
    partiesSchema.parse({ cadre, moeSiret: moe.identifier, moaSiret: commune.identifier, serviceMoaId: service.id, compteBancaireId: compte.id }),
  );

  const numero = `FX-${suffixe}`;
  const doc = await PDFDocument.create();
  doc.addPage().drawText(`Facture ${numero}`, { x: 50, y: 700, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  const donnees: DonneesFacturX = {
    numero,
    date: "2026-03-31",
    type: "FACTURE",
    devise: "EUR",
    conditionsPaiement: "Délai global de paiement de la commande publique.",
    referenceAcheteur: "VOIRIE",
    vendeur: { nom: fournisseur.raisonSociale, siret: fournisseur.identifier },
    acheteur: { nom: commune.raisonSociale, siret: commune.identifier },
    iban: compte.iban,
    lignes: [{ libelle: "Terrassement", quantite: "1", prixUnitaire: "5000.00", montantHt: 500_000, categorieTva: "S", tauxTva: 2000 }],
    tva: [{ categorie: "S", taux: 2000, baseHt: 500_000, montantTva: 100_000 }],
    totaux: { ht: 500_000, tva: 100_000, ttc: 600_000, netAPayer: 600_000 },
  };
  const fichier = path.join(tmpdir(), `${numero}.pdf`);
  writeFileSync(fichier, await genererFacturX(donnees, await doc.save()));
  // The same invoice under a contract step « Parties » does not name: flagged there.
  const marche = `M-2026-VOIRIE-${suffixe}`;
  const fichierMarche = path.join(tmpdir(), `${numero}-marche.pdf`);
  writeFileSync(fichierMarche, await genererFacturX({ ...donnees, contrat: marche }, await doc.save()));
  process.stdout.write(`${JSON.stringify({ email: user.email, brouillon, numero, fichier, fichierMarche, marche })}\n`);
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
