import type { Acteur } from "@/lib/auth/acteur";
import { db, type Client } from "@/lib/db";
import { AppError, MESSAGES } from "@/lib/errors";
import { validateSiret } from "@/lib/identifiers/siret";
import { rechercherStructures, type ResultatAnnuaire } from "@/lib/structures/annuaire";
import type { RechercheStructuresInput } from "@/lib/structures/recherche-schema";
import { structureDe } from "./acces";
import { cadre as definitionCadre } from "./cadres";
import type { CadreFacturation } from "@/lib/generated/prisma/enums";

/** A structure as the wizard shows it once its SIRET is typed: enough to pick a service and see the controls. */
export type StructurePartie = {
  id: string;
  identifier: string;
  raisonSociale: string;
  ville: string | null;
  isPublicBuyer: boolean;
  worksSpaceOpen: boolean;
  services: { id: string; code: string; libelle: string }[];
  /** An MOA's parameters (« code service obligatoire », « EJ obligatoire »): the form marks those fields mandatory. */
  exigences?: { codeServiceObligatoire: boolean; engagementObligatoire: boolean };
};

const selectPartie = {
  id: true,
  identifier: true,
  raisonSociale: true,
  ville: true,
  diffusionPartielle: true,
  isPublicBuyer: true,
  worksSpaceOpen: true,
  services: { where: { active: true }, select: { id: true, code: true, libelle: true }, orderBy: { code: "asc" as const } },
  codeServiceObligatoire: true,
  engagementObligatoire: true,
} as const;

/** Step 2 of the wizard: the structure behind a typed SIRET, for a user who acts for a validated structure. */
export async function consulterPartie(acteur: Acteur, siret: string): Promise<StructurePartie | null> {
  structureDe(acteur);
  const r = validateSiret(siret);
  if (!r.ok) throw new AppError("SAISIE_INVALIDE", { siret: r.message }, r.message);
  return structureParSiret(r.value);
}

/** « Recherche avancée » of the wizard: the directory of structures, for a user who acts for a validated structure. */
export async function rechercherPartie(acteur: Acteur, criteres: RechercheStructuresInput): Promise<ResultatAnnuaire> {
  structureDe(acteur);
  return rechercherStructures(criteres);
}

/** An active structure of the portal by its SIRET (the directory of structures is public to signed-in users). */
export async function structureParSiret(siret: string, client: Client = db): Promise<StructurePartie | null> {
  const s = await client.structure.findUnique({
    where: { identifierType_identifier: { identifierType: "SIRET", identifier: siret } },
    select: { ...selectPartie, active: true },
  });
  if (!s?.active) return null;
  return {
    id: s.id,
    identifier: s.identifier,
    raisonSociale: s.raisonSociale,
    ville: s.diffusionPartielle ? null : s.ville,
    isPublicBuyer: s.isPublicBuyer,
    worksSpaceOpen: s.worksSpaceOpen,
    services: s.services,
    exigences: { codeServiceObligatoire: s.codeServiceObligatoire, engagementObligatoire: s.engagementObligatoire },
  };
}

export type PartiesResolues = { moeId: string | null; titulaireId: string | null; cotraitantId: string | null; moaId: string; serviceMoaId: string | null };

export type SaisieParties = { moeSiret?: string; titulaireSiret?: string; cotraitantSiret?: string; moaSiret?: string; serviceMoaId?: string };

/** What the controls need to know of a party; `null`: no active structure of the portal has that SIRET. */
export type StructureControlee = { id: string; isPublicBuyer: boolean; worksSpaceOpen: boolean; services: { id: string }[] } | null;

/** The fields to load for `controlerParties` (active services only). */
export const selectControle = {
  id: true,
  active: true,
  isPublicBuyer: true,
  worksSpaceOpen: true,
  services: { where: { active: true }, select: { id: true } },
} as const;

export const siInactive = <S extends { active: boolean }>(s: S | null | undefined): S | null | undefined => (s && !s.active ? null : s);

/**
 * The guide's controls on the parties, with the message under the field concerned: the MOE has opened its
 * « Factures de travaux » space; the MOA is a public buyer, and its service exists and is active (required
 * when it has services). Pure: the caller loads the structures (`undefined`: not given).
 */
export function controlerParties(
  code: CadreFacturation,
  deposantId: string,
  parties: { moe?: StructureControlee; titulaire?: StructureControlee; cotraitant?: StructureControlee; moa?: StructureControlee },
  serviceMoaId: string | undefined | null,
): PartiesResolues {
  const c = definitionCadre(code);
  const erreurs: Record<string, string> = {};
  let premier: AppError | undefined;
  const signaler = (champ: string, code: ConstructorParameters<typeof AppError>[0], message: string = MESSAGES[code]) => {
    erreurs[champ] = message;
    premier ??= new AppError(code, {}, message);
  };

  let moeId: string | null = null;
  const moe = parties.moe;
  if (c.moe === "deposant") moeId = deposantId;
  else if (c.moe !== "aucune" && moe !== undefined) {
    if (!moe) signaler("moeSiret", "STRUCTURE_HORS_PORTAIL");
    else if (moe.id === deposantId) signaler("moeSiret", "SAISIE_INVALIDE", "Votre structure ne peut pas être la maîtrise d'œuvre de sa propre facture.");
    else if (!moe.worksSpaceOpen) signaler("moeSiret", "ESPACE_MOE_FERME");
    else moeId = moe.id;
  } else if (c.moe === "requise")
    signaler("moeSiret", "CHAMP_OBLIGATOIRE", "Identifiez la maîtrise d'œuvre : saisissez son SIRET ou utilisez la recherche avancée.");

  let titulaireId: string | null = null;
  if (c.titulaire === "requis") {
    const t = parties.titulaire;
    if (t === undefined) signaler("titulaireSiret", "CHAMP_OBLIGATOIRE", "Saisissez le SIRET du titulaire du marché.");
    else if (!t) signaler("titulaireSiret", "STRUCTURE_HORS_PORTAIL");
    else if (t.id === deposantId) signaler("titulaireSiret", "SAISIE_INVALIDE", "Le titulaire du marché est une autre structure que la vôtre.");
    else if (t.isPublicBuyer) signaler("titulaireSiret", "SAISIE_INVALIDE", "Le titulaire du marché est une entreprise, pas un acheteur public.");
    else titulaireId = t.id;
  }

  let cotraitantId: string | null = null;
  if (c.cotraitant) {
    const t = parties.cotraitant;
    if (t === undefined) {
      if (c.cotraitant === "requis") signaler("cotraitantSiret", "CHAMP_OBLIGATOIRE", "Saisissez le SIRET du cotraitant pour lequel vous déposez la pièce.");
    } else if (!t) signaler("cotraitantSiret", "STRUCTURE_HORS_PORTAIL");
    else if (t.id === deposantId)
      signaler(
        "cotraitantSiret",
        "SAISIE_INVALIDE",
        c.cotraitant === "requis"
          ? "Le cotraitant est une autre structure que la vôtre, le mandataire."
          : "Le cotraitant est une autre structure que la vôtre.",
      );
    else if (t.isPublicBuyer) signaler("cotraitantSiret", "SAISIE_INVALIDE", "Le cotraitant est une entreprise, pas un acheteur public.");
    else cotraitantId = t.id;
  }

  let moaId: string | null = null;
  let serviceId: string | null = null;
  const moa = parties.moa;
  if (moa === undefined) signaler("moaSiret", "CHAMP_OBLIGATOIRE", "Saisissez le SIRET de la maîtrise d'ouvrage.");
  else if (!moa) signaler("moaSiret", "STRUCTURE_HORS_PORTAIL");
  else if (!moa.isPublicBuyer) signaler("moaSiret", "MOA_NON_PUBLIQUE");
  else if (c.role === "MOA" && moa.id !== deposantId)
    // The MOA's own piece (A19, A20): the MOA is the structure that deposits it, whose paying service receives it.
    signaler("moaSiret", "SAISIE_INVALIDE", "La maîtrise d'ouvrage de cette pièce est votre structure, qui la dépose.");
  else if (c.role !== "MOA" && moa.id === deposantId)
    signaler("moaSiret", "SAISIE_INVALIDE", "Votre structure ne peut pas être la maîtrise d'ouvrage de sa propre facture.");
  else {
    moaId = moa.id;
    if (serviceMoaId) {
      if (!moa.services.some((s) => s.id === serviceMoaId)) signaler("serviceMoaId", "SERVICE_MOA_INVALIDE");
      else serviceId = serviceMoaId;
    } else if (moa.services.length > 0) signaler("serviceMoaId", "CHAMP_OBLIGATOIRE", "Sélectionnez le service de la maîtrise d'ouvrage.");
  }

  if (premier) {
    const n = Object.keys(erreurs).length;
    throw new AppError(
      premier.code,
      erreurs,
      n === 1 ? premier.message : "Plusieurs informations sur les parties sont à corriger : voyez les messages sous les champs.",
    );
  }
  return { moeId, titulaireId, cotraitantId, moaId: moaId!, serviceMoaId: serviceId };
}

/**
 * The structures behind the SIRETs typed, in one query, with what the controls need and the MOA's parameters
 * (`ExigencesMoa`, lib/invoices/references.ts): step « Parties » reads them from the same rows.
 */
export async function structuresDesParties(client: Client, saisie: SaisieParties) {
  const sirets = [saisie.moeSiret, saisie.titulaireSiret, saisie.cotraitantSiret, saisie.moaSiret].filter((s): s is string => !!s);
  return sirets.length
    ? await client.structure.findMany({
        where: { identifierType: "SIRET", identifier: { in: sirets } },
        select: { ...selectControle, identifier: true, raisonSociale: true, codeServiceObligatoire: true, engagementObligatoire: true },
      })
    : [];
}

/** The controls on the structures found (`structuresDesParties`). */
export function partiesDesStructures(
  code: CadreFacturation,
  deposantId: string,
  saisie: SaisieParties,
  trouvees: readonly (NonNullable<StructureControlee> & { identifier: string; active: boolean })[],
): PartiesResolues {
  const par = (siret?: string) => (siret ? siInactive(trouvees.find((t) => t.identifier === siret) ?? null) : undefined);
  return controlerParties(
    code,
    deposantId,
    { moe: par(saisie.moeSiret), titulaire: par(saisie.titulaireSiret), cotraitant: par(saisie.cotraitantSiret), moa: par(saisie.moaSiret) },
    saisie.serviceMoaId,
  );
}

/** Step 2: the SIRETs typed, looked up in one query, then the controls. */
export async function resoudreParties(client: Client, code: CadreFacturation, deposantId: string, saisie: SaisieParties): Promise<PartiesResolues> {
  return partiesDesStructures(code, deposantId, saisie, await structuresDesParties(client, saisie));
}
