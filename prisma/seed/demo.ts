// Demo data: the MOA of the guide with its service, an MOE, suppliers, and a user with each role.
// Idempotent: running it twice changes nothing. The README lists these logins.
import { db } from "../../lib/db";
import { ibanDeTest, seedCompteBancaire, seedStructure, seedUser } from "./factories";

/** Number of the last piece the demo writes (demo-pieces.ts): its presence says the demo dossiers are in place. */
export const DEMO_MARQUEUR = "DEMO-A8-0001";

export const DEMO = {
  // Catégorie juridique 7120 (service central d'un ministère) in the INSEE sample: a public buyer by its category.
  moa: {
    siret: "13000509300112",
    raisonSociale: "SECRETARIAT GENERAL MINISTERE JUSTICE",
    categorieJuridique: "7120",
    service: { code: "DEPT-IMMO", libelle: "Département Immobilier" },
  },
  moe: { siret: "49360218900018", raisonSociale: "ATELIER D'ARCHITECTURE GARONNE" },
  fournisseur: { siret: "41278935600026", raisonSociale: "BATIMENTS DU SUD-OUEST" },
  sousTraitant: { siret: "80516392000012", raisonSociale: "TERRASSEMENTS ET VRD DE PROVENCE" },
  /** The suppliers' « Coordonnées bancaires » (valid, fictitious IBANs): chosen at step « Parties » of a deposit. */
  comptes: {
    fournisseur: { libelle: "Compte courant", iban: ibanDeTest({ banque: "30004", guichet: "00828", compte: "00012345678" }), bic: "BNPAFRPPXXX" },
    sousTraitant: { libelle: "Compte principal", iban: ibanDeTest({ banque: "30003", guichet: "01370", compte: "00020456789" }), bic: "SOGEFRPP" },
  },
  users: {
    moaAdmin: "gestionnaire.moa@demo.factures-travaux.fr",
    moaSecondaire: "secondaire.moa@demo.factures-travaux.fr",
    moaAgent: "agent.moa@demo.factures-travaux.fr",
    moaComptable: "comptable.moa@demo.factures-travaux.fr",
    moe: "moe@demo.factures-travaux.fr",
    fournisseur: "fournisseur@demo.factures-travaux.fr",
    sousTraitant: "sous-traitant@demo.factures-travaux.fr",
    enAttente: "demande.rattachement@demo.factures-travaux.fr",
    administrateur: "admin@demo.factures-travaux.fr",
  },
} as const;

/** Structures, users, then the dossiers at every stage (demo-pieces.ts); `now` fixes « today » of the dossiers (tests). */
export async function seedDemo(o: { now?: Date } = {}): Promise<void> {
  const moa = await seedStructure({
    identifier: DEMO.moa.siret,
    raisonSociale: DEMO.moa.raisonSociale,
    // Not declared: the legal category of the INSEE directory makes it a public buyer (lib/structures/acheteur-public.ts).
    categorieJuridique: DEMO.moa.categorieJuridique,
    worksSpaceOpen: true,
    adresse: "13 PLACE VENDOME",
    codePostal: "75001",
    ville: "PARIS",
    services: [DEMO.moa.service],
  });
  const moe = await seedStructure({
    identifier: DEMO.moe.siret,
    raisonSociale: DEMO.moe.raisonSociale,
    categorieJuridique: "5499",
    worksSpaceOpen: true,
    adresse: "22 QUAI DE LA DAURADE",
    codePostal: "31000",
    ville: "TOULOUSE",
  });
  const fournisseur = await seedStructure({
    identifier: DEMO.fournisseur.siret,
    raisonSociale: DEMO.fournisseur.raisonSociale,
    categorieJuridique: "5710",
    adresse: "145 AVENUE DE LA MARNE",
    codePostal: "33700",
    ville: "MERIGNAC",
  });
  const sousTraitant = await seedStructure({
    identifier: DEMO.sousTraitant.siret,
    raisonSociale: DEMO.sousTraitant.raisonSociale,
    categorieJuridique: "5710",
    adresse: "PARC D'ACTIVITES DE LA PIOLINE",
    codePostal: "13090",
    ville: "AIX-EN-PROVENCE",
  });

  await seedCompteBancaire(fournisseur.id, { ...DEMO.comptes.fournisseur, titulaire: DEMO.fournisseur.raisonSociale });
  await seedCompteBancaire(sousTraitant.id, { ...DEMO.comptes.sousTraitant, titulaire: DEMO.sousTraitant.raisonSociale });

  await seedUser({ email: DEMO.users.moaAdmin, firstName: "Claire", lastName: "Dubois", structureId: moa.id, role: "GESTIONNAIRE_PRINCIPAL" });
  await seedUser({ email: DEMO.users.moaSecondaire, firstName: "Julien", lastName: "Lefèvre", structureId: moa.id, role: "GESTIONNAIRE_SECONDAIRE" });
  await seedUser({ email: DEMO.users.moaAgent, firstName: "Sophie", lastName: "Moreau", structureId: moa.id, role: "UTILISATEUR_SIMPLE" });
  // Its paying service: « Factures reçues », mandate and payment.
  await seedUser({
    email: DEMO.users.moaComptable,
    firstName: "Bernard",
    lastName: "Lacroix",
    structureId: moa.id,
    role: "UTILISATEUR_SIMPLE",
    serviceFinancier: true,
  });
  await seedUser({ email: DEMO.users.moe, firstName: "Hélène", lastName: "Garnier", structureId: moe.id, role: "GESTIONNAIRE_PRINCIPAL" });
  await seedUser({ email: DEMO.users.fournisseur, firstName: "Marc", lastName: "Fabre", structureId: fournisseur.id, role: "GESTIONNAIRE_PRINCIPAL" });
  await seedUser({ email: DEMO.users.sousTraitant, firstName: "Nadia", lastName: "Benali", structureId: sousTraitant.id, role: "GESTIONNAIRE_PRINCIPAL" });
  await seedUser({
    email: DEMO.users.enAttente,
    firstName: "Paul",
    lastName: "Roux",
    structureId: fournisseur.id,
    role: "UTILISATEUR_SIMPLE",
    membershipStatus: "EN_COURS_DE_VALIDATION",
  });
  // A portal administrator (in real life named by `npm run admin:create -- <email>`), attached to no structure.
  await seedUser({ email: DEMO.users.administrateur, firstName: "Alix", lastName: "Garnier", administrateur: true });

  // Imported here only: a start that finds the demo in place (isSeeded) does not load the invoices' domain.
  const { seedDemoPieces } = await import("./demo-pieces");
  await seedDemoPieces(
    {
      moa: {
        siret: DEMO.moa.siret,
        membre: { email: DEMO.users.moaAdmin, role: "GESTIONNAIRE_PRINCIPAL" },
        comptable: { email: DEMO.users.moaComptable, role: "UTILISATEUR_SIMPLE" },
        serviceCode: DEMO.moa.service.code,
      },
      moe: { siret: DEMO.moe.siret, membre: { email: DEMO.users.moe, role: "GESTIONNAIRE_PRINCIPAL" } },
      fournisseur: { siret: DEMO.fournisseur.siret, membre: { email: DEMO.users.fournisseur, role: "GESTIONNAIRE_PRINCIPAL" } },
      sousTraitant: { siret: DEMO.sousTraitant.siret, membre: { email: DEMO.users.sousTraitant, role: "GESTIONNAIRE_PRINCIPAL" } },
    },
    o,
  );
}

/** Seeded, up to its latest addition (the demo dossiers): a database seeded before gets them at the next start (the seed is idempotent). */
export async function isSeeded(): Promise<boolean> {
  return (await db.pieceTravaux.count({ where: { numero: DEMO_MARQUEUR } })) > 0;
}
