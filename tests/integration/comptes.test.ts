import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { creerCompte } from "@/lib/accounts/creer-compte";
import { definirMotDePasse, envoyerNouveauLien, etatLien } from "@/lib/accounts/mot-de-passe";
import { verifierIdentifiants } from "@/lib/accounts/connexion";
import { ECHECS_AVANT_ATTENTE } from "@/lib/securite/limites";
import { apercuStructure } from "@/lib/accounts/structure-saisie";
import { nouveauCaptcha, validerCaptcha } from "@/lib/captcha/captcha";
import { creerCompteSchema } from "@/lib/accounts/schemas";
import { captchaResolu, codeDe, formulaireCompte, inseeEtablissement, lienDans, mailsPour, randomSiret, uniqueSuffix } from "../support/fixtures";

const MOT_DE_PASSE = "Chantier-2026-solide";

async function nouveauCompte(siret: string, email?: string) {
  const input = creerCompteSchema.parse(formulaireCompte(siret, { email, captchaId: await captchaResolu() }));
  return { input, recap: await creerCompte(input) };
}

describe("création de compte pour une nouvelle structure (SIRET)", () => {
  it("crée le compte et envoie les deux courriels ; la structure depuis l'INSEE et son gestionnaire principal naissent à l'activation", async () => {
    const { siret, denomination } = await inseeEtablissement();
    const { input, recap } = await nouveauCompte(siret);

    expect(recap.structure.raisonSociale).toBe(denomination);
    expect(recap.rattachementDemande).toBe(false);
    const user = await db.user.findUniqueOrThrow({ where: { email: input.email }, include: { memberships: { include: { structure: true } } } });
    expect(user.status).toBe("EN_ATTENTE_ACTIVATION");
    // Not before the activation: no structure, no membership.
    expect(user.memberships).toHaveLength(0);
    expect(await db.structure.count({ where: { identifier: siret } })).toBe(0);

    const mails = await mailsPour(input.email);
    expect(mails.map((m) => m.template).sort()).toEqual(["activation", "compte-cree"]);
    // The summary still says what was declared.
    expect(mails.find((m) => m.template === "compte-cree")!.text).toContain(denomination);
    const activation = mails.find((m) => m.template === "activation")!;
    const token = lienDans(activation.text, "activation");
    expect(await etatLien(token, "ACTIVATION")).toMatchObject({ etat: "VALIDE", email: input.email });

    await definirMotDePasse(token, "ACTIVATION", MOT_DE_PASSE);
    const active = await db.user.findUniqueOrThrow({ where: { email: input.email }, include: { memberships: { include: { structure: true } } } });
    expect(active.status).toBe("ACTIF");
    expect(active.structureDemandee).toBeNull();
    expect(active.memberships).toHaveLength(1);
    expect(active.memberships[0]).toMatchObject({ role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE" });
    expect(active.memberships[0].structure).toMatchObject({ identifier: siret, raisonSociale: denomination, ville: "TOULOUSE", codePostal: "31000" });
    expect(active.currentStructureId).toBe(active.memberships[0].structureId);
    await expect(verifierIdentifiants(input.email.toUpperCase(), MOT_DE_PASSE)).resolves.toMatchObject({ email: input.email, name: "Alice Durand" });
    // single use
    expect(await codeDe(definirMotDePasse(token, "ACTIVATION", MOT_DE_PASSE))).toBe("LIEN_UTILISE");
  });

  it("masque l'adresse d'un établissement en diffusion partielle", async () => {
    const { siret } = await inseeEtablissement({ diffusion: "P" });
    const apercu = await apercuStructure({ identifierType: "SIRET", identifier: siret });
    expect(apercu).toMatchObject({ kind: "nouvelle", adresse: null, diffusionPartielle: true });
    const { input } = await nouveauCompte(siret);
    await definirMotDePasse(lienDans((await mailsPour(input.email)).find((m) => m.template === "activation")!.text, "activation"), "ACTIVATION", MOT_DE_PASSE);
    const m = await db.membership.findFirstOrThrow({ where: { user: { email: input.email } }, include: { structure: true } });
    expect(m.structure).toMatchObject({ diffusionPartielle: true, adresse: null, ville: null, codePostal: null });
  });
});

describe("refus clairs, sans rien écrire", () => {
  it("refuse un SIRET inconnu puis un établissement fermé", async () => {
    const emails = [`inconnu-${uniqueSuffix()}@exemple.fr`, `ferme-${uniqueSuffix()}@exemple.fr`];
    const inconnu = randomSiret();
    expect(await codeDe(nouveauCompte(inconnu, emails[0]))).toBe("SIRET_INCONNU");
    const ferme = await inseeEtablissement({ etat: "F" });
    expect(await codeDe(nouveauCompte(ferme.siret, emails[1]))).toBe("SIRET_FERME");
    expect(await db.user.count({ where: { email: { in: emails } } })).toBe(0);
    expect(await db.structure.count({ where: { identifier: { in: [inconnu, ferme.siret] } } })).toBe(0);
  });

  it("refuse une adresse de connexion déjà utilisée, sans créer de structure", async () => {
    const { siret } = await inseeEtablissement();
    const { input } = await nouveauCompte(siret);
    const autre = await inseeEtablissement();
    expect(await codeDe(nouveauCompte(autre.siret, input.email))).toBe("EMAIL_DEJA_UTILISE");
    expect(await db.structure.count({ where: { identifier: autre.siret } })).toBe(0);
  });

  it("exige un captcha validé, à usage unique ; une mauvaise réponse brûle le défi", async () => {
    const { siret } = await inseeEtablissement();
    const brut = await nouveauCaptcha("image");
    expect(await codeDe(creerCompte(creerCompteSchema.parse(formulaireCompte(siret, { captchaId: brut.id }))))).toBe("CAPTCHA_NON_VALIDE");
    expect(await codeDe(validerCaptcha(brut.id, "MAUVAIS"))).toBe("CAPTCHA_INVALIDE");
    expect(await codeDe(validerCaptcha(brut.id, process.env.CAPTCHA_TEST_TEXT!))).toBe("CAPTCHA_EXPIRE");
    const expire = await nouveauCaptcha("image", new Date(Date.now() - 11 * 60_000));
    expect(await codeDe(validerCaptcha(expire.id, process.env.CAPTCHA_TEST_TEXT!))).toBe("CAPTCHA_EXPIRE");
    expect(await db.structure.count({ where: { identifier: siret } })).toBe(0);
  });

  it("refuse un mot de passe faible et un lien expiré, et propose un nouveau lien", async () => {
    const { siret } = await inseeEtablissement();
    const { input } = await nouveauCompte(siret);
    const token = lienDans((await mailsPour(input.email)).find((m) => m.template === "activation")!.text, "activation");
    expect(await codeDe(definirMotDePasse(token, "ACTIVATION", "courtmaisok1"))).toBe("MOT_DE_PASSE_FAIBLE");
    expect(await codeDe(definirMotDePasse(token, "ACTIVATION", "seulementdesminuscules"))).toBe("MOT_DE_PASSE_FAIBLE");
    const dans61min = new Date(Date.now() + 61 * 60_000);
    expect(await etatLien(token, "ACTIVATION", dans61min)).toEqual({ etat: "EXPIRE" });
    expect(await codeDe(definirMotDePasse(token, "ACTIVATION", MOT_DE_PASSE, dans61min))).toBe("LIEN_EXPIRE");

    await envoyerNouveauLien(input.email, "ACTIVATION");
    const activations = (await mailsPour(input.email)).filter((m) => m.template === "activation");
    expect(activations).toHaveLength(2);
    expect(await etatLien(token, "ACTIVATION")).toEqual({ etat: "UTILISE" }); // the old link died with the new one
    await definirMotDePasse(lienDans(activations[1].text, "activation"), "ACTIVATION", MOT_DE_PASSE);
    await expect(verifierIdentifiants(input.email, MOT_DE_PASSE)).resolves.toBeTruthy();
  });
});

describe("deux soumissions à la fois", () => {
  it("du même formulaire créent un seul compte", async () => {
    const { siret } = await inseeEtablissement();
    const input = creerCompteSchema.parse(formulaireCompte(siret, { captchaId: await captchaResolu() }));
    const results = await Promise.allSettled([creerCompte(input), creerCompte(input)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count({ where: { email: input.email } })).toBe(1);
    // The structure waits for the activation.
    expect(await db.structure.count({ where: { identifier: siret } })).toBe(0);
  });

  it("pour la même nouvelle structure créent deux comptes ; activés à la fois, une structure, un gestionnaire et une demande de rattachement", async () => {
    const { siret } = await inseeEtablissement();
    const [a, b] = await Promise.all([captchaResolu(), captchaResolu()]);
    const forms = [formulaireCompte(siret, { captchaId: a }), formulaireCompte(siret, { captchaId: b })].map((f) => creerCompteSchema.parse(f));
    await Promise.all(forms.map((f) => creerCompte(f)));
    expect(await db.structure.count({ where: { identifier: siret } })).toBe(0);
    const tokens = await Promise.all(forms.map(async (f) => lienDans((await mailsPour(f.email)).find((m) => m.template === "activation")!.text, "activation")));
    await Promise.all(tokens.map((t) => definirMotDePasse(t, "ACTIVATION", MOT_DE_PASSE)));
    expect(await db.structure.count({ where: { identifier: siret } })).toBe(1);
    const memberships = await db.membership.findMany({ where: { structure: { identifier: siret } } });
    expect(memberships.map((m) => `${m.role}/${m.status}`).sort()).toEqual(["GESTIONNAIRE_PRINCIPAL/VALIDEE", "UTILISATEUR_SIMPLE/EN_COURS_DE_VALIDATION"]);
  });
});

// The one message, the waits and the lock, the owner's mails: tests/integration/securite-connexion.test.ts.
describe("connexion", () => {
  it("« Mot de passe oublié » envoie un lien qui remplace le mot de passe et lève l'attente imposée par les échecs répétés", async () => {
    const { siret } = await inseeEtablissement();
    const { input } = await nouveauCompte(siret);
    await definirMotDePasse(lienDans((await mailsPour(input.email))[1].text, "activation"), "ACTIVATION", MOT_DE_PASSE);
    for (let i = 0; i < ECHECS_AVANT_ATTENTE; i++) expect(await codeDe(verifierIdentifiants(input.email, "Mauvais-mot-2026"))).toBe("IDENTIFIANTS_INVALIDES");
    expect(await codeDe(verifierIdentifiants(input.email, MOT_DE_PASSE))).toBe("TROP_DE_DEMANDES");
    await envoyerNouveauLien(input.email, "REINITIALISATION");
    const reset = (await mailsPour(input.email)).find((m) => m.template === "mot-de-passe-oublie")!;
    await definirMotDePasse(lienDans(reset.text, "mot-de-passe"), "REINITIALISATION", "Nouveau-Chantier-2027");
    await expect(verifierIdentifiants(input.email, "Nouveau-Chantier-2027")).resolves.toBeTruthy();
    expect(await codeDe(verifierIdentifiants(input.email, MOT_DE_PASSE))).toBe("IDENTIFIANTS_INVALIDES");

    const unknown = `personne-${uniqueSuffix()}@exemple.fr`;
    await envoyerNouveauLien(unknown, "REINITIALISATION");
    expect(await mailsPour(unknown)).toHaveLength(0);
  });
});
