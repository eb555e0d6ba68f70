import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ajouterCompteBancaire, coordonneesBancaires, desactiverCompteBancaire } from "@/lib/structures/comptes-bancaires";
import { modifierParametres, maStructure } from "@/lib/structures/parametres";
import { changerServiceFinancier, utilisateursDeStructure } from "@/lib/structures/utilisateurs";
import { AppError } from "@/lib/errors";
import { ibanDeTest, seedCompteBancaire } from "@/prisma/seed/factories";
import { structureComplete, type Profil } from "./structures-fixtures";
import { codeDe } from "../support/fixtures";

type Fixture = Awaited<ReturnType<typeof structureComplete>>;

const OK = "OK";
const NA = "NON_AUTORISE";
const NV = "RATTACHEMENT_NON_VALIDE";
const PROFILS: Profil[] = ["principal", "secondaire", "simple", "enAttente", "desactive", "exterieur"];

const saisie = (o: Partial<Record<"libelle" | "titulaire" | "iban" | "bic", string>> = {}) => ({
  libelle: "Compte principal",
  titulaire: "BATIMENTS DU SUD-OUEST",
  iban: ibanDeTest(),
  bic: "BNPAFRPPXXX",
  ...o,
});

/** A structure of every profile, a public buyer (its parameters and the « Service financier » habilitation), with one bank account. */
async function fixture() {
  const f = await structureComplete();
  await db.structure.update({ where: { id: f.structure.id }, data: { isPublicBuyer: true, acheteurPublicSource: "ADMINISTRATEUR" } });
  const compte = await seedCompteBancaire(f.structure.id, { iban: ibanDeTest() });
  return { ...f, compte };
}

const journal = (structureId: string, action: string) =>
  db.journalAudit.findMany({ where: { structureId, action }, orderBy: { id: "asc" }, select: { acteurUserId: true, cibleId: true, avant: true, apres: true } });

/** Every (profile × action), written out cell by cell. */
const ATTENDU: Record<string, Record<Profil, string>> = {
  "voir les coordonnées bancaires": { principal: OK, secondaire: OK, simple: OK, enAttente: NV, desactive: NV, exterieur: NA },
  "ajouter des coordonnées bancaires": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "désactiver des coordonnées bancaires": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "rendre le numéro d'engagement juridique obligatoire": { principal: OK, secondaire: NA, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "habiliter un utilisateur « Service financier »": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
};

const ACTIONS: Record<
  keyof typeof ATTENDU,
  {
    run: (f: Fixture & { compte: { id: string } }, a: Fixture["acteurs"][Profil]) => Promise<unknown>;
    effet?: (f: Fixture & { compte: { id: string } }) => Promise<boolean>;
  }
> = {
  "voir les coordonnées bancaires": {
    run: async (f, a) => {
      const r = await coordonneesBancaires(a, f.structure.id);
      expect(r.comptes.map((c) => c.id)).toEqual([f.compte.id]);
    },
  },
  "ajouter des coordonnées bancaires": {
    run: (f, a) => ajouterCompteBancaire(a, f.structure.id, saisie({ libelle: "Compte travaux" })),
    effet: async (f) => (await db.compteBancaire.count({ where: { structureId: f.structure.id, libelle: "Compte travaux" } })) === 1,
  },
  "désactiver des coordonnées bancaires": {
    run: (f, a) => desactiverCompteBancaire(a, f.compte.id),
    effet: async (f) => !(await db.compteBancaire.findUniqueOrThrow({ where: { id: f.compte.id } })).active,
  },
  "rendre le numéro d'engagement juridique obligatoire": {
    run: (f, a) => modifierParametres(a, f.structure.id, { engagementObligatoire: true }),
    effet: async (f) => (await db.structure.findUniqueOrThrow({ where: { id: f.structure.id } })).engagementObligatoire,
  },
  "habiliter un utilisateur « Service financier »": {
    run: (f, a) => changerServiceFinancier(a, f.cible.id, true),
    effet: async (f) => (await f.membership(f.cible.userId)).serviceFinancier,
  },
};

describe("droits : chaque profil × chaque action, vérifiés dans la fonction du domaine", () => {
  for (const [action, cas] of Object.entries(ACTIONS)) {
    describe(action, () => {
      it.each(PROFILS)("%s", async (profil) => {
        const f = await fixture();
        const attendu = ATTENDU[action][profil];
        expect(await codeDe(cas.run(f, f.acteurs[profil]))).toBe(attendu);
        if (cas.effet) expect(await cas.effet(f)).toBe(attendu === OK);
      });
    });
  }
});

describe("coordonnées bancaires d'une structure", () => {
  it("un gestionnaire voit l'IBAN en entier, un utilisateur simple masqué", async () => {
    const f = await fixture();
    const pourGestionnaire = await coordonneesBancaires(f.acteurs.secondaire, f.structure.id);
    expect(pourGestionnaire.gestionnaire).toBe(true);
    expect(pourGestionnaire.comptes[0].iban.replace(/ /g, "")).toBe(f.compte.iban);
    const pourUtilisateur = await coordonneesBancaires(f.acteurs.simple, f.structure.id);
    expect(pourUtilisateur.gestionnaire).toBe(false);
    expect(pourUtilisateur.comptes[0].iban).toBe(
      `${f.compte.iban.slice(0, 4)} **** **** **** **** ***${f.compte.iban.slice(-4, -3)} ${f.compte.iban.slice(-3)}`,
    );
    expect(JSON.stringify(pourUtilisateur)).not.toContain(f.compte.iban.slice(4, -4));
  });

  it("refuse un IBAN ou un BIC invalide, en disant pourquoi sous le champ, sans rien écrire", async () => {
    const f = await fixture();
    const erreur = await ajouterCompteBancaire(f.acteurs.principal, f.structure.id, saisie({ iban: "FR76 3000 6000 0112 3456 7890 188", bic: "BNPAFR" })).catch(
      (e: AppError) => e,
    );
    expect(erreur).toBeInstanceOf(AppError);
    expect((erreur as AppError).fieldErrors).toEqual({
      iban: "L'IBAN saisi n'est pas valide : vérifiez sa clé de contrôle.",
      bic: "Le BIC saisi n'est pas valide : 8 ou 11 caractères, par exemple BNPAFRPP ou BNPAFRPPXXX.",
    });
    expect(await db.compteBancaire.count({ where: { structureId: f.structure.id } })).toBe(1);
    expect(await journal(f.structure.id, "COMPTE_BANCAIRE_AJOUTE")).toEqual([]);
  });

  it("enregistre l'IBAN au format électronique ; le même IBAN deux fois est refusé ; l'audit garde l'IBAN masqué", async () => {
    const f = await fixture();
    const iban = ibanDeTest({ banque: "30006", guichet: "00001", compte: "12345678901" });
    const { id } = await ajouterCompteBancaire(f.acteurs.principal, f.structure.id, saisie({ iban: "fr76 3000 6000 0112 3456 7890 189", bic: "bnpafrpp" }));
    expect(await db.compteBancaire.findUniqueOrThrow({ where: { id } })).toMatchObject({
      iban,
      bic: "BNPAFRPP",
      active: true,
      creeParId: f.users.principal.id,
    });
    const doublon = ajouterCompteBancaire(f.acteurs.secondaire, f.structure.id, saisie({ iban }));
    expect(await codeDe(doublon)).toBe("COMPTE_BANCAIRE_EXISTANT");
    const entrees = await journal(f.structure.id, "COMPTE_BANCAIRE_AJOUTE");
    expect(entrees).toEqual([
      {
        acteurUserId: f.users.principal.id,
        cibleId: id,
        avant: null,
        apres: { libelle: "Compte principal", titulaire: "BATIMENTS DU SUD-OUEST", iban: "FR76 **** **** **** **** ***0 189", bic: "BNPAFRPP", active: true },
      },
    ]);
  });

  it("une désactivation est journalisée ; ajouter de nouveau le même IBAN le réactive (les pièces le gardent)", async () => {
    const f = await fixture();
    await desactiverCompteBancaire(f.acteurs.secondaire, f.compte.id);
    // Twice: nothing more happens.
    await desactiverCompteBancaire(f.acteurs.secondaire, f.compte.id);
    expect(await journal(f.structure.id, "COMPTE_BANCAIRE_DESACTIVE")).toEqual([
      { acteurUserId: f.users.secondaire.id, cibleId: f.compte.id, avant: expect.objectContaining({ active: true }), apres: { active: false } },
    ]);
    const { id } = await ajouterCompteBancaire(f.acteurs.principal, f.structure.id, saisie({ iban: f.compte.iban, libelle: "Compte rouvert" }));
    expect(id).toBe(f.compte.id);
    expect(await db.compteBancaire.findUniqueOrThrow({ where: { id } })).toMatchObject({ active: true, libelle: "Compte rouvert" });
    expect((await journal(f.structure.id, "COMPTE_BANCAIRE_AJOUTE")).at(-1)).toMatchObject({
      avant: { active: false },
      apres: { active: true, libelle: "Compte rouvert" },
    });
  });

  it("le gestionnaire d'une autre structure ne désactive pas un compte qui n'est pas le sien", async () => {
    const f = await fixture();
    const autre = await fixture();
    expect(await codeDe(desactiverCompteBancaire(autre.acteurs.principal, f.compte.id))).toBe(NA);
    expect(await codeDe(desactiverCompteBancaire(autre.acteurs.principal, "00000000-0000-4000-8000-000000000000"))).toBe("INTROUVABLE");
    expect((await db.compteBancaire.findUniqueOrThrow({ where: { id: f.compte.id } })).active).toBe(true);
  });
});

describe("paramètres de la maîtrise d'ouvrage", () => {
  it("sont enregistrés et journalisés, champ par champ ; la structure les montre", async () => {
    const f = await fixture();
    await modifierParametres(f.acteurs.principal, f.structure.id, { codeServiceObligatoire: true, engagementObligatoire: true, validationDelegueeMoe: true });
    await modifierParametres(f.acteurs.principal, f.structure.id, { validationDelegueeMoe: false });
    expect((await maStructure(f.acteurs.simple, f.structure.id)).structure).toMatchObject({
      codeServiceObligatoire: true,
      engagementObligatoire: true,
      validationDelegueeMoe: false,
    });
    expect(await journal(f.structure.id, "PARAMETRES_MODIFIES")).toEqual([
      {
        acteurUserId: f.users.principal.id,
        cibleId: f.structure.id,
        avant: { codeServiceObligatoire: false, engagementObligatoire: false, validationDelegueeMoe: false },
        apres: { codeServiceObligatoire: true, engagementObligatoire: true, validationDelegueeMoe: true },
      },
      { acteurUserId: f.users.principal.id, cibleId: f.structure.id, avant: { validationDelegueeMoe: true }, apres: { validationDelegueeMoe: false } },
    ]);
  });

  it("ne concernent qu'un acheteur public", async () => {
    const f = await structureComplete();
    const r = await modifierParametres(f.acteurs.principal, f.structure.id, { engagementObligatoire: true }).catch((e: AppError) => e);
    expect(r).toBeInstanceOf(AppError);
    expect((r as AppError).message).toBe("Ces paramètres ne concernent qu'une maîtrise d'ouvrage : la structure n'est pas un acheteur public.");
    expect((await db.structure.findUniqueOrThrow({ where: { id: f.structure.id } })).engagementObligatoire).toBe(false);
    // Its « Factures de travaux » space is still its own to open.
    expect(await codeDe(modifierParametres(f.acteurs.principal, f.structure.id, { worksSpaceOpen: true }))).toBe(OK);
  });
});

describe("habilitation « Service financier »", () => {
  it("accordée puis retirée par un gestionnaire, journalisée, montrée dans la liste des utilisateurs", async () => {
    const f = await fixture();
    await changerServiceFinancier(f.acteurs.secondaire, f.cible.id, true);
    // Granted twice: nothing more.
    await changerServiceFinancier(f.acteurs.principal, f.cible.id, true);
    const liste = await utilisateursDeStructure(f.acteurs.principal, f.structure.id);
    expect(liste.acheteurPublic).toBe(true);
    expect(liste.membres.find((m) => m.id === f.cible.id)?.serviceFinancier).toBe(true);
    await changerServiceFinancier(f.acteurs.principal, f.cible.id, false);
    expect((await f.membership(f.cible.userId)).serviceFinancier).toBe(false);
    expect(await journal(f.structure.id, "SERVICE_FINANCIER_ACCORDE")).toEqual([
      { acteurUserId: f.users.secondaire.id, cibleId: f.cible.id, avant: { serviceFinancier: false }, apres: { serviceFinancier: true } },
    ]);
    expect(await journal(f.structure.id, "SERVICE_FINANCIER_RETIRE")).toEqual([
      { acteurUserId: f.users.principal.id, cibleId: f.cible.id, avant: { serviceFinancier: true }, apres: { serviceFinancier: false } },
    ]);
  });

  it("seulement à un utilisateur validé d'un acheteur public ; un gestionnaire secondaire ne touche pas au gestionnaire principal", async () => {
    const f = await fixture();
    expect(await codeDe(changerServiceFinancier(f.acteurs.principal, f.demande.id, true))).toBe("SERVICE_FINANCIER_IMPOSSIBLE");
    expect(await codeDe(changerServiceFinancier(f.acteurs.principal, f.ancien.id, true))).toBe("SERVICE_FINANCIER_IMPOSSIBLE");
    expect(await codeDe(changerServiceFinancier(f.acteurs.secondaire, f.principal.id, true))).toBe(NA);
    expect(await codeDe(changerServiceFinancier(f.acteurs.principal, f.principal.id, true))).toBe(OK);
    const privee = await structureComplete();
    expect(await codeDe(changerServiceFinancier(privee.acteurs.principal, privee.cible.id, true))).toBe("SERVICE_FINANCIER_IMPOSSIBLE");
    expect((await privee.membership(privee.cible.userId)).serviceFinancier).toBe(false);
    // The gestionnaire of another structure: not his member.
    expect(await codeDe(changerServiceFinancier(privee.acteurs.principal, f.cible.id, true))).toBe(NA);
    expect(await journal(privee.structure.id, "SERVICE_FINANCIER_ACCORDE")).toEqual([]);
  });
});
