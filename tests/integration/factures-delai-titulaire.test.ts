import { describe, expect, it } from "vitest";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { piecesATraiter } from "@/lib/invoices/a-traiter";
import { creerBrouillon, enregistrerFacture, enregistrerParties } from "@/lib/invoices/brouillon";
import { consulterPiece } from "@/lib/invoices/consultation";
import { verifierDelaiTitulaire } from "@/lib/invoices/delai-titulaire";
import { DELAI_TITULAIRE_JOURS, joursRestants, joursRestantsTitulaire, verifierDelais } from "@/lib/invoices/delais";
import { ecranPiece } from "@/lib/invoices/ecran-piece";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { LIBELLES_ACTIONS } from "@/lib/invoices/statuts";
import { traiterPiece } from "@/lib/invoices/transitions";
import { seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { mailsPour } from "../support/fixtures";
import { acteurDe, pdfFacture, saisieFacture, scenario, type Scenario } from "./factures-fixtures";

const JOUR = 24 * 3600 * 1000;
const MINUTE = 60_000;

/** The subjects of the outbox mails written for an address (without rendering them: `mailsPour` renders each). */
async function sujets(to: string): Promise<string[]> {
  return (await db.outboxMail.findMany({ where: { to }, select: { subject: true } })).map((m) => m.subject);
}

async function membre(structure: { id: string; raisonSociale: string; identifier: string }, role: "GESTIONNAIRE_PRINCIPAL" | "UTILISATEUR_SIMPLE") {
  const user = await seedUser({ structureId: structure.id, role, email: `u-${uniqueSuffix()}@exemple.fr` });
  return { user, acteur: acteurDe(user, structure, role) };
}

/** A subcontractor (the scenario's supplier), its titulaire (two users), and a way to send A10 requests to it at a given date. */
async function sousTraitance() {
  const s = await scenario();
  const titulaireStructure = await seedStructure();
  const titulaire = await membre(titulaireStructure, "GESTIONNAIRE_PRINCIPAL");
  const collegueTitulaire = await membre(titulaireStructure, "UTILISATEUR_SIMPLE");
  const demande = async (le: Date) => {
    const acteur: Acteur = s.deposant.acteur;
    const cadre = "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT" as const;
    const { id } = await creerBrouillon(acteur, { cadre });
    await enregistrerParties(
      acteur,
      id,
      partiesSchema.parse({
        cadre,
        moeSiret: s.moe.identifier,
        titulaireSiret: titulaireStructure.identifier,
        moaSiret: s.moa.identifier,
        serviceMoaId: s.serviceMoa.id,
      }),
    );
    const saisie = saisieFacture();
    await enregistrerFacture(acteur, id, factureSchema.parse(saisie));
    await ajouterPieceJointe(acteur, id, { nom: "demande.pdf", contenu: await pdfFacture(`Demande ${saisie.numero}`), nature: "FACTURE" });
    expect((await envoyer(acteur, id, { now: le })).statut).toBe("A_VALIDER_1");
    return { id, numero: saisie.numero };
  };
  return { s, titulaireStructure, titulaire, collegueTitulaire, demande };
}

const sujetRelance = (numero: string, s: Scenario) =>
  `Il vous reste 3 jours pour valider la demande de paiement n° ${numero} de votre sous-traitant ${s.fournisseur.raisonSociale}`;
const sujetRetardTitulaire = (numero: string, s: Scenario) =>
  `Délai de 15 jours dépassé : demande de paiement n° ${numero} de votre sous-traitant ${s.fournisseur.raisonSociale}`;
const sujetRetardSousTraitant = (numero: string) => `Délai de 15 jours dépassé : le titulaire n'a pas traité votre demande de paiement n° ${numero}`;

describe("A10 : les 15 jours du titulaire pour valider la demande de paiement de son sous-traitant (art. R2193-13 ; l'horloge est avancée, pas attendue)", () => {
  it("relance au 12e jour, une seule fois même si la tâche passe deux fois ; après le 15e jour, le titulaire et le sous-traitant sont prévenus du retard, la pièce reste à valider", async () => {
    const { s, titulaire, collegueTitulaire, titulaireStructure, demande } = await sousTraitance();
    // Far in the past (2018: no other test's piece is due at these dates).
    const t0 = new Date(Date.UTC(2018, 1, 5, 8, 0));
    const a10 = await demande(t0);
    // A request the job first sees after its 15 days (the portal was stopped): the late notice alone, no reminder.
    const ancienne = await demande(new Date(t0.getTime() - 4 * JOUR));
    // A request validated in time: nothing.
    const validee = await demande(new Date(t0.getTime() + MINUTE));
    await ajouterPieceJointe(titulaire.acteur, validee.id, {
      nom: "attestation.pdf",
      contenu: await pdfFacture("Attestation"),
      nature: "ATTESTATION_PAIEMENT_DIRECT",
    });
    await traiterPiece(titulaire.acteur, validee.id, "VALIDATION", { now: new Date(t0.getTime() + 5 * JOUR) });

    expect(DELAI_TITULAIRE_JOURS).toBe(15);
    // The deposit mail told the titulaire its 15 days.
    const depot = (await mailsPour(titulaire.user.email)).find((m) => m.subject === `Nouvelle pièce à traiter : facture de travaux n° ${a10.numero}`)!;
    expect(depot.text).toContain("Cette pièce est à traiter dans un délai de 15 jours à compter de sa réception.");

    // The piece's page: the titulaire and the subcontractor see the deadline and the days left; the MOE does not.
    const j2 = new Date(t0.getTime() + 2 * JOUR);
    expect((await ecranPiece(titulaire.acteur, a10.id, { now: j2 })).alertes.delaiTitulaire).toEqual({
      severite: "info",
      texte:
        "Vous avez 15 jours à compter de sa réception pour valider ou refuser cette demande de paiement (article R2193-13 du code de la commande publique), soit jusqu'au 20/02/2018 09:00:00 : il vous reste 13 jours.",
    });
    expect((await ecranPiece(s.deposant.acteur, a10.id, { now: j2 })).alertes.delaiTitulaire).toEqual({
      severite: "info",
      texte: `Le titulaire ${titulaireStructure.raisonSociale} a jusqu'au 20/02/2018 09:00:00 pour valider ou refuser votre demande de paiement (15 jours à compter de sa réception, article R2193-13 du code de la commande publique) : il lui reste 13 jours.`,
    });
    expect((await ecranPiece(s.moeUser.acteur, a10.id, { now: j2 })).alertes.delaiTitulaire).toBeNull();
    // « Pièces à traiter » of the titulaire: the days left, the deadline, its role.
    const liste = await piecesATraiter(titulaire.acteur, { now: j2 });
    expect(liste.pieces.map((p) => [p.numero, p.joursRestants, p.delai])).toEqual([
      [ancienne.numero, 9, "Délai de 15 jours du titulaire : jusqu'au 16/02/2018 09:00:00"],
      [a10.numero, 13, "Délai de 15 jours du titulaire : jusqu'au 20/02/2018 09:00:00"],
    ]);

    // A minute before the 12th day: no reminder for `a10`; `ancienne`, at its 16th day, gets its late notice (no reminder).
    const avant = await verifierDelaiTitulaire({ now: new Date(t0.getTime() + 12 * JOUR - MINUTE) });
    expect(avant).toEqual({ relances: [], retards: [ancienne.id] });
    expect((await sujets(titulaire.user.email)).filter((m) => m === sujetRelance(a10.numero, s))).toHaveLength(0);

    // The 12th day, two checks at once (two instances): the titulaire's users are reminded once each.
    const j12 = new Date(t0.getTime() + 12 * JOUR + MINUTE);
    const [un, deux] = await Promise.all([verifierDelaiTitulaire({ now: j12 }), verifierDelaiTitulaire({ now: j12 })]);
    expect([...un.relances, ...deux.relances]).toEqual([a10.id]);
    expect([...un.retards, ...deux.retards]).toEqual([]);
    for (const u of [titulaire, collegueTitulaire]) {
      const relances = (await mailsPour(u.user.email)).filter((m) => m.subject === sujetRelance(a10.numero, s));
      expect(relances).toHaveLength(1);
      expect(relances[0].text).toContain(
        `Il vous reste 3 jours pour valider la demande de paiement n° ${a10.numero} de votre sous-traitant ${s.fournisseur.raisonSociale}, ou la refuser.`,
      );
      expect(relances[0].text).toContain("À valider ou refuser avant le : 20 février 2018 à 09:00");
      expect(relances[0].text).toContain(`/factures-travaux/pieces/${a10.id}`);
      // In the portal's notifications too.
      const notifications = await db.notification.findMany({ where: { userId: u.user.id, titre: sujetRelance(a10.numero, s) } });
      expect(notifications).toHaveLength(1);
      expect(notifications[0]).toMatchObject({ lien: `/factures-travaux/pieces/${a10.id}`, luLe: null });
    }
    // Neither the subcontractor nor the MOE is reminded; the validated request is not.
    expect((await sujets(s.deposant.user.email)).some((m) => m.startsWith("Il vous reste"))).toBe(false);
    expect((await sujets(s.moeUser.user.email)).some((m) => m.startsWith("Il vous reste"))).toBe(false);
    expect(await sujets(titulaire.user.email)).not.toContain(sujetRelance(validee.numero, s));
    // The page now warns the titulaire: 3 days left.
    expect((await ecranPiece(titulaire.acteur, a10.id, { now: j12 })).alertes.delaiTitulaire).toMatchObject({
      severite: "warning",
      texte: expect.stringMatching(/il vous reste 3 jours\.$/),
    });
    expect(joursRestantsTitulaire(await db.pieceTravaux.findUniqueOrThrow({ where: { id: a10.id } }), { now: j12 })).toBe(3);

    // The next checks before the end (a restart, the next quarter of an hour, the next day): nothing more.
    expect((await verifierDelaiTitulaire({ now: new Date(j12.getTime() + 15 * MINUTE) })).relances).toEqual([]);
    expect((await verifierDelaiTitulaire({ now: new Date(j12.getTime() + JOUR) })).relances).toEqual([]);
    expect((await sujets(titulaire.user.email)).filter((m) => m === sujetRelance(a10.numero, s))).toHaveLength(1);

    // A minute before the end of the 15 days: not late yet. Then past them: the titulaire and the subcontractor are told, once.
    expect((await verifierDelaiTitulaire({ now: new Date(t0.getTime() + 15 * JOUR - MINUTE) })).retards).not.toContain(a10.id);
    const j15 = new Date(t0.getTime() + 15 * JOUR + MINUTE);
    const [r1, r2] = await Promise.all([verifierDelaiTitulaire({ now: j15 }), verifierDelaiTitulaire({ now: j15 })]);
    expect([...r1.retards, ...r2.retards]).toEqual([a10.id]);
    expect((await verifierDelaiTitulaire({ now: new Date(j15.getTime() + 3 * JOUR) })).retards).toEqual([]);

    for (const u of [titulaire, collegueTitulaire]) {
      const retards = (await mailsPour(u.user.email)).filter((m) => m.subject === sujetRetardTitulaire(a10.numero, s));
      expect(retards).toHaveLength(1);
      expect(retards[0].text).toContain(
        `Vous n'avez ni validé ni refusé la demande de paiement n° ${a10.numero} de votre sous-traitant ${s.fournisseur.raisonSociale} dans le délai de 15 jours`,
      );
    }
    for (const u of [s.deposant, s.collegue]) {
      const retards = (await mailsPour(u.user.email)).filter((m) => m.subject === sujetRetardSousTraitant(a10.numero));
      expect(retards).toHaveLength(1);
      expect(retards[0].text).toContain(`Le titulaire ${titulaireStructure.raisonSociale} n'a ni validé ni refusé votre demande de paiement n° ${a10.numero}`);
      expect(retards[0].text).toContain(
        "le titulaire est réputé avoir accepté la demande de paiement (articles R2193-13 et R2193-15 du code de la commande publique)",
      );
      expect(await db.notification.count({ where: { userId: u.user.id, titre: sujetRetardSousTraitant(a10.numero) } })).toBe(1);
    }
    expect((await sujets(s.moeUser.user.email)).some((m) => m.includes(a10.numero) && m.startsWith("Délai"))).toBe(false);

    // The old request: its late notice, and no reminder at all.
    expect((await sujets(titulaire.user.email)).filter((m) => m === sujetRetardTitulaire(ancienne.numero, s))).toHaveLength(1);
    expect(await sujets(titulaire.user.email)).not.toContain(sujetRelance(ancienne.numero, s));

    // The request stays with the titulaire; « Suivre le traitement » shows both notices, by the portal, status unchanged.
    const p = await consulterPiece(s.deposant.acteur, a10.id);
    expect(p.statut).toBe("A_VALIDER_1");
    const avis = p.historique.filter((h) => h.action === "RELANCE_TITULAIRE" || h.action === "DELAI_TITULAIRE_DEPASSE");
    expect(avis.map((h) => [h.action, h.statutAvant, h.statutApres, h.acteurUserId, h.createdAt])).toEqual([
      ["RELANCE_TITULAIRE", "A_VALIDER_1", "A_VALIDER_1", null, j12],
      ["DELAI_TITULAIRE_DEPASSE", "A_VALIDER_1", "A_VALIDER_1", null, j15],
    ]);
    expect(LIBELLES_ACTIONS.RELANCE_TITULAIRE).toBe("Relance du titulaire : demande de paiement à valider");
    expect(LIBELLES_ACTIONS.DELAI_TITULAIRE_DEPASSE).toBeTruthy();
    expect((await consulterPiece(s.deposant.acteur, ancienne.id)).historique.map((h) => h.action)).not.toContain("RELANCE_TITULAIRE");

    // The pages say it is late; the titulaire may still validate it.
    expect((await ecranPiece(titulaire.acteur, a10.id, { now: j15 })).alertes.delaiTitulaire).toMatchObject({
      severite: "error",
      texte: expect.stringContaining("Le délai de 15 jours pour valider ou refuser cette demande de paiement est écoulé depuis le 20/02/2018 09:00:00"),
    });
    expect((await ecranPiece(s.deposant.acteur, a10.id, { now: j15 })).alertes.delaiTitulaire).toMatchObject({
      severite: "warning",
      texte: expect.stringContaining(
        `Le titulaire ${titulaireStructure.raisonSociale} n'a ni validé ni refusé votre demande de paiement dans le délai de 15 jours`,
      ),
    });
    expect((await piecesATraiter(titulaire.acteur, { now: j15 })).pieces.find((l) => l.id === a10.id)?.joursRestants).toBeLessThanOrEqual(0);
    expect((await ecranPiece(titulaire.acteur, a10.id, { now: j15 })).possibles).toEqual(["REFUS", "VALIDATION"]);
  });
});

describe("A10 validée par le titulaire : le délai de 7 jours de la MOE court à compter de la validation", () => {
  it("validée au jour 0 : la MOE en est avertie avec ses 7 jours, la pièce est encore dans les temps au jour 6, « Absence de validation de la MOE dans le délai réglementaire » au jour 8", async () => {
    const { s, titulaire, demande } = await sousTraitance();
    // Far in the past (2019: before the 7-day test of factures-traitement, 2020), so that this file's checks never reach another test's piece.
    const depot = new Date(Date.UTC(2019, 4, 6, 7, 0));
    const a10 = await demande(depot);
    await ajouterPieceJointe(titulaire.acteur, a10.id, {
      nom: "attestation.pdf",
      contenu: await pdfFacture("Attestation"),
      nature: "ATTESTATION_PAIEMENT_DIRECT",
    });
    // Validated 10 days after its deposit: the MOE's 7 days count from here, not from the deposit.
    const jour0 = new Date(depot.getTime() + 10 * JOUR);
    expect((await traiterPiece(titulaire.acteur, a10.id, "VALIDATION", { now: jour0 })).statut).toBe("MISE_A_DISPOSITION_MOE");

    // The validation's mail announces the MOE's 7 days (to the MOE and to the subcontractor).
    const sujet = `Facture de travaux n° ${a10.numero} : Mise à disposition de la MOE`;
    const auMoe = (await mailsPour(s.moeUser.user.email)).filter((m) => m.subject === sujet);
    expect(auMoe).toHaveLength(1);
    expect(auMoe[0].text).toContain(
      `elle est mise à la disposition de la maîtrise d'œuvre ${s.moe.raisonSociale}, qui a 7 jours à compter de cette validation pour la traiter.`,
    );
    expect((await sujets(s.deposant.user.email)).filter((m) => m === sujet)).toHaveLength(1);

    // Day 6: still in time — the check changes nothing, the MOE's page and list say 1 day left.
    const jour6 = new Date(jour0.getTime() + 6 * JOUR);
    expect((await verifierDelais({ now: jour6 })).pieces).not.toContain(a10.id);
    expect(joursRestants(await db.pieceTravaux.findUniqueOrThrow({ where: { id: a10.id } }), { now: jour6 })).toBe(1);
    expect((await ecranPiece(s.moeUser.acteur, a10.id, { now: jour6 })).alertes.delaiMoe).toEqual({
      severite: "info",
      texte: "Demande de paiement validée par le titulaire, à traiter dans un délai de 7 jours à compter de sa validation : il reste 1 jour.",
    });
    expect((await piecesATraiter(s.moeUser.acteur, { now: jour6 })).pieces.map((p) => [p.id, p.joursRestants])).toEqual([[a10.id, 1]]);
    expect((await consulterPiece(s.moeUser.acteur, a10.id)).statut).toBe("MISE_A_DISPOSITION_MOE");

    // Day 8: late.
    const jour8 = new Date(jour0.getTime() + 8 * JOUR);
    await verifierDelais({ now: jour8 });
    const p = await consulterPiece(s.deposant.acteur, a10.id);
    expect(p.statut).toBe("ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE");
    expect(p.historique.filter((h) => h.action === "DELAI_DEPASSE")).toHaveLength(1);
    const retard = `Facture de travaux n° ${a10.numero} : Absence de validation de la MOE dans le délai réglementaire`;
    // The subcontractor, the MOA and the titulaire are told, once each.
    for (const email of [s.deposant.user.email, s.moaUser.user.email, titulaire.user.email]) {
      const mails = (await mailsPour(email)).filter((m) => m.subject === retard);
      expect(mails).toHaveLength(1);
      expect(mails[0].text).toContain(
        "n'a pas validé cette demande de paiement du sous-traitant dans le délai réglementaire de 7 jours à compter de sa validation par le titulaire",
      );
    }
    expect((await verifierDelais({ now: new Date(jour8.getTime() + JOUR) })).pieces).not.toContain(a10.id);
    // The MOE may still process it.
    expect((await traiterPiece(s.moeUser.acteur, a10.id, "PRISE_EN_COMPTE", { now: new Date(jour8.getTime() + JOUR) })).statut).toBe("PRISE_EN_COMPTE_MOE");
  });
});
