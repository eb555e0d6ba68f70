import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Acteur } from "@/lib/auth/acteur";
import { creerStructure } from "@/lib/structures/creation";
import { creerStructureServerSchema } from "@/lib/structures/server-schemas";
import { modifierParametres } from "@/lib/structures/parametres";
import { parametresSchema } from "@/lib/structures/schemas";
import {
  deciderDemandeAcheteurPublic,
  demandesAcheteurPublic,
  demanderStatutAcheteurPublic,
  etatAcheteurPublic,
  retirerStatutAcheteurPublic,
} from "@/lib/structures/demandes-acheteur-public";
import { estCategoriePublique } from "@/lib/structures/acheteur-public";
import {
  changerEtatStructure,
  reattribuerGestionnairePrincipal,
  rechercherStructuresAdministration,
  structureAdministration,
} from "@/lib/administration/structures";
import { nommerAdministrateur } from "@/lib/accounts/administrateurs";
import { utilisateursDeStructure } from "@/lib/structures/utilisateurs";
import { definirMotDePasse } from "@/lib/accounts/mot-de-passe";
import { creerBrouillon, enregistrerParties } from "@/lib/invoices/brouillon";
import { partiesSchema } from "@/lib/invoices/schemas";
import { consulterJournal } from "@/lib/audit/consultation";
import { seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { codeDe, inseeEtablissement, lienDans, mailsPour } from "../support/fixtures";
import { acteurDe } from "./factures-fixtures";

// Who may act for a structure: public buyers come from the INSEE legal category or an administrator's grant, never
// from the structure itself; portal administrators (created from the command line) decide the requests, and manage
// structures (deactivation, reassignment of the gestionnaire principal); everything they do is audited and mailed.

async function administrateur(): Promise<Acteur> {
  const u = await seedUser({ administrateur: true, firstName: "Agathe", lastName: "Admin" });
  return { userId: u.id, email: u.email, name: "Agathe Admin", structure: null, administrateur: true };
}

/** A structure with a gestionnaire principal, a gestionnaire secondaire and a validated utilisateur simple. */
async function structureAvecMembres(o: { isPublicBuyer?: boolean } = {}) {
  const structure = await seedStructure({ raisonSociale: `OFFICE PUBLIC DE L'HABITAT ${uniqueSuffix().toUpperCase()}`, ...o });
  const principal = await seedUser({ structureId: structure.id, role: "GESTIONNAIRE_PRINCIPAL", firstName: "Paul", lastName: "Principal" });
  const secondaire = await seedUser({ structureId: structure.id, role: "GESTIONNAIRE_SECONDAIRE", firstName: "Sarah", lastName: "Secondaire" });
  const simple = await seedUser({ structureId: structure.id, role: "UTILISATEUR_SIMPLE", firstName: "Simon", lastName: "Simple" });
  const membership = (userId: string) => db.membership.findUniqueOrThrow({ where: { userId_structureId: { userId, structureId: structure.id } } });
  return {
    structure,
    principal,
    secondaire,
    simple,
    membership,
    acteurs: {
      principal: acteurDe(principal, structure, "GESTIONNAIRE_PRINCIPAL"),
      secondaire: acteurDe(secondaire, structure, "GESTIONNAIRE_SECONDAIRE"),
      simple: acteurDe(simple, structure, "UTILISATEUR_SIMPLE"),
    },
  };
}

const templates = async (email: string) => (await mailsPour(email)).map((m) => m.template);

describe("statut d'acheteur public par la catégorie juridique INSEE", () => {
  it("les familles 4 et 7 de la nomenclature en font un acheteur public, pas les autres", () => {
    for (const c of ["7120", "7210", "7361", "4110", "4140"]) expect(estCategoriePublique(c), c).toBe(true);
    for (const c of ["5710", "5499", "1000", "9220", "3120", "", null, "7", "71200", "abcd"]) expect(estCategoriePublique(c), String(c)).toBe(false);
  });

  it.each([
    ["7210", "une commune (7xxx)", true],
    ["4110", "un EPIC (4xxx)", true],
    ["5710", "une SAS (5xxx)", false],
  ] as const)("catégorie %s, %s : acheteur public %s à la création de la structure", async (categorieJuridique, _nom, attendu) => {
    const { siret } = await inseeEtablissement({ categorieJuridique });
    const user = await seedUser();
    const s = await creerStructure(
      { userId: user.id, email: user.email, name: "Camille Martin", structure: null },
      creerStructureServerSchema.parse({ structure: { identifierType: "SIRET", identifier: siret } }),
    );
    expect(s).toMatchObject({ categorieJuridique, isPublicBuyer: attendu, acheteurPublicSource: attendu ? "CATEGORIE_JURIDIQUE" : null });
    const etat = await etatAcheteurPublic(acteurDe(user, s), s.id);
    expect(etat).toMatchObject({ isPublicBuyer: attendu, source: attendu ? "CATEGORIE_JURIDIQUE" : null, categorieJuridique });
  });
});

describe("statut d'acheteur public accordé par un administrateur, jamais déclaré par la structure", () => {
  it("un gestionnaire principal ne peut pas se déclarer acheteur public depuis ses paramètres", async () => {
    const f = await structureAvecMembres();
    // The action's schema has no such field any more…
    expect(parametresSchema.safeParse({ isPublicBuyer: true }).success).toBe(false);
    expect(parametresSchema.parse({ worksSpaceOpen: true, isPublicBuyer: true })).toEqual({ worksSpaceOpen: true });
    // …and the domain function ignores it, whatever a caller sends.
    expect(await codeDe(modifierParametres(f.acteurs.principal, f.structure.id, { isPublicBuyer: true } as never))).toBe("SAISIE_INVALIDE");
    await modifierParametres(f.acteurs.principal, f.structure.id, { worksSpaceOpen: true, isPublicBuyer: true } as never);
    expect(await db.structure.findUniqueOrThrow({ where: { id: f.structure.id } })).toMatchObject({ worksSpaceOpen: true, isPublicBuyer: false });
  });

  it("demande → accord de l'administrateur → la structure peut être maîtrise d'ouvrage d'une facture ; les gestionnaires sont prévenus", async () => {
    const f = await structureAvecMembres();
    const admin = await administrateur();
    const fournisseur = await seedStructure();
    const moe = await seedStructure({ worksSpaceOpen: true });
    const deposant = acteurDe(await seedUser({ structureId: fournisseur.id, role: "GESTIONNAIRE_PRINCIPAL" }), fournisseur);
    const { id } = await creerBrouillon(deposant, { cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR" });
    const parties = partiesSchema.parse({ cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", moeSiret: moe.identifier, moaSiret: f.structure.identifier });
    expect(await codeDe(enregistrerParties(deposant, id, parties))).toBe("MOA_NON_PUBLIQUE");

    // Only the gestionnaire principal asks, with a reason; one request at a time.
    expect(await codeDe(demanderStatutAcheteurPublic(f.acteurs.secondaire, f.structure.id, { motif: "Nous sommes un office public." }))).toBe("NON_AUTORISE");
    expect(await codeDe(demanderStatutAcheteurPublic(f.acteurs.principal, f.structure.id, { motif: "   " }))).toBe("SAISIE_INVALIDE");
    const { id: demandeId } = await demanderStatutAcheteurPublic(f.acteurs.principal, f.structure.id, {
      motif: "Office public de l'habitat, pouvoir adjudicateur.",
    });
    expect(await codeDe(demanderStatutAcheteurPublic(f.acteurs.principal, f.structure.id, { motif: "Encore" }))).toBe("DEMANDE_DEJA_EN_COURS");
    expect(await etatAcheteurPublic(f.acteurs.simple, f.structure.id)).toMatchObject({ isPublicBuyer: false, derniereDemande: { statut: "EN_ATTENTE" } });
    // Still not a public buyer until an administrator decides; the administrators were told.
    expect(await codeDe(enregistrerParties(deposant, id, parties))).toBe("MOA_NON_PUBLIQUE");
    expect(await templates(admin.email)).toContain("acheteur-public-demande");
    expect((await demandesAcheteurPublic(admin, { statut: "EN_ATTENTE" })).map((d) => d.id)).toContain(demandeId);

    await deciderDemandeAcheteurPublic(admin, demandeId, { decision: "ACCORDER" });
    expect(await db.structure.findUniqueOrThrow({ where: { id: f.structure.id } })).toMatchObject({
      isPublicBuyer: true,
      acheteurPublicSource: "ADMINISTRATEUR",
    });
    expect(await codeDe(enregistrerParties(deposant, id, parties))).toBe("OK");
    expect(await codeDe(deciderDemandeAcheteurPublic(admin, demandeId, { decision: "REFUSER", motif: "Trop tard" }))).toBe("DEJA_TRAITE");

    for (const g of [f.principal, f.secondaire]) expect(await templates(g.email)).toContain("acheteur-public-decision");
    expect(await templates(f.simple.email)).not.toContain("acheteur-public-decision");
    const journal = await db.journalAudit.findMany({ where: { structureId: f.structure.id }, orderBy: { id: "asc" } });
    expect(journal.map((e) => [e.action, e.acteurRole])).toEqual([
      ["ACHETEUR_PUBLIC_DEMANDE", "GESTIONNAIRE_PRINCIPAL"],
      ["ACHETEUR_PUBLIC_ACCORDE", "ADMINISTRATEUR_PORTAIL"],
    ]);
    expect(journal[1]).toMatchObject({
      acteurUserId: admin.userId,
      avant: { isPublicBuyer: false },
      apres: { isPublicBuyer: true, acheteurPublicSource: "ADMINISTRATEUR" },
    });
  });

  it("un refus exige son motif, qui est envoyé aux gestionnaires ; une nouvelle demande est alors possible", async () => {
    const f = await structureAvecMembres();
    const admin = await administrateur();
    const { id } = await demanderStatutAcheteurPublic(f.acteurs.principal, f.structure.id, { motif: "Société d'économie mixte." });
    expect(await codeDe(deciderDemandeAcheteurPublic(admin, id, { decision: "REFUSER", motif: " " }))).toBe("MOTIF_OBLIGATOIRE");
    await deciderDemandeAcheteurPublic(admin, id, { decision: "REFUSER", motif: "Aucun justificatif de pouvoir adjudicateur." });
    expect((await db.structure.findUniqueOrThrow({ where: { id: f.structure.id } })).isPublicBuyer).toBe(false);
    const mail = (await mailsPour(f.principal.email)).find((m) => m.template === "acheteur-public-decision")!;
    expect(mail.subject).toBe("La demande de statut d'acheteur public de votre structure a été refusée");
    expect(mail.text).toContain("Aucun justificatif de pouvoir adjudicateur.");
    expect(await etatAcheteurPublic(f.acteurs.principal, f.structure.id)).toMatchObject({
      derniereDemande: { statut: "REFUSEE", motifDecision: "Aucun justificatif de pouvoir adjudicateur." },
    });
    expect(await codeDe(demanderStatutAcheteurPublic(f.acteurs.principal, f.structure.id, { motif: "Voici le justificatif." }))).toBe("OK");
  });

  it("deux demandes à la fois n'en font qu'une", async () => {
    const f = await structureAvecMembres();
    const codes = await Promise.all([1, 2].map((n) => codeDe(demanderStatutAcheteurPublic(f.acteurs.principal, f.structure.id, { motif: `Demande ${n}` }))));
    expect(codes.sort()).toEqual(["DEMANDE_DEJA_EN_COURS", "OK"]);
  });

  it("un administrateur retire le statut, avec un motif envoyé aux gestionnaires", async () => {
    const f = await structureAvecMembres({ isPublicBuyer: true });
    const admin = await administrateur();
    expect(await codeDe(retirerStatutAcheteurPublic(admin, f.structure.id, { motif: "" }))).toBe("MOTIF_OBLIGATOIRE");
    await retirerStatutAcheteurPublic(admin, f.structure.id, { motif: "Statut accordé par erreur." });
    expect(await db.structure.findUniqueOrThrow({ where: { id: f.structure.id } })).toMatchObject({ isPublicBuyer: false, acheteurPublicSource: null });
    expect((await mailsPour(f.secondaire.email)).find((m) => m.template === "acheteur-public-decision")?.text).toContain("Statut accordé par erreur.");
    expect(await codeDe(retirerStatutAcheteurPublic(admin, f.structure.id, { motif: "Encore" }))).toBe("DEJA_TRAITE");
  });
});

describe("fonctions d'administration", () => {
  it("sont refusées à qui n'est pas administrateur du portail, même s'il le prétend", async () => {
    const f = await structureAvecMembres();
    const { id: demandeId } = await demanderStatutAcheteurPublic(f.acteurs.principal, f.structure.id, { motif: "Office public." });
    const m = await f.membership(f.secondaire.id);
    const appels: Record<string, (a: Acteur) => Promise<unknown>> = {
      "file des demandes": (a) => demandesAcheteurPublic(a),
      "accorder une demande": (a) => deciderDemandeAcheteurPublic(a, demandeId, { decision: "ACCORDER" }),
      "refuser une demande": (a) => deciderDemandeAcheteurPublic(a, demandeId, { decision: "REFUSER", motif: "Non" }),
      "retirer le statut": (a) => retirerStatutAcheteurPublic(a, f.structure.id, { motif: "Non" }),
      "chercher des structures": (a) => rechercherStructuresAdministration(a, { q: f.structure.raisonSociale }),
      "voir une structure": (a) => structureAdministration(a, f.structure.id),
      "lire le journal du portail": (a) => consulterJournal(a, {}, { perimetre: "PORTAIL" }),
      "désactiver une structure": (a) => changerEtatStructure(a, f.structure.id, { active: false, motif: "Non" }),
      "réattribuer le gestionnaire principal": (a) =>
        reattribuerGestionnairePrincipal(a, f.structure.id, { membershipId: m.id, anciens: "DESACTIVE", motif: "Non" }),
    };
    const ancienAdmin = await seedUser({ administrateur: true, status: "DESACTIVE" });
    const pretendants: Record<string, Acteur> = {
      "gestionnaire principal": f.acteurs.principal,
      "gestionnaire qui se dit administrateur": { ...f.acteurs.principal, administrateur: true },
      "administrateur désactivé": { userId: ancienAdmin.id, email: ancienAdmin.email, name: "Ancien", structure: null, administrateur: true },
    };
    for (const [qui, a] of Object.entries(pretendants)) {
      for (const [quoi, appel] of Object.entries(appels)) {
        expect(await codeDe(appel(a)), `${qui} : ${quoi}`).toMatch(/ADMINISTRATEUR_REQUIS|NON_AUTORISE/);
      }
    }
    // The whole portal's journal: administrators only.
    expect(await codeDe(consulterJournal(f.acteurs.principal, {}, { perimetre: "PORTAIL" }))).toBe("ADMINISTRATEUR_REQUIS");
    // Nothing changed.
    expect(await db.structure.findUniqueOrThrow({ where: { id: f.structure.id } })).toMatchObject({ active: true, isPublicBuyer: false });
    expect(await db.demandeAcheteurPublic.findUniqueOrThrow({ where: { id: demandeId } })).toMatchObject({ statut: "EN_ATTENTE" });
    expect(await f.membership(f.principal.id)).toMatchObject({ role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE" });
  });

  it("trouvent une structure par son nom ou son identifiant, active ou non, et montrent ses membres", async () => {
    const f = await structureAvecMembres();
    const admin = await administrateur();
    const mot = f.structure.raisonSociale.split(" ").at(-1)!.toLowerCase();
    expect((await rechercherStructuresAdministration(admin, { q: `habitat ${mot}` })).results.map((r) => r.id)).toContain(f.structure.id);
    expect((await rechercherStructuresAdministration(admin, { q: f.structure.identifier.slice(0, 9) })).results.map((r) => r.id)).toContain(f.structure.id);
    expect((await rechercherStructuresAdministration(admin, { q: "" })).results).toEqual([]);
    expect((await rechercherStructuresAdministration(admin, { q: "\u0000%_" })).results).toEqual([]);
    const vue = await structureAdministration(admin, f.structure.id);
    expect(vue.membres.map((m) => `${m.nom}/${m.role}/${m.status}`).sort()).toEqual([
      "Paul Principal/GESTIONNAIRE_PRINCIPAL/VALIDEE",
      "Sarah Secondaire/GESTIONNAIRE_SECONDAIRE/VALIDEE",
      "Simon Simple/UTILISATEUR_SIMPLE/VALIDEE",
    ]);
  });

  it("désactivent puis réactivent une structure, avec un motif, journalisé et envoyé aux gestionnaires", async () => {
    const f = await structureAvecMembres();
    const admin = await administrateur();
    expect(await codeDe(changerEtatStructure(admin, f.structure.id, { active: false, motif: "" }))).toBe("MOTIF_OBLIGATOIRE");
    await changerEtatStructure(admin, f.structure.id, { active: false, motif: "Structure fictive signalée." });
    expect((await db.structure.findUniqueOrThrow({ where: { id: f.structure.id } })).active).toBe(false);
    // Nobody acts for it any more.
    expect(await codeDe(utilisateursDeStructure(f.acteurs.principal, f.structure.id))).toBe("STRUCTURE_INACTIVE");
    expect(await codeDe(demanderStatutAcheteurPublic(f.acteurs.principal, f.structure.id, { motif: "Office public." }))).toBe("STRUCTURE_INACTIVE");
    expect(await codeDe(changerEtatStructure(admin, f.structure.id, { active: false, motif: "Encore" }))).toBe("DEJA_TRAITE");
    // Still found by administrators.
    expect((await rechercherStructuresAdministration(admin, { q: f.structure.identifier })).results[0]).toMatchObject({ id: f.structure.id, active: false });
    await changerEtatStructure(admin, f.structure.id, { active: true, motif: "Vérification faite." });
    expect((await db.structure.findUniqueOrThrow({ where: { id: f.structure.id } })).active).toBe(true);
    expect(await codeDe(utilisateursDeStructure(f.acteurs.principal, f.structure.id))).toBe("OK");
    const mails = (await mailsPour(f.principal.email)).filter((m) => m.template === "structure-administration");
    expect(mails.map((m) => m.subject)).toEqual(["Votre structure a été désactivée sur le portail", "Votre structure a été réactivée sur le portail"]);
    expect(mails[0].text).toContain("Structure fictive signalée.");
    expect(await templates(f.simple.email)).not.toContain("structure-administration");
    const journal = await db.journalAudit.findMany({ where: { structureId: f.structure.id }, orderBy: { id: "asc" } });
    expect(journal.map((e) => e.action)).toEqual(["STRUCTURE_DESACTIVEE", "STRUCTURE_REACTIVEE"]);
    expect(journal[0]).toMatchObject({
      acteurRole: "ADMINISTRATEUR_PORTAIL",
      avant: { active: true },
      apres: { active: false, motif: "Structure fictive signalée." },
    });
  });

  it("confient le rôle de gestionnaire principal à un autre membre validé ; l'ancien est désactivé et ses sessions prennent fin", async () => {
    const f = await structureAvecMembres();
    const admin = await administrateur();
    const enAttente = await seedUser({ structureId: f.structure.id, membershipStatus: "EN_COURS_DE_VALIDATION" });
    const autre = await structureAvecMembres();
    const cible = await f.membership(f.simple.id);
    const motif = "Structure revendiquée par une personne qui n'en fait pas partie.";
    expect(
      await codeDe(
        reattribuerGestionnairePrincipal(admin, f.structure.id, { membershipId: (await f.membership(enAttente.id)).id, anciens: "DESACTIVE", motif }),
      ),
    ).toBe("MEMBRE_NON_VALIDE");
    expect(
      await codeDe(
        reattribuerGestionnairePrincipal(admin, f.structure.id, { membershipId: (await autre.membership(autre.simple.id)).id, anciens: "DESACTIVE", motif }),
      ),
    ).toBe("INTROUVABLE");
    expect(await codeDe(reattribuerGestionnairePrincipal(admin, f.structure.id, { membershipId: cible.id, anciens: "DESACTIVE", motif: "" }))).toBe(
      "MOTIF_OBLIGATOIRE",
    );

    const versionAvant = (await db.user.findUniqueOrThrow({ where: { id: f.principal.id } })).sessionVersion;
    await reattribuerGestionnairePrincipal(admin, f.structure.id, { membershipId: cible.id, anciens: "DESACTIVE", motif });
    expect(await f.membership(f.simple.id)).toMatchObject({ role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE" });
    expect(await f.membership(f.principal.id)).toMatchObject({ role: "UTILISATEUR_SIMPLE", status: "DESACTIVEE" });
    const ancien = await db.user.findUniqueOrThrow({ where: { id: f.principal.id } });
    expect(ancien.sessionVersion).toBe(versionAvant + 1);
    expect(ancien.currentStructureId).toBeNull();

    // The new gestionnaire principal, the secondaire and the former one are told, with the reason.
    for (const u of [f.simple, f.secondaire, f.principal]) {
      const mail = (await mailsPour(u.email)).find((m) => m.template === "structure-administration");
      expect(mail?.text, u.email).toContain("a désigné Simon Simple gestionnaire principal de la structure ; Paul Principal est désactivé.");
      expect(mail?.text).toContain(motif);
    }
    const journal = await db.journalAudit.findMany({ where: { structureId: f.structure.id }, orderBy: { id: "asc" } });
    expect(journal.map((e) => [e.action, e.cibleId])).toEqual([
      ["GESTIONNAIRE_PRINCIPAL_REATTRIBUE", cible.id],
      ["UTILISATEUR_DESACTIVE", (await f.membership(f.principal.id)).id],
    ]);
  });

  it("peuvent garder l'ancien gestionnaire principal comme gestionnaire secondaire", async () => {
    const f = await structureAvecMembres();
    const admin = await administrateur();
    await reattribuerGestionnairePrincipal(admin, f.structure.id, {
      membershipId: (await f.membership(f.secondaire.id)).id,
      anciens: "SECONDAIRE",
      motif: "Départ en retraite.",
    });
    expect(await f.membership(f.secondaire.id)).toMatchObject({ role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE" });
    expect(await f.membership(f.principal.id)).toMatchObject({ role: "GESTIONNAIRE_SECONDAIRE", status: "VALIDEE" });
    expect((await mailsPour(f.principal.email)).find((m) => m.template === "structure-administration")?.text).toContain(
      "Paul Principal devient gestionnaire secondaire",
    );
  });
});

describe("npm run admin:create", () => {
  it("promeut un compte actif, sans rien changer la seconde fois", async () => {
    const u = await seedUser();
    expect(await nommerAdministrateur(u.email.toUpperCase())).toEqual({ etat: "PROMU", email: u.email });
    expect((await db.user.findUniqueOrThrow({ where: { id: u.id } })).administrateurPortail).toBe(true);
    expect(await nommerAdministrateur(u.email)).toEqual({ etat: "DEJA_ADMINISTRATEUR", email: u.email });
    expect(await db.journalAudit.count({ where: { action: "ADMINISTRATEUR_NOMME", cibleId: u.id } })).toBe(1);
    expect(await mailsPour(u.email)).toHaveLength(0);
  });

  it("crée le compte d'une adresse inconnue et lui envoie son lien d'activation ; activé, il est administrateur", async () => {
    const email = `admin-${uniqueSuffix()}@exemple.fr`;
    expect(await nommerAdministrateur(email, { prenom: "Alix", nom: "Garnier" })).toEqual({ etat: "CREE", email });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ status: "EN_ATTENTE_ACTIVATION", administrateurPortail: true, firstName: "Alix", lastName: "Garnier" });
    const activation = (await mailsPour(email)).find((m) => m.template === "activation")!;
    await definirMotDePasse(lienDans(activation.text, "activation"), "ACTIVATION", "Administration-2026!");
    const actif = await db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(actif).toMatchObject({ status: "ACTIF", administrateurPortail: true });
    expect(actif.memberships).toHaveLength(0);
  });

  it("refuse une adresse invalide et un compte désactivé", async () => {
    expect(await codeDe(nommerAdministrateur("pas-une-adresse"))).toBe("SAISIE_INVALIDE");
    const u = await seedUser({ status: "DESACTIVE" });
    expect(await codeDe(nommerAdministrateur(u.email))).toBe("COMPTE_DESACTIVE");
    expect((await db.user.findUniqueOrThrow({ where: { id: u.id } })).administrateurPortail).toBe(false);
  });
});
