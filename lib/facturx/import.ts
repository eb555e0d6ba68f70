import "server-only";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { cadre as definitionCadre } from "@/lib/invoices/cadres";
import { MODIFIABLES_PAR_DEPOSANT, structureDe, verifierId } from "@/lib/invoices/acces";
import { exigerConforme, lireFactureElectronique } from "./lecture";
import { type Difference, differencesParties } from "./formulaire";
import type { FactureLue } from "./types";

/** A structured invoice is a few hundred kilobytes; a Factur-X PDF a few megabytes. */
export const TAILLE_IMPORT_MAX = 20 * 1024 * 1024;

/**
 * « Importer une facture électronique » on a draft (or a suspended piece) of the actor's structure: the file is read,
 * checked (EN 16931, the seller's SIRET) and what it says returned, for the wizard to prefill the « Facture » step.
 * Nothing is written: the user saves the step, the invoice PDF is joined as any other. The seller is the depositor,
 * the cotraitant a mandataire deposits for, or the titulaire of a piece of the MOE or the MOA. `ecartsParties`: what
 * step « Parties » says otherwise than the file (the MOA's SIRET, the code service, the contract and order references),
 * for the user to correct there before sending.
 */
export async function lireFactureDuBrouillon(
  acteur: Acteur,
  pieceId: string,
  corps: { flux: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>; tailleAnnoncee?: number | null },
  nom: string,
): Promise<{ facture: FactureLue; ecartsParties: Difference[] }> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  const p = await db.pieceTravaux.findFirst({
    where: { id, structureDeposanteId: structureId },
    select: {
      statut: true,
      cadre: true,
      structureDeposante: { select: { identifierType: true, identifier: true } },
      titulaire: { select: { identifierType: true, identifier: true } },
      cotraitant: { select: { identifierType: true, identifier: true } },
      moa: { select: { identifierType: true, identifier: true, raisonSociale: true } },
      serviceMoa: { select: { code: true } },
      numeroMarche: true,
      numeroEngagement: true,
      numeroBonCommande: true,
    },
  });
  if (!p) throw new AppError("INTROUVABLE");
  if (!MODIFIABLES_PAR_DEPOSANT.includes(p.statut)) throw new AppError("PIECE_NON_MODIFIABLE");
  const role = definitionCadre(p.cadre).role;
  const vendeur =
    role === "MOE" || role === "MOA" ? (p.cotraitant ?? p.titulaire) : role === "COTRAITANT" ? (p.cotraitant ?? p.structureDeposante) : p.structureDeposante;
  const octets = await lireCorps(corps);
  const lecture = await lireFactureElectronique(octets, {
    nom,
    ...(vendeur?.identifierType === "SIRET" ? { siretVendeur: vendeur.identifier } : {}),
  });
  const facture = exigerConforme(lecture);
  const ecartsParties = differencesParties(
    {
      moaSiret: p.moa?.identifierType === "SIRET" ? p.moa.identifier : null,
      moaNom: p.moa?.raisonSociale,
      codeService: p.serviceMoa?.code,
      numeroMarche: p.numeroMarche,
      numeroEngagement: p.numeroEngagement,
      numeroBonCommande: p.numeroBonCommande,
    },
    facture,
  );
  return { facture, ecartsParties };
}

const tropGros = () =>
  new AppError("FICHIER_REFUSE", {}, `La facture électronique dépasse ${TAILLE_IMPORT_MAX / 1024 / 1024} Mo : elle ne peut pas être importée.`);

async function lireCorps(corps: { flux: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>; tailleAnnoncee?: number | null }): Promise<Uint8Array> {
  if ((corps.tailleAnnoncee ?? 0) > TAILLE_IMPORT_MAX) throw tropGros();
  const morceaux: Uint8Array[] = [];
  let taille = 0;
  const iterable: AsyncIterable<Uint8Array> =
    Symbol.asyncIterator in corps.flux ? (corps.flux as AsyncIterable<Uint8Array>) : versIterable(corps.flux as ReadableStream<Uint8Array>);
  for await (const m of iterable) {
    taille += m.byteLength;
    if (taille > TAILLE_IMPORT_MAX) throw tropGros();
    morceaux.push(m);
  }
  if (taille === 0) throw new AppError("FICHIER_REFUSE", {}, "Le fichier est vide.");
  return Buffer.concat(morceaux);
}

async function* versIterable(flux: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const lecteur = flux.getReader();
  try {
    for (;;) {
      const { done, value } = await lecteur.read();
      if (done) return;
      yield value;
    }
  } finally {
    lecteur.releaseLock();
  }
}
