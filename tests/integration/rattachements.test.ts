import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { creerCompte } from "@/lib/accounts/creer-compte";
import { deciderRattachement, demandesEnAttente } from "@/lib/structures/utilisateurs";
import { creerCompteSchema } from "@/lib/accounts/schemas";
import type { Acteur } from "@/lib/auth/acteur";
import type { StructureRole } from "@/lib/generated/prisma/enums";
import { seedStructure, seedUser } from "@/prisma/seed/factories";
import { definirMotDePasse } from "@/lib/accounts/mot-de-passe";
import { captchaResolu, codeDe, formulaireCompte, inseeEtablissement, lienDans, mailsPour } from "../support/fixtures";

function acteur(user: { id: string; email: string }): Acteur {
  return { userId: user.id, email: user.email, name: "Test", structure: null };
}

/** A structure already on the portal with a manager of each kind, and a newcomer asking to join it. */
async function structureAvecDemande() {
  const { siret } = await inseeEtablissement();
  const structure = await seedStructure({ identifier: siret });
  const members = {} as Record<StructureRole, { id: string; email: string }>;
  for (const role of ["GESTIONNAIRE_PRINCIPAL", "GESTIONNAIRE_SECONDAIRE", "UTILISATEUR_SIMPLE"] as const) {
    members[role] = await seedUser({ structureId: structure.id, role });
  }
  const input = creerCompteSchema.parse(formulaireCompte(siret, { captchaId: await captchaResolu() }));
  const recap = await creerCompte(input);
  // The request is made when the newcomer activates his account, not before.
  const avantActivation = await db.membership.count({ where: { user: { email: input.email } } });
  const mailsAvantActivation = (await mailsPour(members.GESTIONNAIRE_PRINCIPAL.email)).length;
  const token = lienDans((await mailsPour(input.email)).find((m) => m.template === "activation")!.text, "activation");
  await definirMotDePasse(token, "ACTIVATION", "Chantier-2026-solide");
  const request = await db.membership.findFirstOrThrow({ where: { user: { email: input.email } } });
  return { structure, members, input, recap, request, avantActivation, mailsAvantActivation };
}

describe("demande de rattachement à une structure existante", () => {
  it("crée le compte ; à son activation, une demande en attente, et chaque gestionnaire est prévenu", async () => {
    const { members, recap, request, avantActivation, mailsAvantActivation } = await structureAvecDemande();
    expect(recap.rattachementDemande).toBe(true);
    expect(avantActivation).toBe(0);
    expect(mailsAvantActivation).toBe(0);
    expect(request).toMatchObject({ status: "EN_COURS_DE_VALIDATION", role: "UTILISATEUR_SIMPLE" });
    expect((await mailsPour(members.GESTIONNAIRE_PRINCIPAL.email)).map((m) => m.template)).toEqual(["demande-rattachement"]);
    expect((await mailsPour(members.GESTIONNAIRE_SECONDAIRE.email)).map((m) => m.template)).toEqual(["demande-rattachement"]);
    expect(await mailsPour(members.UTILISATEUR_SIMPLE.email)).toHaveLength(0);
  });

  it("est listée pour les gestionnaires de la structure seulement", async () => {
    const { members, request } = await structureAvecDemande();
    expect((await demandesEnAttente(acteur(members.GESTIONNAIRE_SECONDAIRE))).map((d) => d.id)).toContain(request.id);
    expect((await demandesEnAttente(acteur(members.UTILISATEUR_SIMPLE))).map((d) => d.id)).not.toContain(request.id);
    const ailleurs = await seedUser({ structureId: (await seedStructure()).id, role: "GESTIONNAIRE_PRINCIPAL" });
    expect((await demandesEnAttente(acteur(ailleurs))).map((d) => d.id)).not.toContain(request.id);
  });

  it.each(["GESTIONNAIRE_PRINCIPAL", "GESTIONNAIRE_SECONDAIRE"] as const)("peut être validée par un %s, et le demandeur est prévenu", async (role) => {
    const { members, input, request } = await structureAvecDemande();
    await deciderRattachement(acteur(members[role]), request.id, "VALIDER");
    expect((await db.membership.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("VALIDEE");
    expect((await mailsPour(input.email)).map((m) => m.template)).toContain("rattachement-valide");
  });

  it("refusée avec un motif, le motif est transmis au demandeur ; sans motif, rien ne change", async () => {
    const { members, input, request } = await structureAvecDemande();
    expect(await codeDe(deciderRattachement(acteur(members.GESTIONNAIRE_PRINCIPAL), request.id, "REFUSER", "  "))).toBe("MOTIF_OBLIGATOIRE");
    expect((await db.membership.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("EN_COURS_DE_VALIDATION");
    await deciderRattachement(acteur(members.GESTIONNAIRE_PRINCIPAL), request.id, "REFUSER", "Personne inconnue de nos services");
    const refused = await db.membership.findUniqueOrThrow({ where: { id: request.id } });
    expect(refused).toMatchObject({ status: "REFUSEE", refusalReason: "Personne inconnue de nos services" });
    const mail = (await mailsPour(input.email)).find((m) => m.template === "rattachement-refuse")!;
    expect(mail.text).toContain("Personne inconnue de nos services");
  });

  it("ne peut être décidée ni par un utilisateur simple, ni par le gestionnaire d'une autre structure, ni deux fois", async () => {
    const { members, request } = await structureAvecDemande();
    expect(await codeDe(deciderRattachement(acteur(members.UTILISATEUR_SIMPLE), request.id, "VALIDER"))).toBe("NON_AUTORISE");
    const ailleurs = await seedUser({ structureId: (await seedStructure()).id, role: "GESTIONNAIRE_PRINCIPAL" });
    expect(await codeDe(deciderRattachement(acteur(ailleurs), request.id, "VALIDER"))).toBe("NON_AUTORISE");
    const requester = await db.user.findUniqueOrThrow({ where: { id: request.userId } });
    expect(await codeDe(deciderRattachement(acteur(requester), request.id, "VALIDER"))).toBe("NON_AUTORISE");
    expect((await db.membership.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("EN_COURS_DE_VALIDATION");

    const results = await Promise.allSettled([
      deciderRattachement(acteur(members.GESTIONNAIRE_PRINCIPAL), request.id, "VALIDER"),
      deciderRattachement(acteur(members.GESTIONNAIRE_SECONDAIRE), request.id, "REFUSER", "Doublon"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await codeDe(deciderRattachement(acteur(members.GESTIONNAIRE_PRINCIPAL), request.id, "VALIDER"))).toBe("DEJA_TRAITE");
  });
});
