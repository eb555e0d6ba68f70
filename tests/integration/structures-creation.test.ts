import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import { creerStructure, StructureDejaPresente } from "@/lib/structures/creation";
import { demanderRattachementParIdentifiant } from "@/lib/structures/mes-structures";
import { maStructure } from "@/lib/structures/parametres";
import { rechercherStructures } from "@/lib/structures/annuaire";
import { creerStructureServerSchema } from "@/lib/structures/server-schemas";
import { randomSiret, seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { inseeEtablissement, mailsPour } from "../support/fixtures";
import { acteur } from "./structures-fixtures";
import { codeDe } from "../support/fixtures";

/** « Créer une structure » as the form sends it: parsed by the action's own schema, then the domain function. */
async function creer(user: { id: string; email: string }, form: unknown) {
  return creerStructure(acteur(user), creerStructureServerSchema.parse(form));
}

describe("« Créer une structure »", () => {
  it("SIRET actif de l'INSEE : la structure est créée avec les données de l'INSEE, son créateur en est le gestionnaire principal", async () => {
    const { siret, denomination } = await inseeEtablissement();
    const user = await seedUser();
    const s = await creer(user, {
      structure: { identifierType: "SIRET", identifier: siret, libelle: "Agence de Toulouse" },
      email: "contact@exemple.fr",
      phone: "05 61 00 00 00",
    });
    expect(s).toMatchObject({
      raisonSociale: denomination,
      libelle: "Agence de Toulouse",
      ville: "TOULOUSE",
      codePostal: "31000",
      email: "contact@exemple.fr",
      phone: "+33 5 61 00 00 00",
    });
    expect(await db.membership.findUniqueOrThrow({ where: { userId_structureId: { userId: user.id, structureId: s.id } } })).toMatchObject({
      role: "GESTIONNAIRE_PRINCIPAL",
      status: "VALIDEE",
    });
    // He had no structure to act for: he now acts for this one.
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).currentStructureId).toBe(s.id);
    // It is in the directory at once.
    expect((await rechercherStructures({ q: denomination, page: 1, pageSize: 5 })).results.map((r) => r.id)).toContain(s.id);
  });

  it("SIRET fermé ou inconnu de l'INSEE : refusé avec le motif, rien n'est créé", async () => {
    const { siret } = await inseeEtablissement({ etat: "F" });
    const user = await seedUser();
    expect(await codeDe(creer(user, { structure: { identifierType: "SIRET", identifier: siret } }))).toBe("SIRET_FERME");
    expect(await codeDe(creer(user, { structure: { identifierType: "SIRET", identifier: randomSiret() } }))).toBe("SIRET_INCONNU");
    expect(await db.structure.count({ where: { identifier: siret } })).toBe(0);
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(0);
  });

  it("SIRET en diffusion partielle : créée, adresse masquée dans la fiche et dans l'annuaire, ville non cherchable", async () => {
    const { siret, denomination } = await inseeEtablissement({ diffusion: "P" });
    const user = await seedUser();
    const s = await creer(user, { structure: { identifierType: "SIRET", identifier: siret } });
    expect(s.diffusionPartielle).toBe(true);
    const fiche = await maStructure(acteur(user), s.id);
    expect(fiche.structure.adresse).toBeNull();
    const found = await rechercherStructures({ q: denomination, page: 1, pageSize: 5 });
    expect(found.results[0]).toMatchObject({ id: s.id, ville: null, codePostal: null, diffusionPartielle: true });
  });

  it("déjà présente : « Cette structure est déjà présente sur le portail », seule la demande de rattachement est possible", async () => {
    const { siret } = await inseeEtablissement();
    const existante = await seedStructure({ identifier: siret });
    const gestionnaire = await seedUser({ structureId: existante.id, role: "GESTIONNAIRE_PRINCIPAL" });
    const user = await seedUser();
    const error = await creer(user, { structure: { identifierType: "SIRET", identifier: siret } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructureDejaPresente);
    expect((error as StructureDejaPresente).message).toBe("Cette structure est déjà présente sur le portail.");
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(0);

    await demanderRattachementParIdentifiant(acteur(user), { identifierType: "SIRET", identifier: siret });
    expect(await db.membership.findUniqueOrThrow({ where: { userId_structureId: { userId: user.id, structureId: existante.id } } })).toMatchObject({
      status: "EN_COURS_DE_VALIDATION",
      role: "UTILISATEUR_SIMPLE",
    });
    expect((await mailsPour(gestionnaire.email)).map((m) => m.template)).toContain("demande-rattachement");
  });

  it("deux créations simultanées du même identifiant créent une seule structure", async () => {
    const { siret } = await inseeEtablissement();
    const [a, b] = [await seedUser(), await seedUser()];
    const results = await Promise.all([a, b].map((u) => codeDe(creer(u, { structure: { identifierType: "SIRET", identifier: siret } }))));
    expect(results.sort()).toEqual(["OK", "STRUCTURE_DEJA_PRESENTE"]);
    expect(await db.structure.count({ where: { identifierType: "SIRET", identifier: siret } })).toBe(1);
    expect(await db.membership.count({ where: { structure: { identifier: siret }, role: "GESTIONNAIRE_PRINCIPAL" } })).toBe(1);
  });

  it("structure européenne hors France : pays et numéro de TVA, raison sociale et adresse saisies", async () => {
    const user = await seedUser();
    const raison = `BAUUNTERNEHMEN ${uniqueSuffix().toUpperCase()} GMBH`;
    const s = await creer(user, {
      structure: {
        identifierType: "UE_HORS_FRANCE",
        countryCode: "DE",
        identifier: "DE136695976",
        raisonSociale: raison,
        adresse: "Hauptstraße 1",
        codePostal: "10115",
        ville: "Berlin",
      },
    });
    expect(s).toMatchObject({ identifierType: "UE_HORS_FRANCE", identifier: "DE136695976", countryCode: "DE", raisonSociale: raison, ville: "Berlin" });
    await expect(
      creer(user, { structure: { identifierType: "UE_HORS_FRANCE", countryCode: "DE", identifier: "DE136695977", raisonSociale: "X" } }),
    ).rejects.toThrow("Ce numéro de TVA n'est pas valide (clé de contrôle erronée).");
  });

  it("structure hors UE : l'identifiant est le code du pays et les 16 premiers caractères de la raison sociale sans espaces", async () => {
    const user = await seedUser();
    const suf = uniqueSuffix().toUpperCase();
    const s = await creer(user, { structure: { identifierType: "HORS_UE", countryCode: "US", raisonSociale: `${suf} Construction Incorporated` } });
    expect(s.identifier).toBe(`US${`${suf}CONSTRUCTIONINCORPORATED`.slice(0, 16)}`);
  });

  it("RIDET et numéro TAHITI : raison sociale obligatoire", async () => {
    const user = await seedUser();
    const ridet = `${randomInt(1_000_000, 9_999_999)}001`;
    expect(await codeDe(creer(user, { structure: { identifierType: "RIDET", identifier: ridet } }))).toBe("SAISIE_INVALIDE");
    const r = await creer(user, {
      structure: { identifierType: "RIDET", identifier: ridet, raisonSociale: "SARL NOUMEA BTP", ville: "Nouméa", codePostal: "98800" },
    });
    expect(r).toMatchObject({ identifierType: "RIDET", identifier: ridet, raisonSociale: "SARL NOUMEA BTP" });
    const tahiti = `${randomInt(100_000, 999_999)}001`;
    const t = await creer(user, { structure: { identifierType: "TAHITI", identifier: tahiti, raisonSociale: "PAPEETE CONSTRUCTION" } });
    expect(t).toMatchObject({ identifierType: "TAHITI", identifier: tahiti });
  });

  it("particulier : nom, prénom, adresse, ville, code postal et pays obligatoires", async () => {
    const user = await seedUser();
    const identifier = `1${String(randomInt(10, 99))}${String(randomInt(1, 13)).padStart(2, "0")}75056`;
    const base = { identifierType: "PARTICULIER", identifier, countryCode: "FR", nom: "Durand", prenom: "Alice" };
    const error = await creer(user, { structure: base }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((i) => i.path.join(".")).sort()).toEqual(["structure.adresse", "structure.codePostal", "structure.ville"]);
    const s = await creer(user, { structure: { ...base, adresse: "3 rue des Lilas", codePostal: "75011", ville: "Paris" } });
    expect(s).toMatchObject({ identifierType: "PARTICULIER", identifier, raisonSociale: "Alice Durand", ville: "Paris" });
  });

  it("l'e-mail de la structure, s'il est donné, doit être valide (il n'est qu'informatif)", () => {
    const r = creerStructureServerSchema.safeParse({ structure: { identifierType: "SIRET", identifier: "42967053200010" }, email: "pas-une-adresse" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ["email"] });
  });
});
