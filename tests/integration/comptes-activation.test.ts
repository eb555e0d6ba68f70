import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { creerCompte } from "@/lib/accounts/creer-compte";
import { definirMotDePasse } from "@/lib/accounts/mot-de-passe";
import { creerCompteSchema } from "@/lib/accounts/schemas";
import { JOURS_POUR_ACTIVER, purgerComptesNonActives } from "@/lib/accounts/purge";
import { creerStructure } from "@/lib/structures/creation";
import { creerStructureServerSchema } from "@/lib/structures/server-schemas";
import { seedStructure, seedUser } from "@/prisma/seed/factories";
import { captchaResolu, formulaireCompte, inseeEtablissement, lienDans, mailsPour } from "../support/fixtures";

// « A structure is created when its creator's account is activated, not before »; an account not activated within
// 7 days is deleted with its pending structure and requests.

const MOT_DE_PASSE = "Chantier-2026-solide";
const JOUR = 24 * 3600_000;

async function compte(siret: string, creeLe?: Date) {
  const input = creerCompteSchema.parse(formulaireCompte(siret, { captchaId: await captchaResolu() }));
  const recap = await creerCompte(input);
  if (creeLe) await db.user.update({ where: { email: input.email }, data: { createdAt: creeLe } });
  return { input, recap };
}

async function activer(email: string) {
  const activation = (await mailsPour(email)).find((m) => m.template === "activation")!;
  await definirMotDePasse(lienDans(activation.text, "activation"), "ACTIVATION", MOT_DE_PASSE);
  return db.user.findUniqueOrThrow({ where: { email }, include: { memberships: { include: { structure: true } } } });
}

describe("la structure déclarée à la création du compte", () => {
  it("d'une catégorie juridique de droit public (7xxx) : créée à l'activation, acheteur public par sa catégorie", async () => {
    const { siret } = await inseeEtablissement({ categorieJuridique: "7210", denomination: "COMMUNE DE SAINT-EXEMPLE" });
    const { input } = await compte(siret);
    expect(await db.structure.count({ where: { identifier: siret } })).toBe(0);
    const user = await activer(input.email);
    expect(user.memberships[0]).toMatchObject({ role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE" });
    expect(user.memberships[0].structure).toMatchObject({ categorieJuridique: "7210", isPublicBuyer: true, acheteurPublicSource: "CATEGORIE_JURIDIQUE" });
    expect(await db.journalAudit.findFirst({ where: { structureId: user.memberships[0].structureId } })).toMatchObject({
      action: "STRUCTURE_CREEE",
      acteurUserId: user.id,
      acteurRole: "GESTIONNAIRE_PRINCIPAL",
    });
  });

  it("créée entre-temps par un autre : l'activation en fait une demande de rattachement, et ses gestionnaires sont prévenus alors", async () => {
    const { siret } = await inseeEtablissement();
    const { input, recap } = await compte(siret);
    expect(recap.rattachementDemande).toBe(false);
    const premier = await seedUser();
    const s = await creerStructure(
      { userId: premier.id, email: premier.email, name: "Premier", structure: null },
      creerStructureServerSchema.parse({ structure: { identifierType: "SIRET", identifier: siret } }),
    );
    expect(await mailsPour(premier.email)).toHaveLength(0);
    const user = await activer(input.email);
    expect(user.memberships).toHaveLength(1);
    expect(user.memberships[0]).toMatchObject({ structureId: s.id, role: "UTILISATEUR_SIMPLE", status: "EN_COURS_DE_VALIDATION" });
    expect((await mailsPour(premier.email)).map((m) => m.template)).toEqual(["demande-rattachement"]);
  });

  it("existante mais désactivée à l'activation : aucune demande n'est faite", async () => {
    const { siret } = await inseeEtablissement();
    const existante = await seedStructure({ identifier: siret });
    const { input, recap } = await compte(siret);
    expect(recap.rattachementDemande).toBe(true);
    await db.structure.update({ where: { id: existante.id }, data: { active: false } });
    const user = await activer(input.email);
    expect(user).toMatchObject({ status: "ACTIF", structureDemandee: null });
    expect(user.memberships).toHaveLength(0);
  });
});

describe(`les comptes non activés dans les ${JOURS_POUR_ACTIVER} jours`, () => {
  it("sont supprimés avec leur demande, une fois : la purge est idempotente et journalisée", async () => {
    const maintenant = new Date();
    const il = (jours: number) => new Date(maintenant.getTime() - jours * JOUR);
    const nouvelle = await inseeEtablissement();
    const ancien = await compte(nouvelle.siret, il(8));
    const existante = await seedStructure({ identifier: (await inseeEtablissement()).siret });
    const gestionnaire = await seedUser({ structureId: existante.id, role: "GESTIONNAIRE_PRINCIPAL" });
    const ancienRattachement = await compte(existante.identifier, il(8));
    const recent = await compte((await inseeEtablissement()).siret, il(6));
    const actif = await compte((await inseeEtablissement()).siret);
    await activer(actif.input.email);
    await db.user.update({ where: { email: actif.input.email }, data: { createdAt: il(8) } });
    // An account of an earlier version, whose structure was created at once (he is its only member).
    const legacy = await seedStructure();
    const legacyUser = await seedUser({ password: null, structureId: legacy.id, role: "GESTIONNAIRE_PRINCIPAL" });
    await db.user.update({ where: { id: legacyUser.id }, data: { createdAt: il(30) } });

    const r = await purgerComptesNonActives({ now: maintenant });
    expect(r.supprimes).toBeGreaterThanOrEqual(3);
    const restants = await db.user.findMany({
      where: { email: { in: [ancien.input.email, ancienRattachement.input.email, recent.input.email, actif.input.email, legacyUser.email] } },
      select: { email: true },
    });
    expect(restants.map((u) => u.email).sort()).toEqual([actif.input.email, recent.input.email].sort());
    // Its pending structure was never created; the existing one is untouched and got no request; the legacy one is gone.
    expect(await db.structure.count({ where: { identifier: nouvelle.siret } })).toBe(0);
    expect(await db.membership.count({ where: { structureId: existante.id } })).toBe(1);
    expect(await mailsPour(gestionnaire.email)).toHaveLength(0);
    expect(await db.structure.count({ where: { id: legacy.id } })).toBe(0);

    const ancienId = (
      await db.journalAudit.findFirstOrThrow({
        where: { action: "COMPTE_SUPPRIME_NON_ACTIVE", avant: { path: ["structureDemandee"], equals: `SIRET ${nouvelle.siret}` } },
      })
    ).cibleId;
    expect(ancienId).toBeTruthy();
    const entrees = await db.journalAudit.count({ where: { action: "COMPTE_SUPPRIME_NON_ACTIVE", createdAt: maintenant } });

    // A second run finds nothing more to do.
    const encore = await purgerComptesNonActives({ now: maintenant });
    expect(encore.supprimes).toBe(0);
    expect(await db.journalAudit.count({ where: { action: "COMPTE_SUPPRIME_NON_ACTIVE", createdAt: maintenant } })).toBe(entrees);

    // Two days later, the recent one's time is up too.
    await purgerComptesNonActives({ now: new Date(maintenant.getTime() + 2 * JOUR) });
    expect(await db.user.count({ where: { email: recent.input.email } })).toBe(0);
    expect(await db.user.count({ where: { email: actif.input.email } })).toBe(1);
  });
});
