import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { consulterPiece } from "@/lib/invoices/consultation";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { verifierDelaiTacite } from "@/lib/invoices/procedure-tacite";
import { traiterPiece } from "@/lib/invoices/transitions";
import { mailsPour } from "../support/fixtures";
import { enregistrerFacture } from "@/lib/invoices/brouillon";
import { factureSchema } from "@/lib/invoices/schemas";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { brouillonComplet, pdfFacture, saisieFacture, scenario, type Scenario } from "./factures-fixtures";

const JOUR = 24 * 3600 * 1000;

/**
 * The titulaire's A22 (it is only ever a next piece): its final draft (A7) sent to the MOE a minute before, still
 * pending there, then replaced by the A22.
 */
async function a22(s: Scenario, le: Date) {
  const { id: a7 } = await brouillonComplet(s, { cadre: "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR" });
  await ajouterPieceJointe(s.deposant.acteur, a7, { nom: "pdf.pdf", contenu: await pdfFacture("Projet de décompte final"), nature: "FACTURE" });
  await envoyer(s.deposant.acteur, a7, { now: new Date(le.getTime() - 60_000) });
  const { id } = await deposerPieceSuivante(s.deposant.acteur, a7, { now: le });
  const saisie = saisieFacture();
  await enregistrerFacture(s.deposant.acteur, id, factureSchema.parse(saisie));
  await ajouterPieceJointe(s.deposant.acteur, id, { nom: "pdg-tacite.pdf", contenu: await pdfFacture("PDG tacite"), nature: "FACTURE" });
  expect((await envoyer(s.deposant.acteur, id, { now: le })).statut).toBe("MISE_A_DISPOSITION_MOA");
  return { id, numero: saisie.numero };
}

describe("procédure tacite : la tâche planifiée avertit le titulaire quand les 10 jours de la MOA sont écoulés (l'horloge est avancée, pas attendue)", () => {
  it("un A22 sans réponse de la MOA : une seule fois, un courriel et une notification au titulaire, une étape dans « Suivre le traitement » ; un A22 traité, rien", async () => {
    const s = await scenario();
    // Far in the past, so that no other test's A22 is due at these dates.
    const t0 = new Date(Date.UTC(2020, 3, 1, 7, 0));
    const attente = await a22(s, t0);
    const refuse = await a22(s, new Date(t0.getTime() + 60_000));
    await traiterPiece(s.moaUser.acteur, refuse.id, "REFUS", { motif: { code: "MAUVAISE_MOA" }, now: new Date(t0.getTime() + 2 * JOUR) });
    const sujet = `Procédure tacite : vous pouvez déposer le décompte général et définitif tacite (facture n° ${attente.numero})`;

    // A minute before the 10 days: nothing.
    expect((await verifierDelaiTacite({ now: new Date(t0.getTime() + 10 * JOUR - 60_000) })).pieces).not.toContain(attente.id);
    expect((await mailsPour(s.deposant.user.email)).filter((m) => m.subject === sujet)).toHaveLength(0);

    // Once they have run out, two checks at once (two instances): the titulaire is told once.
    const echu = new Date(t0.getTime() + 10 * JOUR + 60_000);
    const [un, deux] = await Promise.all([verifierDelaiTacite({ now: echu }), verifierDelaiTacite({ now: echu })]);
    expect([...un.pieces, ...deux.pieces].filter((id) => id === attente.id)).toHaveLength(1);
    expect([...un.pieces, ...deux.pieces]).not.toContain(refuse.id);

    const mails = (await mailsPour(s.deposant.user.email)).filter((m) => m.subject === sujet);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain(`La maîtrise d'ouvrage ${s.moa.raisonSociale} n'a pas notifié le décompte général dans le délai de 10 jours`);
    expect(mails[0].text).toContain("Vous pouvez désormais déposer le décompte général et définitif tacite (A23).");
    expect(mails[0].text).toContain(`/factures-travaux/pieces/${attente.id}`);
    // Every user of the titulaire (its colleague too), in the portal's notifications as well; not the MOA.
    expect((await mailsPour(s.collegue.user.email)).filter((m) => m.subject === sujet)).toHaveLength(1);
    const notifications = await db.notification.findMany({ where: { userId: s.deposant.user.id, titre: sujet } });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ lien: `/factures-travaux/pieces/${attente.id}`, luLe: null });
    expect(notifications[0].message).toMatch(/vous pouvez déposer le décompte général et définitif tacite \(A23\)\.$/);
    expect((await mailsPour(s.moaUser.user.email)).filter((m) => m.subject === sujet)).toHaveLength(0);

    // The A22 stays with the MOA; « Suivre le traitement » shows the notice, by the portal.
    const p = await consulterPiece(s.deposant.acteur, attente.id);
    expect(p.statut).toBe("MISE_A_DISPOSITION_MOA");
    // (The draft's creation is stamped by the database's clock, not the test's: looked up by its action.)
    expect(p.historique.filter((h) => h.action === "DELAI_TACITE_ECHU")).toHaveLength(1);
    expect(p.historique.find((h) => h.action === "DELAI_TACITE_ECHU")).toMatchObject({
      action: "DELAI_TACITE_ECHU",
      statutAvant: "MISE_A_DISPOSITION_MOA",
      statutApres: "MISE_A_DISPOSITION_MOA",
      acteurUserId: null,
      createdAt: echu,
    });

    // Later checks (a restart, the next quarter of an hour, days after): nothing more.
    expect((await verifierDelaiTacite({ now: new Date(echu.getTime() + 15 * 60_000) })).pieces).not.toContain(attente.id);
    expect((await verifierDelaiTacite({ now: new Date(echu.getTime() + 5 * JOUR) })).pieces).not.toContain(attente.id);
    expect((await mailsPour(s.deposant.user.email)).filter((m) => m.subject === sujet)).toHaveLength(1);
    expect((await mailsPour(s.deposant.user.email)).some((m) => m.subject.includes(refuse.numero) && m.subject.startsWith("Procédure tacite"))).toBe(false);
  });
});
