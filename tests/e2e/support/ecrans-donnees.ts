// The data of the screen audit (ecrans.spec.ts): four structures and their managers, and a piece at each status a
// person meets, all built through the domain functions and the seed's factories, never by raw rows. Run by the
// spec in a child process (`tsx`, DATABASE_URL of the browser tests' server); prints its result as JSON.
//
// Fixed names and SIRETs (upserts): the screenshots compare what a person reads, so the same run gives the same
// words. What changes from run to run (dates, deposit and dossier numbers) is masked by the spec.
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { Acteur } from "@/lib/auth/acteur";
import type { CadreFacturation, StructureRole } from "@/lib/generated/prisma/enums";
import { creerBrouillon, enregistrerFacture, enregistrerParties } from "@/lib/invoices/brouillon";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe, supprimerPieceJointe } from "@/lib/invoices/pieces-jointes";
import { aujourdhuiParis, factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { enregistrerSignature } from "@/lib/invoices/fin-de-marche";
import { traiterPiece } from "@/lib/invoices/transitions";
import { withLuhnKey } from "@/lib/identifiers/siret";
import { modifierService } from "@/lib/structures/services";
import { changerRole } from "@/lib/structures/utilisateurs";
import { inviterUtilisateur } from "@/lib/structures/invitations";
import { db } from "@/lib/db";
import { deciderDemandeAcheteurPublic, demanderStatutAcheteurPublic } from "@/lib/structures/demandes-acheteur-public";
import { ajouterCompteBancaire } from "@/lib/structures/comptes-bancaires";
import { ibanDeTest, seedStructure, seedUser } from "@/prisma/seed/factories";

/** A Luhn-valid SIRET from 7 fixed digits (SIREN starting with 9, as no sample does). */
const siret = (graine: string) => withLuhnKey(`${withLuhnKey(`9${graine}`)}0001`);

async function membre(
  s: { id: string; raisonSociale: string; identifier: string },
  email: string,
  prenom: string,
  nom: string,
  role: StructureRole = "GESTIONNAIRE_PRINCIPAL",
  o: { serviceFinancier?: boolean } = {},
) {
  const user = await seedUser({ email, firstName: prenom, lastName: nom, structureId: s.id, role, serviceFinancier: o.serviceFinancier });
  const acteur: Acteur = {
    userId: user.id,
    email: user.email,
    name: `${prenom} ${nom}`,
    structure: { id: s.id, raisonSociale: s.raisonSociale, identifier: s.identifier, role, status: "VALIDEE" },
  };
  return { email: user.email, acteur };
}

async function pdf(texte: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(texte, { x: 50, y: 700, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

async function main() {
  const existant = await db.user.findUnique({ where: { email: "audit.fournisseur@exemple.fr" }, select: { id: true } });
  if (existant) throw new Error("Les données de l'audit des écrans existent déjà dans cette base : relancez le serveur des tests.");

  const moa = await seedStructure({
    identifier: siret("1000001"),
    raisonSociale: "COMMUNE DE BELLEVUE-SUR-LOIRE",
    // A commune (catégorie juridique 7210): a public buyer by its INSEE legal category, as the portal decides at creation.
    categorieJuridique: "7210",
    worksSpaceOpen: true,
    // Renamed below by its manager (« Direction des travaux »), so that the MOA's « Journal » has entries to show.
    services: [{ code: "TRAVAUX", libelle: "Services techniques" }],
  });
  const moe = await seedStructure({ identifier: siret("1000002"), raisonSociale: "CABINET D'ARCHITECTES DU VAL", worksSpaceOpen: true });
  const fournisseur = await seedStructure({ identifier: siret("1000003"), raisonSociale: "CONSTRUCTIONS DE L'ESTUAIRE" });
  const sousTraitant = await seedStructure({ identifier: siret("1000004"), raisonSociale: "ELECTRICITE GENERALE DU PORT" });

  const serviceMoaInitial = await db.service.findFirstOrThrow({ where: { structureId: moa.id, code: "TRAVAUX" } });
  const f = await membre(fournisseur, "audit.fournisseur@exemple.fr", "Louise", "Bernard");
  const m = await membre(moe, "audit.moe@exemple.fr", "Hugo", "Lambert");
  const a = await membre(moa, "audit.moa@exemple.fr", "Inès", "Moreau");
  const agent = await membre(moa, "audit.agent-moa@exemple.fr", "Yanis", "Petit", "GESTIONNAIRE_SECONDAIRE");
  // The MOA's « Journal »: the agent back to utilisateur simple, the service renamed.
  await changerRole(a.acteur, (await db.membership.findFirstOrThrow({ where: { userId: agent.acteur.userId, structureId: moa.id } })).id, "UTILISATEUR_SIMPLE");
  const serviceMoa = await modifierService(a.acteur, serviceMoaInitial.id, { code: "TRAVAUX", libelle: "Direction des travaux" });
  // « Gérer les utilisateurs »: a pending invitation (« Consultation » on the service), whose link the audit opens signed out.
  await inviterUtilisateur(a.acteur, moa.id, { email: "audit.invite@exemple.fr", services: [{ serviceId: serviceMoaInitial.id, droit: "CONSULTATION" }] });
  const invitation = (
    (await db.outboxMail.findFirstOrThrow({ where: { to: "audit.invite@exemple.fr", template: "invitation" }, select: { data: true } })).data as {
      token: string;
    }
  ).token;
  const st = await membre(sousTraitant, "audit.sous-traitant@exemple.fr", "Nadia", "Roux");
  // « Coordonnées bancaires »: the suppliers' accounts (fixed IBANs: the screenshots show them masked), chosen at step « Parties ».
  const comptes = new Map<string, string>([
    [
      fournisseur.id,
      (
        await ajouterCompteBancaire(f.acteur, fournisseur.id, {
          libelle: "Compte courant",
          titulaire: fournisseur.raisonSociale,
          iban: ibanDeTest({ banque: "30004", guichet: "00828", compte: "00012345678" }),
          bic: "BNPAFRPPXXX",
        })
      ).id,
    ],
    [
      sousTraitant.id,
      (
        await ajouterCompteBancaire(st.acteur, sousTraitant.id, {
          libelle: "Compte principal",
          titulaire: sousTraitant.raisonSociale,
          iban: ibanDeTest({ banque: "30003", guichet: "01370", compte: "00020456789" }),
          bic: "SOGEFRPP",
        })
      ).id,
    ],
  ]);
  // A pending request to join the MOA, so that its managers' screens show a decision to take.
  await seedUser({
    email: "audit.demande@exemple.fr",
    firstName: "Paul",
    lastName: "Girard",
    structureId: moa.id,
    role: "UTILISATEUR_SIMPLE",
    membershipStatus: "EN_COURS_DE_VALIDATION",
  });

  let n = 0;
  const numero = (prefixe: string) => `${prefixe}-2026-${String(++n).padStart(3, "0")}`;

  /** The invoice step (the same amounts on every piece); with a title, the invoice PDF joined and the piece sent. */
  async function facturer(acteur: Acteur, id: string, num: string, dateFacture: string, titrePdf: string | null) {
    await enregistrerFacture(
      acteur,
      id,
      factureSchema.parse({
        numero: num,
        dateFacture,
        devise: "EUR",
        typeTva: "TVA_SUR_DEBIT",
        montantHt: "48 250,00",
        montantTva: "9 650,00",
        montantTtc: "57 900,00",
        lignesTva: [{ taux: "20", baseHt: "48 250,00", montantTva: "9 650,00" }],
      }),
    );
    if (titrePdf === null) return;
    await ajouterPieceJointe(acteur, id, { nom: `${num}.pdf`, contenu: await pdf(`${titrePdf} ${num}`), nature: "FACTURE" });
    await envoyer(acteur, id);
  }

  /** A draft of the frame with parties and invoice saved; with `envoi`, its PDF joined and sent. */
  async function piece(acteur: Acteur, cadre: CadreFacturation, o: { envoi?: boolean; titulaire?: string } = {}) {
    const { id } = await creerBrouillon(acteur, { cadre });
    await enregistrerParties(
      acteur,
      id,
      partiesSchema.parse({
        cadre,
        moeSiret: moe.identifier,
        moaSiret: moa.identifier,
        serviceMoaId: serviceMoa.id,
        titulaireSiret: o.titulaire,
        numeroMarche: "2026-TRAV-014",
        numeroEngagement: "1300045871",
        compteBancaireId: comptes.get(acteur.structure!.id),
      }),
    );
    const num = numero(cadre.slice(0, cadre.indexOf("_")));
    await facturer(acteur, id, num, "2026-03-31", o.envoi === false ? null : "Facture");
    return { id, numero: num };
  }

  const brouillon = await piece(f.acteur, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", { envoi: false });
  const aTraiter = await piece(f.acteur, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR");
  const priseEnCompte = await piece(f.acteur, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR");
  await traiterPiece(m.acteur, priseEnCompte.id, "PRISE_EN_COMPTE");
  const suspendue = await piece(f.acteur, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR");
  await traiterPiece(m.acteur, suspendue.id, "SUSPENSION", { motif: { texte: "Le métré du lot 2 manque." } });
  const refuseeMoe = await piece(f.acteur, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR");
  await traiterPiece(m.acteur, refuseeMoe.id, "REFUS", { motif: { code: "MAUVAISE_MOA" } });

  // The MOE passes an A4 on: the A15 at the MOA's disposal, the A4 « Transmise à la MOA ».
  const pourMoa = async () => {
    const a4 = await piece(f.acteur, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR");
    const { id } = await deposerPieceSuivante(m.acteur, a4.id);
    const num = numero("A15");
    await facturer(m.acteur, id, num, "2026-04-02", "Etat d'acompte");
    return { a4, id, numero: num };
  };
  const { a4: transmise, ...a15 } = await pourMoa();
  // Two more at the MOA: one taken into account, one refused.
  const priseEnCompteMoa = await pourMoa();
  await traiterPiece(a.acteur, priseEnCompteMoa.id, "PRISE_EN_COMPTE");
  const refuseeMoa = await pourMoa();
  await traiterPiece(a.acteur, refuseeMoa.id, "REFUS", { motif: { code: "MAUVAIS_VALIDEUR", texte: "Adressez-la au service des marchés." } });

  // A10: a subcontractor's request waiting for the titulaire (the supplier).
  const aValider = await piece(st.acteur, "A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT", { titulaire: fournisseur.identifier });
  // The titulaire joins an attestation, then takes it back: kept, listed apart on the piece, in the subcontractor's « Journal ».
  const attestation = await ajouterPieceJointe(f.acteur, aValider.id, {
    nom: "attestation-paiement-direct.pdf",
    contenu: await pdf("Attestation de paiement direct"),
    nature: "ATTESTATION_PAIEMENT_DIRECT",
  });
  await supprimerPieceJointe(f.acteur, aValider.id, attestation.id);

  // Sent back « À recycler » by the MOE (wrong routing): its depositor corrects it on « Recycler la pièce ».
  const aRecycler = await piece(f.acteur, "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR");
  await traiterPiece(m.acteur, aRecycler.id, "MISE_EN_RECYCLAGE", {
    motif: { texte: "Le service destinataire de ce marché est la Direction des travaux, engagement juridique 1300045871." },
  });

  // The MOA's paying service (« Service financier » habilitation): three A19 from A15 it took into account — one to mandate,
  // one mandated, one put in payment (its supplier reads « Mise en paiement le … pour … € » on its A4 and in the dossier).
  const sf = await membre(moa, "audit.service-financier@exemple.fr", "Claire", "Fabre", "UTILISATEUR_SIMPLE", { serviceFinancier: true });
  const pourServiceFinancier = async () => {
    const etat = await pourMoa();
    await traiterPiece(a.acteur, etat.id, "PRISE_EN_COMPTE");
    const { id } = await deposerPieceSuivante(a.acteur, etat.id);
    const num = numero("A19");
    await facturer(a.acteur, id, num, "2026-04-03", "Etat d'acompte valide");
    return { a4: etat.a4, a19: { id, numero: num } };
  };
  const aujourdhui = aujourdhuiParis();
  const { a19: a19APayer } = await pourServiceFinancier();
  const { a19: a19Mandatee } = await pourServiceFinancier();
  await traiterPiece(sf.acteur, a19Mandatee.id, "MANDATEMENT", { mandat: { numero: "M-2026-0412", date: aujourdhui } });
  const { a4: a4Payee, a19: a19Payee } = await pourServiceFinancier();
  await traiterPiece(sf.acteur, a19Payee.id, "MANDATEMENT", { mandat: { numero: "M-2026-0413", date: aujourdhui } });
  await traiterPiece(sf.acteur, a19Payee.id, "MISE_EN_PAIEMENT", { paiement: { montant: 5_790_000, date: aujourdhui } });
  const dossierPaye = await db.pieceTravaux.findUniqueOrThrow({ where: { id: a4Payee.id }, select: { dossierId: true } });

  // The MOA's own piece: an A15 taken into account, its état d'acompte validé (A19) started (« Déposer » shows
  // « Reprendre… » for it, « Déposer l'état d'acompte validé (A19) » for the other one taken into account).
  const a15AvecA19 = await pourMoa();
  await traiterPiece(a.acteur, a15AvecA19.id, "PRISE_EN_COMPTE");
  const a19Brouillon = { id: (await deposerPieceSuivante(a.acteur, a15AvecA19.id)).id, numero: "" };
  // The end of the contract: A7 → the MOE's A17 → the MOA's décompte général (A20), put at the titulaire's disposal for signature.
  const decompteGeneral = async () => {
    const a7 = await piece(f.acteur, "A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR");
    const { id: a17 } = await deposerPieceSuivante(m.acteur, a7.id);
    await facturer(m.acteur, a17, numero("A17"), "2026-05-04", "Projet de décompte général");
    await traiterPiece(a.acteur, a17, "PRISE_EN_COMPTE");
    const { id } = await deposerPieceSuivante(a.acteur, a17);
    const num = numero("A20");
    await facturer(a.acteur, id, num, "2026-05-11", "Décompte général");
    return { id, numero: num };
  };
  const reserves = "Pénalités de retard du lot 2 contestées (intempéries de janvier) : voir le mémoire en réclamation.";
  // One waiting for the titulaire, its A8 started with reserves; one signed with reserves (A8 at the paying service).
  const dgASigner = await decompteGeneral();
  const a8Brouillon = { id: (await deposerPieceSuivante(f.acteur, dgASigner.id)).id, numero: numero("A8") };
  await facturer(f.acteur, a8Brouillon.id, a8Brouillon.numero, "2026-05-15", null);
  await enregistrerSignature(f.acteur, a8Brouillon.id, { signature: "RESERVES", motifReserves: reserves });
  const dgSigne = await decompteGeneral();
  const a8Signe = { id: (await deposerPieceSuivante(f.acteur, dgSigne.id)).id, numero: numero("A8") };
  await enregistrerSignature(f.acteur, a8Signe.id, { signature: "RESERVES", motifReserves: reserves });
  await ajouterPieceJointe(f.acteur, a8Signe.id, {
    nom: "memoire-reclamation.pdf",
    contenu: await pdf("Mémoire en réclamation"),
    nature: "MEMOIRE_RECLAMATION",
  });
  await facturer(f.acteur, a8Signe.id, a8Signe.numero, "2026-05-15", "Décompte général signé");

  const dossier = await db.pieceTravaux.findUniqueOrThrow({ where: { id: transmise.id }, select: { dossierId: true } });

  // The administrators' back-office: a portal administrator, a request for the public-buyer status waiting for him, and
  // one he refused (so that both tables of the queue show).
  const admin = await seedUser({ email: "audit.admin@exemple.fr", firstName: "Alix", lastName: "Garnier", administrateur: true });
  const acteurAdmin: Acteur = { userId: admin.id, email: admin.email, name: "Alix Garnier", structure: null, administrateur: true };
  const sem = await seedStructure({ identifier: siret("1000005"), raisonSociale: "SOCIETE D'ECONOMIE MIXTE DU LITTORAL", categorieJuridique: "5515" });
  const gestionnaireSem = await membre(sem, "audit.sem@exemple.fr", "Jeanne", "Leroy");
  await demanderStatutAcheteurPublic(gestionnaireSem.acteur, sem.id, {
    motif: "Société d'économie mixte locale, pouvoir adjudicateur au sens du code de la commande publique (article L. 1211-1).",
  });
  const oph = await seedStructure({ identifier: siret("1000006"), raisonSociale: "HABITAT SOCIAL DE L'ESTUAIRE", categorieJuridique: "5599" });
  const gestionnaireOph = await membre(oph, "audit.oph@exemple.fr", "Karim", "Haddad");
  const refusee = await demanderStatutAcheteurPublic(gestionnaireOph.acteur, oph.id, { motif: "Entreprise sociale pour l'habitat." });
  await deciderDemandeAcheteurPublic(acteurAdmin, refusee.id, { decision: "REFUSER", motif: "Joignez les statuts montrant le contrôle par une collectivité." });

  const resultat = {
    comptes: {
      fournisseur: f.email,
      moe: m.email,
      gestionnaireMoa: a.email,
      agentMoa: agent.email,
      sousTraitant: st.email,
      administrateur: admin.email,
      serviceFinancier: sf.email,
    },
    administration: { moaId: moa.id, semId: sem.id },
    pieces: {
      brouillon,
      aTraiter,
      priseEnCompte,
      suspendue,
      refuseeMoe,
      transmise,
      a15,
      priseEnCompteMoa,
      refuseeMoa,
      aValider,
      aRecycler,
      a19APayer,
      a19Mandatee,
      a19Payee,
      a4Payee,
      a19Brouillon,
      dgASigner,
      a8Brouillon,
      dgSigne,
      a8Signe,
    },
    dossierId: dossier.dossierId,
    dossierPayeId: dossierPaye.dossierId,
    invitation,
    parties: {
      moe: { siret: moe.identifier, raisonSociale: moe.raisonSociale },
      moa: { siret: moa.identifier, raisonSociale: moa.raisonSociale },
      service: `${serviceMoa.libelle} (${serviceMoa.code})`,
    },
  };
  process.stdout.write(`${JSON.stringify(resultat)}\n`);
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
