import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { changerRole, deciderRattachement, desactiverUtilisateur, reactiverUtilisateur, utilisateursDeStructure } from "@/lib/structures/utilisateurs";
import { changerEtatService, creerService, modifierService, servicesDeStructure } from "@/lib/structures/services";
import { maStructure, modifierParametres } from "@/lib/structures/parametres";
import { demanderStatutAcheteurPublic } from "@/lib/structures/demandes-acheteur-public";
import { changerEspaceService, changerServicesUtilisateur } from "@/lib/structures/services-utilisateurs";
import { inviterUtilisateur } from "@/lib/structures/invitations";
import { uniqueSuffix } from "@/prisma/seed/factories";
import { structureComplete, type Profil } from "./structures-fixtures";
import { codeDe } from "../support/fixtures";

type Fixture = Awaited<ReturnType<typeof structureComplete>>;
type Cas = {
  /** What the actor attempts on the structure. */
  run: (f: Fixture, a: Fixture["acteurs"][Profil]) => Promise<unknown>;
  /** What a user would notice when it worked (a read checks what it returned, in `run`). */
  effet?: (f: Fixture) => Promise<boolean>;
};

const OK = "OK";
const NA = "NON_AUTORISE";
const NV = "RATTACHEMENT_NON_VALIDE";

/**
 * Every (profile × action): the expected outcome written out here, cell by cell, rather than derived from the
 * code's table. « enAttente » is a pending utilisateur simple, « desactive » a deactivated gestionnaire principal,
 * « exterieur » the gestionnaire principal of another structure.
 */
const ATTENDU: Record<string, Record<Profil, string>> = {
  "voir les utilisateurs et les demandes": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "valider une demande de rattachement": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "refuser une demande de rattachement": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "changer le rôle d'un utilisateur": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "désactiver un utilisateur": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "réactiver un utilisateur": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "voir les services": { principal: OK, secondaire: OK, simple: OK, enAttente: NV, desactive: NV, exterieur: NA },
  "créer un service": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "modifier un service": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "désactiver un service": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "voir la structure": { principal: OK, secondaire: OK, simple: OK, enAttente: NV, desactive: NV, exterieur: NA },
  "ouvrir l'espace Factures de travaux": { principal: OK, secondaire: NA, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "demander le statut d'acheteur public": { principal: OK, secondaire: NA, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  // Users by service (lib/structures/services-utilisateurs.ts, invitations.ts).
  "limiter un utilisateur à des services": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "fermer l'espace Factures de travaux d'un service": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
  "inviter un utilisateur par courriel": { principal: OK, secondaire: OK, simple: NA, enAttente: NA, desactive: NV, exterieur: NA },
};

const ACTIONS: Record<keyof typeof ATTENDU, Cas> = {
  "voir les utilisateurs et les demandes": {
    run: async (f, a) => {
      const r = await utilisateursDeStructure(a, f.structure.id);
      expect(r.demandes.map((d) => d.id)).toContain(f.demande.id);
    },
  },
  "valider une demande de rattachement": {
    run: (f, a) => deciderRattachement(a, f.demande.id, "VALIDER"),
    effet: async (f) => (await f.membership(f.demande.userId)).status === "VALIDEE",
  },
  "refuser une demande de rattachement": {
    run: (f, a) => deciderRattachement(a, f.demande.id, "REFUSER", "Inconnu"),
    effet: async (f) => (await f.membership(f.demande.userId)).status === "REFUSEE",
  },
  "changer le rôle d'un utilisateur": {
    run: (f, a) => changerRole(a, f.cible.id, "GESTIONNAIRE_SECONDAIRE"),
    effet: async (f) => (await f.membership(f.cible.userId)).role === "GESTIONNAIRE_SECONDAIRE",
  },
  "désactiver un utilisateur": {
    run: (f, a) => desactiverUtilisateur(a, f.cible.id),
    effet: async (f) => (await f.membership(f.cible.userId)).status === "DESACTIVEE",
  },
  "réactiver un utilisateur": {
    run: (f, a) => reactiverUtilisateur(a, f.ancien.id),
    effet: async (f) => (await f.membership(f.ancien.userId)).status === "VALIDEE",
  },
  "voir les services": {
    run: async (f, a) => expect((await servicesDeStructure(a, f.structure.id)).map((s) => s.code)).toEqual(["SRV-1"]),
  },
  "créer un service": {
    run: (f, a) => creerService(a, f.structure.id, { code: "NOUVEAU", libelle: "Nouveau service" }),
    effet: async (f) => (await db.service.count({ where: { structureId: f.structure.id, code: "NOUVEAU" } })) === 1,
  },
  "modifier un service": {
    run: (f, a) => modifierService(a, f.service.id, { code: "SRV-1", libelle: "Libellé modifié" }),
    effet: async (f) => (await db.service.findUniqueOrThrow({ where: { id: f.service.id } })).libelle === "Libellé modifié",
  },
  "désactiver un service": {
    run: (f, a) => changerEtatService(a, f.service.id, false),
    effet: async (f) => !(await db.service.findUniqueOrThrow({ where: { id: f.service.id } })).active,
  },
  "voir la structure": {
    run: async (f, a) => expect((await maStructure(a, f.structure.id)).structure.identifier).toBe(f.structure.identifier),
  },
  "ouvrir l'espace Factures de travaux": {
    run: (f, a) => modifierParametres(a, f.structure.id, { worksSpaceOpen: true }),
    effet: async (f) => (await db.structure.findUniqueOrThrow({ where: { id: f.structure.id } })).worksSpaceOpen,
  },
  "demander le statut d'acheteur public": {
    run: (f, a) => demanderStatutAcheteurPublic(a, f.structure.id, { motif: "Société d'économie mixte, pouvoir adjudicateur." }),
    // A request waits for an administrator: the structure itself is not a public buyer yet.
    effet: async (f) =>
      (await db.demandeAcheteurPublic.count({ where: { structureId: f.structure.id, statut: "EN_ATTENTE" } })) === 1 &&
      !(await db.structure.findUniqueOrThrow({ where: { id: f.structure.id } })).isPublicBuyer,
  },
  "limiter un utilisateur à des services": {
    run: (f, a) => changerServicesUtilisateur(a, f.cible.id, [{ serviceId: f.service.id, droit: "CONSULTATION" }]),
    effet: async (f) => (await db.membershipService.count({ where: { membershipId: f.cible.id, serviceId: f.service.id } })) === 1,
  },
  "fermer l'espace Factures de travaux d'un service": {
    run: (f, a) => changerEspaceService(a, f.service.id, false),
    effet: async (f) => !(await db.service.findUniqueOrThrow({ where: { id: f.service.id } })).espaceTravauxOuvert,
  },
  "inviter un utilisateur par courriel": {
    run: (f, a) =>
      inviterUtilisateur(a, f.structure.id, { email: `invite-${uniqueSuffix()}@exemple.fr`, services: [{ serviceId: f.service.id, droit: "MODIFICATION" }] }),
    effet: async (f) => (await db.invitation.count({ where: { structureId: f.structure.id } })) === 1,
  },
};

const PROFILS: Profil[] = ["principal", "secondaire", "simple", "enAttente", "desactive", "exterieur"];

describe("droits sur une structure : chaque profil × chaque action, vérifiés dans la fonction du domaine", () => {
  for (const [action, cas] of Object.entries(ACTIONS)) {
    describe(action, () => {
      it.each(PROFILS)("%s", async (profil) => {
        const f = await structureComplete();
        const attendu = ATTENDU[action][profil];
        expect(await codeDe(cas.run(f, f.acteurs[profil]))).toBe(attendu);
        if (cas.effet) expect(await cas.effet(f)).toBe(attendu === OK);
      });
    });
  }
});

describe("un gestionnaire secondaire et les gestionnaires principaux", () => {
  it("ne peut ni modifier le rôle d'un gestionnaire principal, ni le désactiver, ni nommer un gestionnaire principal", async () => {
    const f = await structureComplete();
    expect(await codeDe(changerRole(f.acteurs.secondaire, f.principal.id, "UTILISATEUR_SIMPLE"))).toBe(NA);
    expect(await codeDe(desactiverUtilisateur(f.acteurs.secondaire, f.principal.id))).toBe(NA);
    expect(await codeDe(changerRole(f.acteurs.secondaire, f.cible.id, "GESTIONNAIRE_PRINCIPAL"))).toBe(NA);
    expect(await f.membership(f.principal.userId)).toMatchObject({ role: "GESTIONNAIRE_PRINCIPAL", status: "VALIDEE" });
    expect((await f.membership(f.cible.userId)).role).toBe("UTILISATEUR_SIMPLE");
  });

  it("alors que le gestionnaire principal le peut", async () => {
    const f = await structureComplete();
    await changerRole(f.acteurs.principal, f.cible.id, "GESTIONNAIRE_PRINCIPAL");
    expect((await f.membership(f.cible.userId)).role).toBe("GESTIONNAIRE_PRINCIPAL");
    await desactiverUtilisateur(f.acteurs.principal, f.cible.id);
    expect((await f.membership(f.cible.userId)).status).toBe("DESACTIVEE");
  });

  it("un identifiant de rattachement ou de service d'une autre structure ne donne rien à son gestionnaire", async () => {
    const f = await structureComplete();
    const autre = await structureComplete();
    expect(await codeDe(changerRole(autre.acteurs.principal, f.cible.id, "GESTIONNAIRE_SECONDAIRE"))).toBe(NA);
    expect(await codeDe(modifierService(autre.acteurs.principal, f.service.id, { code: "PIRATE", libelle: "Pirate" }))).toBe(NA);
    expect((await db.service.findUniqueOrThrow({ where: { id: f.service.id } })).code).toBe("SRV-1");
  });
});
