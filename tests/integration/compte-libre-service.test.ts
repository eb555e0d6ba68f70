import { describe, expect, it } from "vitest";
import argon2 from "argon2";
import { db } from "@/lib/db";
import { desactiverMonCompte, modifierIdentite, structuresSansAutrePrincipal } from "@/lib/accounts/compte";
import { identiteSchema } from "@/lib/accounts/compte-schemas";
import { changerMotDePasse } from "@/lib/accounts/mon-compte";
import { actualiserDepuisInsee, modifierCoordonnees } from "@/lib/structures/coordonnees";
import { coordonneesSchema } from "@/lib/structures/coordonnees-schema";
import { changerRole } from "@/lib/structures/utilisateurs";
import { DEMO_PASSWORD, seedStructure, seedUser } from "@/prisma/seed/factories";
import { codeDe, inseeEtablissement, randomSiret, uniqueSuffix } from "../support/fixtures";
import { acteur, structureComplete, type Profil } from "./structures-fixtures";

const journalDe = (cibleId: string, action: string) => db.journalAudit.findMany({ where: { cibleId, action }, orderBy: { id: "asc" } });

describe("« Mon compte » : mes informations", () => {
  it("prénom, nom et téléphone se modifient (téléphone mis en forme), journalisés avec les seuls champs changés ; les mêmes valeurs ne changent rien", async () => {
    const u = await seedUser({ firstName: "Camille", lastName: "Martin" });
    const a = acteur(u);
    const saisie = identiteSchema.parse({ firstName: "  Camille-Anne ", lastName: "Martin", phone: "06 12 34 56 78" });
    expect(await modifierIdentite(a, saisie)).toEqual({ modifie: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: u.id } })).toMatchObject({
      firstName: "Camille-Anne",
      lastName: "Martin",
      phone: "+33 6 12 34 56 78",
    });
    const [entree] = await journalDe(u.id, "COMPTE_MODIFIE");
    expect(entree.avant).toEqual({ firstName: "Camille", phone: "+33 1 23 45 67 89" });
    expect(entree.apres).toEqual({ firstName: "Camille-Anne", phone: "+33 6 12 34 56 78" });
    expect(await modifierIdentite(a, saisie)).toEqual({ modifie: false });
    expect(await journalDe(u.id, "COMPTE_MODIFIE")).toHaveLength(1);
  });

  it("un prénom vide ou un téléphone invalide est refusé, champ par champ", () => {
    const r = identiteSchema.safeParse({ firstName: " ", lastName: "Martin", phone: "12" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["firstName", "phone"]);
  });

  it("un compte désactivé ne modifie plus rien", async () => {
    const u = await seedUser({ status: "DESACTIVE" });
    expect(await codeDe(modifierIdentite(acteur(u), { firstName: "A", lastName: "B", phone: "+33 6 12 34 56 78" }))).toBe("NON_AUTORISE");
  });
});

describe("« Mon compte » : mot de passe", () => {
  it("le mot de passe actuel est exigé ; le nouveau suit les règles ; le changement ferme les autres sessions et se journalise", async () => {
    const u = await seedUser({ email: `mdp-${uniqueSuffix()}@exemple.fr` });
    const a = acteur(u);
    expect(await codeDe(changerMotDePasse(a, { actuel: "Mauvais-mot-de-passe-1", password: "Nouveau-Secret-2026!" }))).toBe("MOT_DE_PASSE_ACTUEL_INCORRECT");
    expect(await codeDe(changerMotDePasse(a, { actuel: DEMO_PASSWORD, password: "court" }))).toBe("MOT_DE_PASSE_FAIBLE");
    const avant = await db.user.findUniqueOrThrow({ where: { id: u.id } });
    const { sessionVersion } = await changerMotDePasse(a, { actuel: DEMO_PASSWORD, password: "Nouveau-Secret-2026!" });
    expect(sessionVersion).toBe(avant.sessionVersion + 1);
    const apres = await db.user.findUniqueOrThrow({ where: { id: u.id }, omit: { passwordHash: false } });
    expect(await argon2.verify(apres.passwordHash!, "Nouveau-Secret-2026!")).toBe(true);
    const entrees = await journalDe(u.id, "COMPTE_MOT_DE_PASSE_MODIFIE");
    expect(entrees).toHaveLength(1);
    expect(JSON.stringify({ avant: entrees[0].avant, apres: entrees[0].apres })).not.toContain("Nouveau-Secret");
  });
});

describe("« Désactiver mon compte »", () => {
  it("refusé au dernier gestionnaire principal, avec la structure nommée et l'issue ; possible une fois un autre gestionnaire principal nommé", async () => {
    const s = await seedStructure({ raisonSociale: `MENUISERIE ${uniqueSuffix().toUpperCase()}` });
    const principal = await seedUser({ structureId: s.id, role: "GESTIONNAIRE_PRINCIPAL" });
    const collegue = await seedUser({ structureId: s.id, role: "UTILISATEUR_SIMPLE" });
    const a = acteur(principal, s, "GESTIONNAIRE_PRINCIPAL");

    expect((await structuresSansAutrePrincipal(a)).map((b) => b.id)).toEqual([s.id]);
    const refus = await desactiverMonCompte(a, { motDePasse: DEMO_PASSWORD }).catch((e: Error) => e);
    expect(refus).toMatchObject({ code: "DERNIER_GESTIONNAIRE_PRINCIPAL" });
    expect((refus as Error).message).toContain(s.raisonSociale);
    expect((refus as Error).message).toContain("Nommez d'abord un autre gestionnaire principal");
    expect((await db.user.findUniqueOrThrow({ where: { id: principal.id } })).status).toBe("ACTIF");

    // A gestionnaire principal whose account is deactivated does not count.
    await seedUser({ structureId: s.id, role: "GESTIONNAIRE_PRINCIPAL", status: "DESACTIVE" });
    expect(await codeDe(desactiverMonCompte(a, { motDePasse: DEMO_PASSWORD }))).toBe("DERNIER_GESTIONNAIRE_PRINCIPAL");

    const membership = await db.membership.findFirstOrThrow({ where: { userId: collegue.id, structureId: s.id } });
    await changerRole(a, membership.id, "GESTIONNAIRE_PRINCIPAL");
    expect(await structuresSansAutrePrincipal(a)).toEqual([]);

    expect(await codeDe(desactiverMonCompte(a, { motDePasse: "Pas-le-bon-2026!" }))).toBe("MOT_DE_PASSE_ACTUEL_INCORRECT");
    expect((await db.user.findUniqueOrThrow({ where: { id: principal.id } })).status).toBe("ACTIF");

    const avant = await db.user.findUniqueOrThrow({ where: { id: principal.id } });
    await desactiverMonCompte(a, { motDePasse: DEMO_PASSWORD });
    const apres = await db.user.findUniqueOrThrow({ where: { id: principal.id } });
    expect(apres.status).toBe("DESACTIVE");
    expect(apres.sessionVersion).toBe(avant.sessionVersion + 1);
    expect((await db.membership.findFirstOrThrow({ where: { userId: principal.id, structureId: s.id } })).status).toBe("DESACTIVEE");
    // The structure's managers see it in their « Journal ».
    const entrees = await db.journalAudit.findMany({ where: { acteurUserId: principal.id, action: "COMPTE_DESACTIVE" } });
    expect(entrees.map((e) => e.structureId).sort()).toEqual([null, s.id].sort());
    // Nothing more from this account.
    expect(await codeDe(modifierIdentite(a, { firstName: "A", lastName: "B", phone: "+33 6 12 34 56 78" }))).toBe("NON_AUTORISE");
  });

  it("un utilisateur simple désactive son compte (mot de passe confirmé), sa demande en attente close avec", async () => {
    const s = await seedStructure();
    const autre = await seedStructure();
    const u = await seedUser({ structureId: s.id, role: "UTILISATEUR_SIMPLE" });
    await db.membership.create({ data: { userId: u.id, structureId: autre.id, role: "UTILISATEUR_SIMPLE", status: "EN_COURS_DE_VALIDATION" } });
    await desactiverMonCompte(acteur(u, s), { motDePasse: DEMO_PASSWORD });
    expect((await db.membership.findMany({ where: { userId: u.id } })).map((m) => m.status)).toEqual(["DESACTIVEE", "DESACTIVEE"]);
  });
});

describe("coordonnées d'une structure", () => {
  const ATTENDU: Record<Profil, string> = {
    principal: "OK",
    secondaire: "NON_AUTORISE",
    simple: "NON_AUTORISE",
    enAttente: "NON_AUTORISE",
    desactive: "RATTACHEMENT_NON_VALIDE",
    exterieur: "NON_AUTORISE",
  };
  it.each(Object.keys(ATTENDU) as Profil[])("modifier le libellé et le téléphone : %s", async (profil) => {
    const f = await structureComplete();
    const saisie = coordonneesSchema.parse({ libelle: "Direction des travaux", phone: "05 61 00 00 00", email: "Travaux@Exemple.fr" });
    expect(await codeDe(modifierCoordonnees(f.acteurs[profil], f.structure.id, saisie))).toBe(ATTENDU[profil]);
    const s = await db.structure.findUniqueOrThrow({ where: { id: f.structure.id } });
    expect(s.libelle === "Direction des travaux").toBe(ATTENDU[profil] === "OK");
    if (ATTENDU[profil] === "OK") {
      expect(s).toMatchObject({ phone: "+33 5 61 00 00 00", email: "travaux@exemple.fr" });
      const [entree] = await journalDe(f.structure.id, "STRUCTURE_MODIFIEE");
      expect(entree).toMatchObject({
        structureId: f.structure.id,
        apres: { libelle: "Direction des travaux", phone: "+33 5 61 00 00 00", email: "travaux@exemple.fr" },
      });
    }
  });

  it("l'adresse d'une structure SIRET vient de l'INSEE : refusée ; celle d'une structure hors UE se modifie", async () => {
    const f = await structureComplete();
    const a = f.acteurs.principal;
    const r = await modifierCoordonnees(a, f.structure.id, coordonneesSchema.parse({ ville: "LYON" })).catch((e) => e);
    expect(r).toMatchObject({ code: "SAISIE_INVALIDE", fieldErrors: { ville: expect.stringContaining("annuaire INSEE") } });
    expect((await db.structure.findUniqueOrThrow({ where: { id: f.structure.id } })).ville).toBe("PARIS");
    // The same address sent back with the form (unchanged) is not a change.
    expect(await modifierCoordonnees(a, f.structure.id, coordonneesSchema.parse({ ville: "PARIS", libelle: "Siège" }))).toEqual({ modifie: true });

    const horsUe = await seedStructure({ identifierType: "HORS_UE", identifier: `HUE-${uniqueSuffix()}`, raisonSociale: "ACME CONSTRUCTION LTD" });
    const g = await seedUser({ structureId: horsUe.id, role: "GESTIONNAIRE_PRINCIPAL" });
    await modifierCoordonnees(
      acteur(g, horsUe, "GESTIONNAIRE_PRINCIPAL"),
      horsUe.id,
      coordonneesSchema.parse({ adresse: "1 MAIN STREET", codePostal: "10001", ville: "NEW YORK", pays: "ETATS-UNIS" }),
    );
    expect(await db.structure.findUniqueOrThrow({ where: { id: horsUe.id } })).toMatchObject({
      adresse: "1 MAIN STREET",
      ville: "NEW YORK",
      pays: "ETATS-UNIS",
    });
  });

  it("« Actualiser depuis l'annuaire INSEE » reprend le nom et l'adresse, dit ce qui a changé (avant, après), se journalise ; une seconde fois ne change rien", async () => {
    const { siret, denomination } = await inseeEtablissement({ denomination: `CHARPENTES ${uniqueSuffix().toUpperCase()}` });
    const s = await seedStructure({ identifier: siret, raisonSociale: "ANCIEN NOM", adresse: "1 RUE DE LA PAIX", codePostal: "75002", ville: "PARIS" });
    const g = await seedUser({ structureId: s.id, role: "GESTIONNAIRE_PRINCIPAL" });
    const secondaire = await seedUser({ structureId: s.id, role: "GESTIONNAIRE_SECONDAIRE" });
    expect(await codeDe(actualiserDepuisInsee(acteur(secondaire, s, "GESTIONNAIRE_SECONDAIRE"), s.id))).toBe("NON_AUTORISE");

    const a = acteur(g, s, "GESTIONNAIRE_PRINCIPAL");
    const { changements } = await actualiserDepuisInsee(a, s.id);
    expect(changements.map((c) => [c.libelle, c.avant, c.apres])).toEqual([
      ["Raison sociale", "ANCIEN NOM", denomination],
      ["Adresse", "1 RUE DE LA PAIX", "12 RUE DES ARTISANS"],
      ["Code postal", "75002", "31000"],
      ["Ville", "PARIS", "TOULOUSE"],
      ["Catégorie juridique", null, "5710"],
    ]);
    expect(await db.structure.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({
      raisonSociale: denomination,
      ville: "TOULOUSE",
      codePostal: "31000",
    });
    const [entree] = await journalDe(s.id, "STRUCTURE_ACTUALISEE_INSEE");
    expect(entree).toMatchObject({
      structureId: s.id,
      avant: { raisonSociale: "ANCIEN NOM", ville: "PARIS" },
      apres: { raisonSociale: denomination, ville: "TOULOUSE" },
    });

    expect((await actualiserDepuisInsee(a, s.id)).changements).toEqual([]);
    expect(await journalDe(s.id, "STRUCTURE_ACTUALISEE_INSEE")).toHaveLength(1);
  });

  it("un SIRET absent de l'annuaire ou fermé ne change rien ; une structure sans SIRET ne s'actualise pas", async () => {
    const inconnue = await seedStructure({ identifier: randomSiret(), raisonSociale: "INCONNUE" });
    const g = await seedUser({ structureId: inconnue.id, role: "GESTIONNAIRE_PRINCIPAL" });
    expect(await codeDe(actualiserDepuisInsee(acteur(g, inconnue, "GESTIONNAIRE_PRINCIPAL"), inconnue.id))).toBe("SIRET_INCONNU");

    const { siret } = await inseeEtablissement({ etat: "F" });
    const fermee = await seedStructure({ identifier: siret, raisonSociale: "FERMEE" });
    const h = await seedUser({ structureId: fermee.id, role: "GESTIONNAIRE_PRINCIPAL" });
    expect(await codeDe(actualiserDepuisInsee(acteur(h, fermee, "GESTIONNAIRE_PRINCIPAL"), fermee.id))).toBe("SIRET_FERME");
    expect((await db.structure.findUniqueOrThrow({ where: { id: fermee.id } })).raisonSociale).toBe("FERMEE");

    const horsUe = await seedStructure({ identifierType: "HORS_UE", identifier: `HUE-${uniqueSuffix()}` });
    const k = await seedUser({ structureId: horsUe.id, role: "GESTIONNAIRE_PRINCIPAL" });
    expect(await codeDe(actualiserDepuisInsee(acteur(k, horsUe, "GESTIONNAIRE_PRINCIPAL"), horsUe.id))).toBe("ACTION_IMPOSSIBLE");
  });
});
