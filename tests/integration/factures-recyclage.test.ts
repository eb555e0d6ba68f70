import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { piecesATraiter } from "@/lib/invoices/a-traiter";
import { enregistrerFacture } from "@/lib/invoices/brouillon";
import { consulterDossier, consulterPiece } from "@/lib/invoices/consultation";
import { ecranPiece } from "@/lib/invoices/ecran-piece";
import { envoyer } from "@/lib/invoices/envoi";
import { NUMERO_LIBERE } from "@/lib/invoices/numero-libere";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { demanderRecyclagePiecePrecedente, recyclerPiece, routageARecycler } from "@/lib/invoices/recyclage";
import { factureSchema, recyclageSchema, refusSchema, type RecyclageForm } from "@/lib/invoices/schemas";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { traiterPiece } from "@/lib/invoices/transitions";
import { seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { codeDe, mailsPour } from "../support/fixtures";
import { acteurDe, brouillonComplet, depotA4, pdfFacture, saisieFacture, scenario, type Scenario } from "./factures-fixtures";

/** The routing as the « Recycler la pièce » form sends it, parsed by its own schema. */
const routage = (r: RecyclageForm) => recyclageSchema.parse(r);

/** Another MOE whose « Factures de travaux » space is open, with a member. */
async function autreMoe() {
  const moe = await seedStructure({ worksSpaceOpen: true });
  const user = await seedUser({ structureId: moe.id, role: "GESTIONNAIRE_PRINCIPAL", email: `moe2-${uniqueSuffix()}@exemple.fr` });
  return { moe, user, acteur: acteurDe(user, moe) };
}

const sujet = (numero: string, statut: string) => `Facture de travaux n° ${numero} : ${statut}`;

/** The MOE's A15 following the supplier's A4, sent to the MOA (the A4 becomes « Transmise à la MOA »). */
async function envoyerA15(s: Scenario, a4: string) {
  const { id } = await deposerPieceSuivante(s.moeUser.acteur, a4);
  const numero = `EA-${uniqueSuffix().toUpperCase()}`;
  await enregistrerFacture(s.moeUser.acteur, id, factureSchema.parse(saisieFacture({ numero })));
  await ajouterPieceJointe(s.moeUser.acteur, id, { nom: "etat-acompte.pdf", contenu: await pdfFacture(`Etat d'acompte ${numero}`), nature: "FACTURE" });
  await envoyer(s.moeUser.acteur, id);
  return { id, numero };
}

/** A draft of the supplier (its own frame, parties and an invoice under some number), the invoice PDF joined. */
async function brouillonAvecFacture(s: Scenario, numero: string, o: { suite?: string } = {}) {
  const id = o.suite ? (await deposerPieceSuivante(s.deposant.acteur, o.suite)).id : (await brouillonComplet(s)).id;
  await enregistrerFacture(s.deposant.acteur, id, factureSchema.parse(saisieFacture({ numero })));
  await ajouterPieceJointe(s.deposant.acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(`Facture ${numero}`), nature: "FACTURE" });
  return id;
}

describe("mettre à recycler, puis recycler : le fournisseur corrige l'acheminement et renvoie sous le même numéro", () => {
  it("la MOE met à recycler avec le motif ; le fournisseur change de MOE : même numéro, même dossier, historique, l'ancienne MOE ne la voit plus, courriels", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    const nouvelle = await autreMoe();

    // Without the routing error, nothing happens: the depositor must be told what to correct.
    expect(await codeDe(traiterPiece(s.moeUser.acteur, a4.id, "MISE_EN_RECYCLAGE", { motif: { texte: "  " } }))).toBe("MOTIF_TRAITEMENT_OBLIGATOIRE");
    expect((await consulterPiece(s.moeUser.acteur, a4.id)).statut).toBe("MISE_A_DISPOSITION_MOE");

    const erreur = `La maîtrise d'œuvre de ce marché est ${nouvelle.moe.raisonSociale}`;
    expect((await traiterPiece(s.moeUser.acteur, a4.id, "MISE_EN_RECYCLAGE", { motif: { texte: erreur } })).statut).toBe("A_RECYCLER");
    const aRecycler = (await mailsPour(s.deposant.user.email)).find((m) => m.subject === sujet(a4.numero, "À recycler"))!;
    expect(aRecycler.text).toContain(erreur);
    expect(aRecycler.text).toContain("Recycler la pièce");
    expect(aRecycler.text).toContain("sous le même numéro");

    // In the depositor's « Pièces à traiter », among the pieces sent back to it; no longer in the MOE's.
    expect((await piecesATraiter(s.deposant.acteur, { filtre: "retournees" })).pieces.map((p) => [p.id, p.statut])).toEqual([[a4.id, "A_RECYCLER"]]);
    expect((await piecesATraiter(s.moeUser.acteur)).pieces.map((p) => p.id)).not.toContain(a4.id);
    // The depositor's screen says what to do; the MOE's offers nothing more.
    const ecran = await ecranPiece(s.deposant.acteur, a4.id);
    expect(ecran.motif).toMatchObject({ motif: erreur, recycler: true });
    expect((await ecranPiece(s.moeUser.acteur, a4.id)).motif?.recycler).toBe(false);
    // « Recycler la pièce » is prefilled with the current routing and the error.
    expect(await routageARecycler(s.deposant.acteur, a4.id)).toMatchObject({
      numero: a4.numero,
      moeModifiable: true,
      destinataire: "MOE",
      valeurs: { moeSiret: s.moe.identifier, moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id },
      motif: erreur,
    });

    const r = await recyclerPiece(
      s.deposant.acteur,
      a4.id,
      routage({ moeSiret: nouvelle.moe.identifier, moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id, numeroBonCommande: "BC-2026-7" }),
    );
    expect(r.statut).toBe("MISE_A_DISPOSITION_MOE");

    const apres = await consulterPiece(s.deposant.acteur, a4.id);
    expect(apres).toMatchObject({
      statut: "MISE_A_DISPOSITION_MOE",
      numero: a4.numero,
      numeroReserve: a4.numero,
      moeId: nouvelle.moe.id,
      numeroBonCommande: "BC-2026-7",
      dossierId: a4.envoi.dossierId,
      numeroDepot: a4.envoi.numeroDepot,
    });
    const derniere = apres.historique.at(-1)!;
    expect(derniere).toMatchObject({ action: "RECYCLAGE", statutAvant: "A_RECYCLER", statutApres: "MISE_A_DISPOSITION_MOE", acteurUserId: s.deposant.user.id });
    expect(derniere.commentaire).toBe(
      `Pièce recyclée : maîtrise d'œuvre ${s.moe.raisonSociale} (${s.moe.identifier}) → ${nouvelle.moe.raisonSociale} (${nouvelle.moe.identifier}) ; numéro de bon de commande (aucun) → BC-2026-7.`,
    );

    // The old MOE no longer sees the piece; the new one does, and is told.
    expect(await codeDe(consulterPiece(s.moeUser.acteur, a4.id))).toBe("INTROUVABLE");
    expect((await consulterPiece(nouvelle.acteur, a4.id)).roles).toEqual(["MOE"]);
    const aTraiter = (await mailsPour(nouvelle.user.email)).find((m) => m.subject === sujet(a4.numero, "Mise à disposition de la MOE"))!;
    expect(aTraiter.text).toContain("sous le même numéro");
    expect((await mailsPour(s.moeUser.user.email)).some((m) => m.subject === sujet(a4.numero, "Mise à disposition de la MOE"))).toBe(false);
    expect((await mailsPour(s.deposant.user.email)).some((m) => m.subject === sujet(a4.numero, "Mise à disposition de la MOE"))).toBe(true);

    // The journal keeps the routing before → after.
    const journal = await db.journalAudit.findFirstOrThrow({ where: { action: "PIECE_RECYCLEE", cibleId: a4.id } });
    expect(journal).toMatchObject({
      acteurUserId: s.deposant.user.id,
      structureId: s.fournisseur.id,
      avant: { moe: `${s.moe.raisonSociale} (${s.moe.identifier})`, numeroBonCommande: null },
      apres: { moe: `${nouvelle.moe.raisonSociale} (${nouvelle.moe.identifier})`, numeroBonCommande: "BC-2026-7" },
    });

    // The new MOE processes it as any piece.
    expect((await traiterPiece(nouvelle.acteur, a4.id, "PRISE_EN_COMPTE")).statut).toBe("PRISE_EN_COMPTE_MOE");
  });

  it("la MOA met à recycler ; le fournisseur choisit un autre service et renseigne l'engagement juridique qu'elle exige", async () => {
    const s = await scenario();
    const achats = await db.service.create({ data: { structureId: s.moa.id, code: `ACH-${uniqueSuffix()}`, libelle: "Direction des achats" } });
    // An A5 (no MOE): it goes to the MOA.
    const { id, numero } = await brouillonComplet(s, { cadre: "A5_ETAT_ACOMPTE_FOURNISSEUR" });
    await ajouterPieceJointe(s.deposant.acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(`Facture ${numero}`), nature: "FACTURE" });
    await envoyer(s.deposant.acteur, id);
    const erreur = "Service destinataire : Direction des achats ; EJ 2100004567";
    expect((await traiterPiece(s.moaUser.acteur, id, "MISE_EN_RECYCLAGE", { motif: { texte: erreur } })).statut).toBe("A_RECYCLER");
    expect((await mailsPour(s.deposant.user.email)).find((m) => m.subject === sujet(numero, "À recycler"))!.text).toContain(erreur);
    expect(await routageARecycler(s.deposant.acteur, id)).toMatchObject({ moeModifiable: false, destinataire: "MOA" });

    // The MOA now requires the engagement juridique: without it, the piece is not sent again.
    await db.structure.update({ where: { id: s.moa.id }, data: { engagementObligatoire: true } });
    const sansEj = await recyclerPiece(s.deposant.acteur, id, routage({ moaSiret: s.moa.identifier, serviceMoaId: achats.id })).then(
      () => null,
      (e: unknown) => e as { code: string; fieldErrors: Record<string, string> },
    );
    expect(sansEj).toMatchObject({
      code: "REFERENCE_OBLIGATOIRE",
      fieldErrors: { numeroEngagement: `La maîtrise d'ouvrage ${s.moa.raisonSociale} exige un numéro d'engagement juridique : renseignez-le.` },
    });
    // A service the MOA does not have is refused, as at step « Parties ».
    expect(
      await codeDe(
        recyclerPiece(s.deposant.acteur, id, routage({ moaSiret: s.moa.identifier, serviceMoaId: s.serviceInactif.id, numeroEngagement: "2100004567" })),
      ),
    ).toBe("SERVICE_MOA_INVALIDE");
    expect((await consulterPiece(s.deposant.acteur, id)).statut).toBe("A_RECYCLER");

    const r = await recyclerPiece(s.deposant.acteur, id, routage({ moaSiret: s.moa.identifier, serviceMoaId: achats.id, numeroEngagement: "2100004567" }));
    expect(r.statut).toBe("MISE_A_DISPOSITION_MOA");
    const p = await consulterPiece(s.moaUser.acteur, id);
    expect(p).toMatchObject({ numero, serviceMoaId: achats.id, numeroEngagement: "2100004567", statut: "MISE_A_DISPOSITION_MOA" });
    expect(p.historique.at(-1)!.commentaire).toBe(
      `Pièce recyclée : service de la maîtrise d'ouvrage ${s.serviceMoa.libelle} (${s.serviceMoa.code}) → Direction des achats (${achats.code}) ; numéro d'engagement juridique (aucun) → 2100004567.`,
    );
    expect((await mailsPour(s.moaUser.user.email)).some((m) => m.subject === sujet(numero, "Mise à disposition de la MOA"))).toBe(true);
  });

  it("seul le déposant recycle, seulement une pièce à recycler, et seulement vers des parties qui passent les contrôles", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    const meme = routage({ moeSiret: s.moe.identifier, moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id });

    // Not « À recycler » yet.
    expect(await codeDe(recyclerPiece(s.deposant.acteur, a4.id, meme))).toBe("ACTION_IMPOSSIBLE");
    // The MOE and the MOA put a piece « À recycler » only from the statuses where they process it.
    expect(await codeDe(traiterPiece(s.moaUser.acteur, a4.id, "MISE_EN_RECYCLAGE", { motif: { texte: "x" } }))).toBe("NON_AUTORISE");
    expect(await codeDe(traiterPiece(s.deposant.acteur, a4.id, "MISE_EN_RECYCLAGE", { motif: { texte: "x" } }))).toBe("NON_AUTORISE");
    await traiterPiece(s.moeUser.acteur, a4.id, "MISE_EN_RECYCLAGE", { motif: { texte: "Mauvais service de la maîtrise d'ouvrage" } });

    // Only the depositor: the MOE sees the piece but may not recycle it; another structure does not see it.
    expect(await codeDe(recyclerPiece(s.moeUser.acteur, a4.id, meme))).toBe("NON_AUTORISE");
    expect(await codeDe(recyclerPiece(s.exterieur.acteur, a4.id, meme))).toBe("INTROUVABLE");
    expect(await codeDe(routageARecycler(s.moeUser.acteur, a4.id))).toBe("NON_AUTORISE");

    // The controls of « Parties »: an MOE whose space is closed, a structure that is not a public buyer as MOA.
    const fermee = await seedStructure();
    expect(
      await codeDe(
        recyclerPiece(s.deposant.acteur, a4.id, routage({ moeSiret: fermee.identifier, moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id })),
      ),
    ).toBe("ESPACE_MOE_FERME");
    expect(await codeDe(recyclerPiece(s.deposant.acteur, a4.id, routage({ moeSiret: s.moe.identifier, moaSiret: fermee.identifier })))).toBe(
      "MOA_NON_PUBLIQUE",
    );
    expect(await codeDe(recyclerPiece(s.deposant.acteur, a4.id, routage({ moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id })))).toBe(
      "CHAMP_OBLIGATOIRE",
    );
    const rien = await consulterPiece(s.deposant.acteur, a4.id);
    expect(rien).toMatchObject({ statut: "A_RECYCLER", moeId: s.moe.id });
    expect(await db.journalAudit.count({ where: { action: "PIECE_RECYCLEE", cibleId: a4.id } })).toBe(0);

    // Sent again unchanged (the recipient was wrong to put it « À recycler »): the history says so. Then no second time.
    expect((await recyclerPiece(s.deposant.acteur, a4.id, meme)).statut).toBe("MISE_A_DISPOSITION_MOE");
    expect((await consulterPiece(s.deposant.acteur, a4.id)).historique.at(-1)!.commentaire).toBe(
      "Pièce recyclée : renvoyée sans changement des données d'acheminement.",
    );
    expect(await codeDe(recyclerPiece(s.deposant.acteur, a4.id, meme))).toBe("ACTION_IMPOSSIBLE");
  });

  it("deux recyclages à la fois : un seul passe, l'autre trouve la pièce déjà renvoyée", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    await traiterPiece(s.moeUser.acteur, a4.id, "MISE_EN_RECYCLAGE", { motif: { texte: "Mauvaise MOE" } });
    const nouvelle = await autreMoe();
    const r = await Promise.allSettled([
      recyclerPiece(s.deposant.acteur, a4.id, routage({ moeSiret: nouvelle.moe.identifier, moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id })),
      recyclerPiece(s.collegue.acteur, a4.id, routage({ moeSiret: s.moe.identifier, moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id })),
    ]);
    expect(r.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    expect((r.find((x) => x.status === "rejected") as PromiseRejectedResult).reason.code).toBe("ACTION_IMPOSSIBLE");
    expect(await db.historiquePieceTravaux.count({ where: { pieceId: a4.id, action: "RECYCLAGE" } })).toBe(1);
  });
});

describe("demander le recyclage de la pièce précédente (la MOE a transmis par erreur)", () => {
  it("l'A15 de la MOE est abandonnée, l'A4 retourne au fournisseur à recycler ; le fournisseur et la MOA sont prévenus ; le dossier continue", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    const a15 = await envoyerA15(s, a4.id);
    expect((await consulterPiece(s.deposant.acteur, a4.id)).statut).toBe("TRANSMISE_MOA");

    // Offered to the MOE on its own piece only.
    expect((await ecranPiece(s.moeUser.acteur, a15.id)).recyclagePrecedente).toBe(true);
    expect((await ecranPiece(s.moaUser.acteur, a15.id)).recyclagePrecedente).toBe(false);
    expect((await ecranPiece(s.deposant.acteur, a15.id)).recyclagePrecedente).toBe(false);
    expect((await ecranPiece(s.moeUser.acteur, a4.id)).recyclagePrecedente).toBe(false);

    expect(await codeDe(demanderRecyclagePiecePrecedente(s.moeUser.acteur, a15.id, " "))).toBe("MOTIF_TRAITEMENT_OBLIGATOIRE");
    expect(await codeDe(demanderRecyclagePiecePrecedente(s.deposant.acteur, a15.id, "x"))).toBe("NON_AUTORISE");
    expect(await codeDe(demanderRecyclagePiecePrecedente(s.moaUser.acteur, a15.id, "x"))).toBe("NON_AUTORISE");
    expect(await codeDe(demanderRecyclagePiecePrecedente(s.exterieur.acteur, a15.id, "x"))).toBe("INTROUVABLE");
    expect(await codeDe(demanderRecyclagePiecePrecedente(s.moeUser.acteur, a4.id, "x"))).toBe("NON_AUTORISE");

    const erreur = "Ce marché relève du service Département Immobilier d'une autre maîtrise d'ouvrage";
    const r = await demanderRecyclagePiecePrecedente(s.moeUser.acteur, a15.id, erreur);
    expect(r.statut).toBe("ABANDONNEE");

    const mienne = await consulterPiece(s.moeUser.acteur, a15.id);
    expect(mienne.statut).toBe("ABANDONNEE");
    expect(mienne.historique.at(-1)).toMatchObject({
      action: "DEMANDE_RECYCLAGE",
      statutAvant: "MISE_A_DISPOSITION_MOA",
      statutApres: "ABANDONNEE",
      motif: erreur,
      acteurUserId: s.moeUser.user.id,
    });
    const precedente = await consulterPiece(s.deposant.acteur, a4.id);
    expect(precedente.statut).toBe("A_RECYCLER");
    expect(precedente.historique.at(-1)).toMatchObject({ action: "DEMANDE_RECYCLAGE", statutAvant: "TRANSMISE_MOA", statutApres: "A_RECYCLER", motif: erreur });
    expect((await ecranPiece(s.deposant.acteur, a4.id)).motif).toMatchObject({ motif: erreur, recycler: true });

    const auFournisseur = (await mailsPour(s.deposant.user.email)).find((m) => m.subject === sujet(a4.numero, "À recycler"))!;
    expect(auFournisseur.text).toContain(erreur);
    expect(auFournisseur.text).toContain("transmise par erreur");
    expect((await mailsPour(s.moaUser.user.email)).find((m) => m.subject === sujet(a15.numero, "Abandonnée"))!.text).toContain("retiré cette pièce");

    // No second time; the MOA can no longer process the abandoned piece.
    expect(await codeDe(demanderRecyclagePiecePrecedente(s.moeUser.acteur, a15.id, erreur))).toBe("ACTION_IMPOSSIBLE");
    expect(await codeDe(traiterPiece(s.moaUser.acteur, a15.id, "PRISE_EN_COMPTE"))).toBe("ACTION_IMPOSSIBLE");

    // The supplier recycles (same MOE): back to the MOE, who deposits its next piece in the same dossier.
    await recyclerPiece(s.deposant.acteur, a4.id, routage({ moeSiret: s.moe.identifier, moaSiret: s.moa.identifier, serviceMoaId: s.serviceMoa.id }));
    expect((await consulterPiece(s.moeUser.acteur, a4.id)).statut).toBe("MISE_A_DISPOSITION_MOE");
    const suivante = await envoyerA15(s, a4.id);
    const dossier = await consulterDossier(s.moeUser.acteur, a4.envoi.dossierId);
    expect(dossier.pieces.map((p) => [p.id, p.statut])).toEqual([
      [a4.id, "TRANSMISE_MOA"],
      [a15.id, "ABANDONNEE"],
      [suivante.id, "MISE_A_DISPOSITION_MOA"],
    ]);
  });

  it("refusée une fois que la MOA a traité l'A15 : rien ne change", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    const a15 = await envoyerA15(s, a4.id);
    await traiterPiece(s.moaUser.acteur, a15.id, "PRISE_EN_COMPTE");
    expect((await ecranPiece(s.moeUser.acteur, a15.id)).recyclagePrecedente).toBe(false);
    const e = await demanderRecyclagePiecePrecedente(s.moeUser.acteur, a15.id, "Mauvaise MOA").then(
      () => null,
      (x: unknown) => x as { code: string; message: string },
    );
    expect(e?.code).toBe("ACTION_IMPOSSIBLE");
    expect(e?.message).toContain("La maîtrise d'ouvrage a déjà traité cette pièce");
    expect((await consulterPiece(s.moeUser.acteur, a15.id)).statut).toBe("PRISE_EN_COMPTE_MOA");
    expect((await consulterPiece(s.deposant.acteur, a4.id)).statut).toBe("TRANSMISE_MOA");
    expect(await db.historiquePieceTravaux.count({ where: { pieceId: { in: [a4.id, a15.id] }, action: "DEMANDE_RECYCLAGE" } })).toBe(0);
  });
});

describe("un refus ne libère le numéro que s'il le dit", () => {
  it("sans la case : le numéro reste pris, une nouvelle pièce sous ce numéro est refusée (NUMERO_EN_DOUBLE)", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    await traiterPiece(s.moeUser.acteur, a4.id, "REFUS", { motif: { code: "MAUVAISE_MOE" } });
    const refusee = await consulterPiece(s.deposant.acteur, a4.id);
    expect(refusee).toMatchObject({ statut: "REFUSEE_MOE", numeroReserve: a4.numero });
    expect(refusee.historique.at(-1)!.motif).toBe("Mauvaise maîtrise d'œuvre");
    expect((await ecranPiece(s.deposant.acteur, a4.id)).motif).toMatchObject({ refaire: true, numeroLibere: false });

    const { id } = await deposerPieceSuivante(s.deposant.acteur, a4.id);
    const e = await enregistrerFacture(s.deposant.acteur, id, factureSchema.parse(saisieFacture({ numero: a4.numero }))).catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: "NUMERO_EN_DOUBLE",
      fieldErrors: { numero: `Le numéro ${a4.numero} est déjà utilisé par votre structure pour une facture de 2026.` },
    });
  });

  it("avec la case : le numéro est libéré ; la pièce corrigée le reprend, et à son envoi la pièce refusée devient « Redéposée sous le même numéro après refus »", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    // The dialog's schema carries the box.
    const saisie = refusSchema.parse({ motifCode: "AUTRE", motif: "Bon de commande d'un autre marché", libererNumero: true });
    await traiterPiece(s.moeUser.acteur, a4.id, "REFUS", { motif: { code: saisie.motifCode, texte: saisie.motif }, libererNumero: saisie.libererNumero });

    const refusee = await consulterPiece(s.deposant.acteur, a4.id);
    expect(refusee).toMatchObject({ statut: "REFUSEE_MOE", numero: a4.numero, numeroReserve: null });
    expect(refusee.historique.at(-1)!.motif).toBe(`Autre erreur dans les données d'acheminement : Bon de commande d'un autre marché\n${NUMERO_LIBERE}`);
    expect((await ecranPiece(s.deposant.acteur, a4.id)).motif).toMatchObject({ refaire: true, numeroLibere: true });
    expect((await mailsPour(s.deposant.user.email)).find((m) => m.subject === sujet(a4.numero, "Refusée par la MOE"))!.text).toContain(NUMERO_LIBERE);

    // « Corriger et déposer à nouveau » under the same number: saved, sent; the refused piece is marked then, not before.
    const corrigee = await brouillonAvecFacture(s, a4.numero, { suite: a4.id });
    expect((await consulterPiece(s.deposant.acteur, a4.id)).statut).toBe("REFUSEE_MOE");
    const envoi = await envoyer(s.deposant.acteur, corrigee);
    expect(envoi.dossierId).toBe(a4.envoi.dossierId);

    const dupliquee = await consulterPiece(s.deposant.acteur, a4.id);
    expect(dupliquee.statut).toBe("DUPLIQUE_APRES_REFUS");
    expect(dupliquee.historique.at(-1)).toMatchObject({
      action: "DUPLICATION",
      statutAvant: "REFUSEE_MOE",
      statutApres: "DUPLIQUE_APRES_REFUS",
      acteurUserId: null,
    });
    expect(dupliquee.historique.at(-1)!.commentaire).toMatch(
      new RegExp(`^Numéro repris par la pièce n° ${a4.numero} déposée le .* \\(dépôt n° ${envoi.numeroDepot}\\)\\.$`),
    );
    expect(await consulterPiece(s.moeUser.acteur, corrigee)).toMatchObject({ numero: a4.numero, numeroReserve: a4.numero, statut: "MISE_A_DISPOSITION_MOE" });
    // The number is taken again: a third piece under it is refused.
    const { id: troisieme } = await brouillonComplet(s);
    expect(await codeDe(enregistrerFacture(s.deposant.acteur, troisieme, factureSchema.parse(saisieFacture({ numero: a4.numero }))))).toBe("NUMERO_EN_DOUBLE");
  });

  it("une nouvelle pièce déposée à part reprend aussi le numéro libéré (refus de la MOA) ; deux enregistrements à la fois : un seul le prend", async () => {
    const s = await scenario();
    const { id, numero } = await brouillonComplet(s, { cadre: "A5_ETAT_ACOMPTE_FOURNISSEUR" });
    await ajouterPieceJointe(s.deposant.acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(`Facture ${numero}`), nature: "FACTURE" });
    await envoyer(s.deposant.acteur, id);
    await traiterPiece(s.moaUser.acteur, id, "REFUS", { motif: { code: "MAUVAISE_MOA" }, libererNumero: true });
    expect(await db.pieceTravaux.findUniqueOrThrow({ where: { id }, select: { numeroReserve: true } })).toEqual({ numeroReserve: null });

    // Two fresh drafts of the supplier save the freed number at the same time: the unique index lets one through.
    const [a, b] = [await brouillonComplet(s), await brouillonComplet(s)];
    const r = await Promise.allSettled([a, b].map((x) => enregistrerFacture(s.deposant.acteur, x.id, factureSchema.parse(saisieFacture({ numero })))));
    expect(r.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    expect((r.find((x) => x.status === "rejected") as PromiseRejectedResult).reason.code).toBe("NUMERO_EN_DOUBLE");
    const gagnant = r[0].status === "fulfilled" ? a.id : b.id;

    await ajouterPieceJointe(s.deposant.acteur, gagnant, { nom: "facture.pdf", contenu: await pdfFacture(`Facture ${numero}`), nature: "FACTURE" });
    const envoi = await envoyer(s.deposant.acteur, gagnant);
    // A fresh deposit: a new dossier; the refused piece is marked all the same.
    expect(envoi.dossierId).not.toBe((await consulterPiece(s.deposant.acteur, id)).dossierId);
    expect((await consulterPiece(s.deposant.acteur, id)).statut).toBe("DUPLIQUE_APRES_REFUS");
    expect((await consulterPiece(s.moaUser.acteur, id)).statut).toBe("DUPLIQUE_APRES_REFUS");
  });

  it("deux envois à la fois : seule la pièce sous le numéro libéré reprend la pièce refusée, une seule fois", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    await traiterPiece(s.moeUser.acteur, a4.id, "REFUS", { motif: { code: "MAUVAISE_MOE" }, libererNumero: true });
    // Two drafts, one under the freed number and one under another: both sent at once, each keeps its own number.
    const [x, y] = [await brouillonAvecFacture(s, a4.numero, { suite: a4.id }), await brouillonAvecFacture(s, `AUTRE-${uniqueSuffix().toUpperCase()}`)];
    await Promise.all([envoyer(s.deposant.acteur, x), envoyer(s.deposant.acteur, y)]);
    expect(await db.historiquePieceTravaux.count({ where: { pieceId: a4.id, action: "DUPLICATION" } })).toBe(1);
    expect((await consulterPiece(s.deposant.acteur, a4.id)).statut).toBe("DUPLIQUE_APRES_REFUS");
  });

  it("la case n'a d'effet que sur un refus", async () => {
    const s = await scenario();
    const a4 = await depotA4(s);
    // « libererNumero » on a suspension changes nothing of the number.
    await traiterPiece(s.moeUser.acteur, a4.id, "SUSPENSION", { motif: { texte: "Le métré manque" }, libererNumero: true });
    expect(await db.pieceTravaux.findUniqueOrThrow({ where: { id: a4.id }, select: { statut: true, numeroReserve: true } })).toEqual({
      statut: "SUSPENDUE",
      numeroReserve: a4.numero,
    });
  });
});
