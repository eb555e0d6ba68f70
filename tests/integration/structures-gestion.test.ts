import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { changerRole, desactiverUtilisateur, reactiverUtilisateur } from "@/lib/structures/utilisateurs";
import { changerStructureCourante, demanderRattachement, mesStructures } from "@/lib/structures/mes-structures";
import { changerEtatService, creerService, modifierService } from "@/lib/structures/services";
import { rechercherStructures } from "@/lib/structures/annuaire";
import { seedStructure, seedUser } from "@/prisma/seed/factories";
import { mailsPour } from "../support/fixtures";
import { acteur, structureComplete } from "./structures-fixtures";
import { codeDe } from "../support/fixtures";

const principauxActifs = (structureId: string) => db.membership.count({ where: { structureId, role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE" } });

describe("une structure garde toujours au moins un gestionnaire principal actif", () => {
  it("le seul gestionnaire principal ne peut ni se rétrograder ni se désactiver", async () => {
    const f = await structureComplete();
    expect(await codeDe(changerRole(f.acteurs.principal, f.principal.id, "GESTIONNAIRE_SECONDAIRE"))).toBe("DERNIER_GESTIONNAIRE_PRINCIPAL");
    expect(await codeDe(desactiverUtilisateur(f.acteurs.principal, f.principal.id))).toBe("DERNIER_GESTIONNAIRE_PRINCIPAL");
    expect(await f.membership(f.principal.userId)).toMatchObject({ role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE" });
  });

  it("avec deux gestionnaires principaux, deux désactivations croisées simultanées : une seule aboutit", async () => {
    const f = await structureComplete();
    await changerRole(f.acteurs.principal, f.cible.id, "GESTIONNAIRE_PRINCIPAL");
    const second = acteur(await db.user.findUniqueOrThrow({ where: { id: f.cible.userId } }), f.structure, "GESTIONNAIRE_PRINCIPAL");
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([
        codeDe(desactiverUtilisateur(f.acteurs.principal, f.cible.id)),
        codeDe(desactiverUtilisateur(second, f.principal.id)),
      ]);
      expect(results.filter((r) => r === "OK")).toHaveLength(1);
      expect(await principauxActifs(f.structure.id)).toBe(1);
      // Back to two principals for the next round.
      const restant = results[0] === "OK" ? f.acteurs.principal : second;
      await reactiverUtilisateur(restant, results[0] === "OK" ? f.cible.id : f.principal.id);
      expect(await principauxActifs(f.structure.id)).toBe(2);
    }
  });

  it("deux rétrogradations simultanées des deux gestionnaires principaux : une seule aboutit", async () => {
    const f = await structureComplete();
    await changerRole(f.acteurs.principal, f.cible.id, "GESTIONNAIRE_PRINCIPAL");
    const results = await Promise.all([
      codeDe(changerRole(f.acteurs.principal, f.cible.id, "UTILISATEUR_SIMPLE")),
      codeDe(changerRole(f.acteurs.principal, f.principal.id, "GESTIONNAIRE_SECONDAIRE")),
    ]);
    // One passes. The other is refused: the last principal cannot go (the colleague's demotion ran first), or
    // the actor, no longer principal, may not demote one (his own demotion ran first). Never both.
    expect(results.filter((r) => r === "OK")).toHaveLength(1);
    expect(results.find((r) => r !== "OK")).toMatch(/^(DERNIER_GESTIONNAIRE_PRINCIPAL|NON_AUTORISE)$/);
    expect(await principauxActifs(f.structure.id)).toBe(1);
  });

  it("un utilisateur désactivé n'agit plus pour la structure ; réactivé, il retrouve son rôle", async () => {
    const f = await structureComplete();
    await changerRole(f.acteurs.principal, f.cible.id, "GESTIONNAIRE_SECONDAIRE");
    await db.user.update({ where: { id: f.cible.userId }, data: { currentStructureId: f.structure.id } });
    await desactiverUtilisateur(f.acteurs.principal, f.cible.id);
    const cible = acteur(await db.user.findUniqueOrThrow({ where: { id: f.cible.userId } }), f.structure, "GESTIONNAIRE_SECONDAIRE");
    expect(await codeDe(creerService(cible, f.structure.id, { code: "X", libelle: "X" }))).toBe("RATTACHEMENT_NON_VALIDE");
    expect((await db.user.findUniqueOrThrow({ where: { id: f.cible.userId } })).currentStructureId).toBeNull();
    expect(await codeDe(desactiverUtilisateur(f.acteurs.principal, f.cible.id))).toBe("DEJA_TRAITE");
    await reactiverUtilisateur(f.acteurs.principal, f.cible.id);
    expect(await f.membership(f.cible.userId)).toMatchObject({ status: "VALIDEE", role: "GESTIONNAIRE_SECONDAIRE" });
  });
});

describe("« Mes structures »", () => {
  it("liste les rattachements de l'utilisateur et change la structure pour laquelle il agit (validée seulement)", async () => {
    const a = await seedStructure();
    const b = await seedStructure();
    const c = await seedStructure();
    const user = await seedUser({ structureId: a.id, role: "GESTIONNAIRE_PRINCIPAL" });
    await db.membership.create({ data: { userId: user.id, structureId: b.id, role: "UTILISATEUR_SIMPLE", status: "VALIDEE" } });
    await db.membership.create({ data: { userId: user.id, structureId: c.id, role: "UTILISATEUR_SIMPLE", status: "EN_COURS_DE_VALIDATION" } });
    const moi = acteur(user, a, "GESTIONNAIRE_PRINCIPAL");
    expect((await mesStructures(moi)).map((m) => m.structure.raisonSociale).sort()).toEqual([a, b, c].map((s) => s.raisonSociale).sort());
    await changerStructureCourante(moi, b.id);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).currentStructureId).toBe(b.id);
    expect(await codeDe(changerStructureCourante(moi, c.id))).toBe("RATTACHEMENT_NON_VALIDE");
    expect(await codeDe(changerStructureCourante(moi, (await seedStructure()).id))).toBe("NON_AUTORISE");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).currentStructureId).toBe(b.id);
  });

  it("une demande de rattachement prévient les gestionnaires ; on ne la fait pas deux fois ; refusée, on peut la refaire", async () => {
    const f = await structureComplete();
    const user = await seedUser({ structureId: (await seedStructure()).id, role: "GESTIONNAIRE_PRINCIPAL" });
    const moi = acteur(user);
    const results = await Promise.all([codeDe(demanderRattachement(moi, f.structure.id)), codeDe(demanderRattachement(moi, f.structure.id))]);
    expect(results.sort()).toEqual(["DEJA_RATTACHE", "OK"]);
    expect(await f.membership(user.id)).toMatchObject({ status: "EN_COURS_DE_VALIDATION", role: "UTILISATEUR_SIMPLE" });
    for (const manager of [f.users.principal, f.users.secondaire]) {
      expect(
        (await mailsPour(manager.email))
          .filter((m) => m.template === "demande-rattachement")
          .map((m) => m.text)
          .join(),
      ).toContain(user.email);
    }
    expect(await mailsPour(f.users.simple.email)).toHaveLength(0);

    await db.membership.update({
      where: { userId_structureId: { userId: user.id, structureId: f.structure.id } },
      data: { status: "REFUSEE", refusalReason: "Inconnu" },
    });
    await demanderRattachement(moi, f.structure.id);
    expect(await f.membership(user.id)).toMatchObject({ status: "EN_COURS_DE_VALIDATION", refusalReason: null });
    expect(await codeDe(demanderRattachement(acteur(f.users.principal), f.structure.id))).toBe("DEJA_RATTACHE");
  });
});

describe("« Gérer les services »", () => {
  it("un code est unique dans la structure ; le libellé se modifie ; un service désactivé n'est plus proposé dans l'annuaire", async () => {
    const f = await structureComplete();
    const s = await creerService(f.acteurs.secondaire, f.structure.id, { code: "DEPT-IMMO", libelle: "Département Immobilier" });
    expect(await codeDe(creerService(f.acteurs.principal, f.structure.id, { code: "DEPT-IMMO", libelle: "Doublon" }))).toBe("CODE_SERVICE_DEJA_UTILISE");
    expect(await codeDe(modifierService(f.acteurs.principal, s.id, { code: "SRV-1", libelle: "Doublon" }))).toBe("CODE_SERVICE_DEJA_UTILISE");
    // The same code in another structure is fine.
    const autre = await structureComplete();
    await creerService(autre.acteurs.principal, autre.structure.id, { code: "DEPT-IMMO", libelle: "Ailleurs" });

    await modifierService(f.acteurs.principal, s.id, { code: "DEPT-IMMO", libelle: "Département de l'immobilier" });
    await changerEtatService(f.acteurs.principal, f.service.id, false);
    const found = await rechercherStructures({ siret: f.structure.identifier, page: 1, pageSize: 5 });
    expect(found.results[0].services.map((x) => [x.code, x.libelle])).toEqual([["DEPT-IMMO", "Département de l'immobilier"]]);
    await changerEtatService(f.acteurs.principal, f.service.id, true);
    expect((await rechercherStructures({ siret: f.structure.identifier, page: 1, pageSize: 5 })).results[0].services).toHaveLength(2);
  });
});
