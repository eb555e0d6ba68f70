import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { lookupSiret } from "@/lib/insee/directory";
import { validateIdentifierOnServer } from "@/lib/identifiers/server";
import { acheteurPublicDeCategorie } from "@/lib/structures/acheteur-public";
import type { IdentifierType, SourceAcheteurPublic, Structure } from "@/lib/generated/prisma/client";

/** What the « Informations sur la structure » part of a form carries. */
export type StructureSaisie = {
  identifierType: IdentifierType;
  identifier?: string;
  countryCode?: string;
  raisonSociale?: string;
  libelle?: string;
  nom?: string;
  prenom?: string;
  adresse?: string;
  complement1?: string;
  complement2?: string;
  codePostal?: string;
  ville?: string;
  pays?: string;
};

export type StructureData = {
  identifierType: IdentifierType;
  identifier: string;
  countryCode: string | null;
  raisonSociale: string;
  libelle: string | null;
  adresse: string | null;
  complement1: string | null;
  complement2: string | null;
  codePostal: string | null;
  ville: string | null;
  pays: string | null;
  diffusionPartielle: boolean;
  /** SIRET: the legal unit's INSEE legal category; a public buyer when it is of the public-law families (acheteur-public.ts). */
  categorieJuridique: string | null;
  isPublicBuyer: boolean;
  acheteurPublicSource: SourceAcheteurPublic | null;
};

export type StructureResolue = { kind: "existante"; structure: Structure } | { kind: "nouvelle"; data: StructureData };

/** The identifier as stored: validated and normalised (HORS_UE: generated from the country and raison sociale). */
export function identifiantNormalise(saisie: StructureSaisie): string {
  const input = saisie.identifierType === "HORS_UE" ? (saisie.raisonSociale ?? "") : (saisie.identifier ?? "");
  const result = validateIdentifierOnServer(saisie.identifierType, input, saisie.countryCode);
  if (!result.ok) throw new AppError("SAISIE_INVALIDE", { "structure.identifier": result.message });
  return result.value;
}

const clean = (s?: string) => (s?.trim() ? s.trim() : null);

/** Finds the structure on the portal, or builds the new one (SIRET: from the INSEE directory, active only). */
export async function resoudreStructure(saisie: StructureSaisie): Promise<StructureResolue> {
  const identifier = identifiantNormalise(saisie);
  const existing = await db.structure.findUnique({
    where: { identifierType_identifier: { identifierType: saisie.identifierType, identifier } },
  });
  if (existing) return { kind: "existante", structure: existing };

  if (saisie.identifierType === "SIRET") {
    const insee = await lookupSiret(identifier);
    if (insee.status === "INCONNU") throw new AppError("SIRET_INCONNU", { "structure.identifier": "SIRET introuvable dans le répertoire de l'INSEE." });
    if (insee.status === "FERME") throw new AppError("SIRET_FERME", { "structure.identifier": "Établissement fermé : rattachement impossible." });
    return {
      kind: "nouvelle",
      data: {
        identifierType: "SIRET",
        identifier,
        countryCode: "FR",
        raisonSociale: insee.raisonSociale ?? clean(saisie.raisonSociale) ?? "Raison sociale non diffusée",
        libelle: clean(saisie.libelle),
        adresse: insee.adresse?.ligne1 ?? null,
        complement1: insee.adresse?.complement ?? null,
        complement2: null,
        codePostal: insee.adresse?.codePostal ?? null,
        ville: insee.adresse?.ville ?? null,
        pays: insee.adresse?.pays ?? null,
        diffusionPartielle: insee.diffusionPartielle,
        // Read from the directory, never typed by the user: the public-buyer status follows from it.
        ...acheteurPublicDeCategorie(insee.categorieJuridique),
      },
    };
  }

  const raisonSociale =
    saisie.identifierType === "PARTICULIER" ? `${clean(saisie.prenom) ?? ""} ${clean(saisie.nom) ?? ""}`.trim() : clean(saisie.raisonSociale);
  if (!raisonSociale) throw new AppError("SAISIE_INVALIDE", { "structure.raisonSociale": "La raison sociale est obligatoire." });
  return {
    kind: "nouvelle",
    data: {
      identifierType: saisie.identifierType,
      identifier,
      countryCode: clean(saisie.countryCode),
      raisonSociale,
      libelle: clean(saisie.libelle),
      adresse: clean(saisie.adresse),
      complement1: clean(saisie.complement1),
      complement2: clean(saisie.complement2),
      codePostal: clean(saisie.codePostal),
      ville: clean(saisie.ville),
      pays: clean(saisie.pays),
      diffusionPartielle: false,
      // Outside the INSEE directory there is no legal category: public-buyer status only by an administrator's grant.
      categorieJuridique: null,
      isPublicBuyer: false,
      acheteurPublicSource: null,
    },
  };
}

export type ApercuStructure =
  | { kind: "nouvelle"; raisonSociale: string | null; adresse: AdresseAffichee | null; diffusionPartielle: boolean; identifier: string }
  | { kind: "existante"; raisonSociale: string; adresse: AdresseAffichee | null; diffusionPartielle: boolean; identifier: string };
export type AdresseAffichee = { adresse: string | null; complement1: string | null; codePostal: string | null; ville: string | null; pays: string | null };

/** What the form shows when the user leaves the « Identifiant » field (confidential addresses masked). */
export async function apercuStructure(saisie: StructureSaisie): Promise<ApercuStructure> {
  const resolved = await resoudreStructure({ ...saisie, raisonSociale: saisie.raisonSociale || "—", prenom: saisie.prenom || "—" });
  const s = resolved.kind === "existante" ? resolved.structure : resolved.data;
  const adresse = s.diffusionPartielle ? null : { adresse: s.adresse, complement1: s.complement1, codePostal: s.codePostal, ville: s.ville, pays: s.pays };
  if (resolved.kind === "existante") {
    return { kind: "existante", raisonSociale: s.raisonSociale, adresse, diffusionPartielle: s.diffusionPartielle, identifier: s.identifier };
  }
  return {
    kind: "nouvelle",
    raisonSociale: saisie.identifierType === "SIRET" ? s.raisonSociale : null,
    adresse: saisie.identifierType === "SIRET" ? adresse : null,
    diffusionPartielle: s.diffusionPartielle,
    identifier: s.identifier,
  };
}
