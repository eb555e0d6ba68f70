// Users by service: a supplier with three services and an MOA with two, users limited to some of them (through the
// domain: a gestionnaire assigns them), and pieces deposited by each supplier service to each MOA service.
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import type { DroitService, StructureRole } from "@/lib/generated/prisma/enums";
import { creerBrouillon, enregistrerFacture, enregistrerParties } from "@/lib/invoices/brouillon";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { changerServicesUtilisateur } from "@/lib/structures/services-utilisateurs";
import { seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { acteurDe, compteDe, pdfFacture, saisieFacture, scenario } from "./factures-fixtures";

type StructureRef = { id: string; raisonSociale: string; identifier: string };

/** A validated member of the structure; `services`: his limitation, set by the structure's gestionnaire. */
export async function membreLimite(
  structure: StructureRef,
  gestionnaire: Acteur,
  services: [string, DroitService][],
  role: StructureRole = "UTILISATEUR_SIMPLE",
) {
  const user = await seedUser({ structureId: structure.id, role, email: `svc-${uniqueSuffix()}@exemple.fr` });
  const acteur = acteurDe(user, structure, role);
  if (services.length) {
    const m = await db.membership.findUniqueOrThrow({ where: { userId_structureId: { userId: user.id, structureId: structure.id } } });
    await changerServicesUtilisateur(
      gestionnaire,
      m.id,
      services.map(([serviceId, droit]) => ({ serviceId, droit })),
    );
  }
  return { user, acteur };
}

/** A draft deposited by `serviceDeposantId`, addressed to the MOA's `serviceMoaId` (an A5: straight to the MOA), with its invoice. */
export async function brouillonService(
  s: Awaited<ReturnType<typeof scenario>>,
  acteur: Acteur,
  serviceDeposantId: string,
  serviceMoaId: string,
): Promise<{ id: string; numero: string }> {
  const cadre = "A5_ETAT_ACOMPTE_FOURNISSEUR" as const;
  const { id } = await creerBrouillon(acteur, { cadre, serviceDeposantId });
  const compteBancaireId = await compteDe(s.fournisseur.id);
  await enregistrerParties(acteur, id, partiesSchema.parse({ cadre, moaSiret: s.moa.identifier, serviceMoaId, compteBancaireId }));
  const saisie = saisieFacture();
  await enregistrerFacture(acteur, id, factureSchema.parse(saisie));
  await ajouterPieceJointe(acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(`Facture ${saisie.numero}`), nature: "FACTURE" });
  return { id, numero: saisie.numero };
}

export async function depotService(s: Awaited<ReturnType<typeof scenario>>, acteur: Acteur, serviceDeposantId: string, serviceMoaId: string) {
  const b = await brouillonService(s, acteur, serviceDeposantId, serviceMoaId);
  await envoyer(acteur, b.id);
  return b;
}

/**
 * The supplier (gestionnaire `s.deposant`) has the services EST, OUEST and NORD; the MOA has DEPT-IMMO and VOIRIE.
 * Limited users: on the supplier, `fEst` (EST: Modification, OUEST: Consultation) and `fNord` (NORD: Modification);
 * on the MOA, `mImmo` (DEPT-IMMO: Modification), `mImmoConsult` (DEPT-IMMO: Consultation), `mVoirie` (VOIRIE: Modification).
 * `s.collegue` and `s.moaUser` are unlimited utilisateurs simples. Pieces (A5, sent to the MOA): EST → DEPT-IMMO
 * (`estImmo`), OUEST → VOIRIE (`ouestVoirie`), NORD → VOIRIE (`nordVoirie`).
 */
export async function mondeServices() {
  const s = await scenario();
  const service = (structureId: string, code: string, libelle: string) => db.service.create({ data: { structureId, code, libelle } });
  const est = await service(s.fournisseur.id, "EST", "Agence Est");
  const ouest = await service(s.fournisseur.id, "OUEST", "Agence Ouest");
  const nord = await service(s.fournisseur.id, "NORD", "Agence Nord");
  const voirie = await service(s.moa.id, "VOIRIE", "Direction de la voirie");
  const immo = s.serviceMoa;
  const moaGestionnaire = await seedUser({ structureId: s.moa.id, role: "GESTIONNAIRE_PRINCIPAL", email: `svc-${uniqueSuffix()}@exemple.fr` });
  const moaG = acteurDe(moaGestionnaire, s.moa, "GESTIONNAIRE_PRINCIPAL");
  const fEst = await membreLimite(s.fournisseur, s.deposant.acteur, [
    [est.id, "MODIFICATION"],
    [ouest.id, "CONSULTATION"],
  ]);
  const fNord = await membreLimite(s.fournisseur, s.deposant.acteur, [[nord.id, "MODIFICATION"]]);
  const mImmo = await membreLimite(s.moa, moaG, [[immo.id, "MODIFICATION"]]);
  const mImmoConsult = await membreLimite(s.moa, moaG, [[immo.id, "CONSULTATION"]]);
  const mVoirie = await membreLimite(s.moa, moaG, [[voirie.id, "MODIFICATION"]]);
  const estImmo = await depotService(s, s.deposant.acteur, est.id, immo.id);
  const ouestVoirie = await depotService(s, s.deposant.acteur, ouest.id, voirie.id);
  const nordVoirie = await depotService(s, s.deposant.acteur, nord.id, voirie.id);
  return { ...s, est, ouest, nord, voirie, immo, moaG, fEst, fNord, mImmo, mImmoConsult, mVoirie, estImmo, ouestVoirie, nordVoirie };
}
export type MondeServices = Awaited<ReturnType<typeof mondeServices>>;
