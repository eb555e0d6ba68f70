import { db } from "@/lib/db";
import { champsModifies, journaliser } from "@/lib/audit/journal";
import { AppError, MESSAGES } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";
import { lookupSiret } from "@/lib/insee/directory";
import { exigerDroit } from "./droits";
import { verrouillerStructure } from "./gestionnaires";
import { CHAMPS_COORDONNEES, champsModifiables, type ChampCoordonnees } from "./regles";
import type { CoordonneesData } from "./coordonnees-schema";

/**
 * « Modifier les coordonnées » (gestionnaire principal): the fields the identifier type allows (`champsModifiables`,
 * regles.ts); a field it does not allow is refused, not ignored. Journaled with the fields that changed.
 */
export async function modifierCoordonnees(acteur: Acteur, structureId: string, saisie: CoordonneesData, o: { now?: Date } = {}) {
  await exigerDroit(acteur, structureId, "modifierCoordonnees");
  return db.$transaction(async (tx) => {
    const s = await verrouillerStructure(tx, structureId);
    await exigerDroit(acteur, structureId, "modifierCoordonnees", tx);
    const permis = champsModifiables(s.identifierType);
    const data: Partial<Record<ChampCoordonnees, string | null>> = {};
    for (const champ of CHAMPS_COORDONNEES) {
      const valeur = saisie[champ];
      if (valeur === undefined) continue;
      if (!permis.includes(champ)) {
        if ((valeur ?? null) === (s[champ] ?? null)) continue;
        throw new AppError(
          "SAISIE_INVALIDE",
          { [champ]: "L'adresse d'une structure identifiée par son SIRET vient de l'annuaire INSEE." },
          "L'adresse d'une structure identifiée par son SIRET vient de l'annuaire INSEE : utilisez « Actualiser depuis l'annuaire INSEE ».",
        );
      }
      data[champ] = valeur;
    }
    const avant = Object.fromEntries(Object.keys(data).map((c) => [c, s[c as ChampCoordonnees] ?? null]));
    const changes = champsModifies(avant, data);
    if (!changes) return { modifie: false };
    await tx.structure.update({ where: { id: structureId }, data });
    await journaliser(tx, acteur, { action: "STRUCTURE_MODIFIEE", structureId, cible: { type: "Structure", id: structureId }, ...changes }, { now: o.now });
    return { modifie: true };
  });
}

/** The fields the INSEE directory gives a SIRET structure, with the words « Actualiser » shows them by. */
export const CHAMPS_INSEE = {
  raisonSociale: "Raison sociale",
  adresse: "Adresse",
  complement1: "Complément d'adresse",
  codePostal: "Code postal",
  ville: "Ville",
  pays: "Pays",
  diffusionPartielle: "Diffusion partielle (adresse non diffusée)",
  categorieJuridique: "Catégorie juridique",
} as const;
type ChampInsee = keyof typeof CHAMPS_INSEE;
export type ChangementInsee = { champ: ChampInsee; libelle: string; avant: string | boolean | null; apres: string | boolean | null };

/**
 * « Actualiser depuis l'annuaire INSEE » (gestionnaire principal, SIRET structures only): the directory's name,
 * address, confidentiality and legal category replace the structure's; the answer lists what changed, before and
 * after (empty: already up to date). A closed or unknown establishment changes nothing and says so. The public-buyer
 * status is not recomputed here (administrators decide on a legal category that changed). Journaled.
 */
export async function actualiserDepuisInsee(acteur: Acteur, structureId: string, o: { now?: Date } = {}): Promise<{ changements: ChangementInsee[] }> {
  await exigerDroit(acteur, structureId, "modifierCoordonnees");
  const actuelle = await db.structure.findUniqueOrThrow({ where: { id: structureId }, select: { identifierType: true, identifier: true } });
  if (actuelle.identifierType !== "SIRET")
    throw new AppError("ACTION_IMPOSSIBLE", {}, "Seule une structure identifiée par son SIRET s'actualise depuis l'annuaire INSEE.");
  const insee = await lookupSiret(actuelle.identifier);
  if (insee.status === "INCONNU") throw new AppError("SIRET_INCONNU", {}, `${MESSAGES.SIRET_INCONNU} La structure n'a pas été modifiée.`);
  if (insee.status === "FERME")
    throw new AppError("SIRET_FERME", {}, "Cet établissement est fermé dans le répertoire de l'INSEE : la structure n'a pas été modifiée.");
  return db.$transaction(async (tx) => {
    const s = await verrouillerStructure(tx, structureId);
    await exigerDroit(acteur, structureId, "modifierCoordonnees", tx);
    const nouveau: Record<ChampInsee, string | boolean | null> = {
      raisonSociale: insee.raisonSociale ?? s.raisonSociale,
      adresse: insee.adresse?.ligne1 ?? null,
      complement1: insee.adresse?.complement ?? null,
      codePostal: insee.adresse?.codePostal ?? null,
      ville: insee.adresse?.ville ?? null,
      pays: insee.adresse?.pays ?? null,
      diffusionPartielle: insee.diffusionPartielle,
      categorieJuridique: insee.categorieJuridique ?? s.categorieJuridique,
    };
    const changements: ChangementInsee[] = [];
    for (const champ of Object.keys(CHAMPS_INSEE) as ChampInsee[]) {
      const avant = s[champ] ?? null;
      if (avant !== nouveau[champ]) changements.push({ champ, libelle: CHAMPS_INSEE[champ], avant, apres: nouveau[champ] });
    }
    if (changements.length === 0) return { changements };
    const data = Object.fromEntries(changements.map((c) => [c.champ, c.apres]));
    await tx.structure.update({ where: { id: structureId }, data });
    await journaliser(
      tx,
      acteur,
      {
        action: "STRUCTURE_ACTUALISEE_INSEE",
        structureId,
        cible: { type: "Structure", id: structureId },
        avant: Object.fromEntries(changements.map((c) => [c.champ, c.avant])),
        apres: data,
      },
      { now: o.now },
    );
    return { changements };
  });
}
