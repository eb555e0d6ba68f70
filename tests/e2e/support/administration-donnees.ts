// The data of the administrators' browser test (administration.spec.ts), built through the domain functions and the
// seed's factories: a portal administrator; a structure whose gestionnaire principal asked for the public-buyer status;
// a structure claimed by the wrong person (its gestionnaire principal), whose real manager is a validated member.
// Run by the spec in a child process (`tsx`, DATABASE_URL of the browser tests' server); prints its result as JSON.
import { randomBytes } from "node:crypto";
import type { Acteur } from "@/lib/auth/acteur";
import type { StructureRole } from "@/lib/generated/prisma/enums";
import { demanderStatutAcheteurPublic } from "@/lib/structures/demandes-acheteur-public";
import { seedStructure, seedUser } from "@/prisma/seed/factories";

const suffixe = randomBytes(3).toString("hex").toUpperCase();
/** An ASCII address from a name (« Rusé » → « ruse »). */
const courriel = (nom: string) => `${nom.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()}-${suffixe.toLowerCase()}@exemple.fr`;

async function membre(s: { id: string; raisonSociale: string; identifier: string }, nom: string, prenom: string, role: StructureRole) {
  const user = await seedUser({ email: courriel(`${prenom}.${nom}`.toLowerCase()), firstName: prenom, lastName: nom, structureId: s.id, role });
  const acteur: Acteur = {
    userId: user.id,
    email: user.email,
    name: `${prenom} ${nom}`,
    structure: { id: s.id, raisonSociale: s.raisonSociale, identifier: s.identifier, role, status: "VALIDEE" },
  };
  return { email: user.email, nom: `${prenom} ${nom}`, acteur };
}

async function main() {
  const admin = await seedUser({ email: courriel("administratrice"), firstName: "Alix", lastName: "Garnier", administrateur: true });

  // A semi-public company (catégorie 5515: not a public buyer by its category) asks for the status.
  const sem = await seedStructure({ raisonSociale: `SEM D'AMENAGEMENT DU VAL ${suffixe}`, categorieJuridique: "5515" });
  const gestionnaireSem = await membre(sem, "Leroy", "Jeanne", "GESTIONNAIRE_PRINCIPAL");
  await demanderStatutAcheteurPublic(gestionnaireSem.acteur, sem.id, {
    motif: "Société d'économie mixte locale, pouvoir adjudicateur au sens de l'article L. 1211-1 du code de la commande publique.",
  });

  // A structure claimed by someone who is not part of it; its real manager joined it later as utilisateur simple.
  const revendiquee = await seedStructure({ raisonSociale: `MENUISERIE DU BOCAGE ${suffixe}`, categorieJuridique: "5499" });
  const usurpateur = await membre(revendiquee, "Rusé", "Victor", "GESTIONNAIRE_PRINCIPAL");
  const legitime = await membre(revendiquee, "Marchand", "Odile", "UTILISATEUR_SIMPLE");

  const resultat = {
    administrateur: admin.email,
    demande: { structure: sem.raisonSociale, gestionnaire: gestionnaireSem.email },
    revendiquee: {
      id: revendiquee.id,
      raisonSociale: revendiquee.raisonSociale,
      identifier: revendiquee.identifier,
      usurpateur: { email: usurpateur.email, nom: usurpateur.nom },
      legitime: { email: legitime.email, nom: legitime.nom },
    },
  };
  process.stdout.write(`${JSON.stringify(resultat)}\n`);
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
