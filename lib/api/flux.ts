import { zodFieldErrors } from "@/lib/actions";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { valeursDuFichier } from "@/lib/facturx/formulaire";
import { exigerConforme, lireFactureElectronique } from "@/lib/facturx/lecture";
import { representationLisible } from "@/lib/facturx/representation";
import { structureDe } from "@/lib/invoices/acces";
import { creerBrouillon, enregistrerFacture, enregistrerParties, supprimerBrouillon } from "@/lib/invoices/brouillon";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { versMontantApi } from "./schemas";

/**
 * `POST /api/v1/pieces/flux` — Chorus Pro's « flux » deposit: a structured invoice alone is the invoice. Read and checked
 * (EN 16931, the seller's SIRET is the depositing structure's), then the wizard's steps run with what it says, through
 * the same domain functions: the draft of the frame asked, « Parties » (the buyer is the MOA; its service by the
 * buyer reference when not given; the contract and order references; the bank account whose IBAN the file names),
 * « Facture », the file joined as the invoice, and the send when asked. Any refusal leaves no draft behind.
 * A Factur-X is itself the invoice PDF. A CII or UBL XML gets a readable PDF copy drawn from what it says (the piece's
 * invoice file, as every piece has one the MOE and the MOA read), and is joined beside it unchanged (« complémentaire »).
 */
export async function deposerFlux(
  acteur: Acteur,
  o: { cadre: string; moeSiret?: string; titulaireSiret?: string; serviceMoaId?: string; compteBancaireId?: string; nom: string; soumettre: boolean },
  octets: Uint8Array,
) {
  const structureId = structureDe(acteur);
  const structure = await db.structure.findUniqueOrThrow({ where: { id: structureId }, select: { identifierType: true, identifier: true } });
  const lecture = await lireFactureElectronique(octets, { nom: o.nom, siretVendeur: structure.identifierType === "SIRET" ? structure.identifier : undefined });
  const f = exigerConforme(lecture);
  if (!f.acheteur.siret)
    throw new AppError("SAISIE_INVALIDE", {
      fichier: "La facture électronique ne donne pas le SIRET de l'acheteur (schéma 0002 ou 0009) : la maîtrise d'ouvrage ne peut être identifiée.",
    });
  const moa = await db.structure.findFirst({ where: { identifierType: "SIRET", identifier: f.acheteur.siret }, select: { id: true } });
  const serviceMoaId =
    o.serviceMoaId ??
    (moa && f.referenceAcheteur
      ? (await db.service.findFirst({ where: { structureId: moa.id, code: f.referenceAcheteur, active: true }, select: { id: true } }))?.id
      : undefined);
  const compteBancaireId =
    o.compteBancaireId ??
    (
      await db.compteBancaire.findFirst({
        where: { structureId, active: true, ...(f.iban ? { iban: f.iban.replace(/\s/g, "").toUpperCase() } : {}) },
        orderBy: { createdAt: "asc" },
        select: { id: true },
      })
    )?.id;
  const parties = partiesSchema.safeParse({
    cadre: o.cadre,
    moeSiret: o.moeSiret,
    titulaireSiret: o.titulaireSiret,
    moaSiret: f.acheteur.siret,
    serviceMoaId,
    numeroMarche: f.contrat,
    numeroEngagement: f.commande,
    compteBancaireId,
  });
  if (!parties.success) throw new AppError("SAISIE_INVALIDE", zodFieldErrors(parties.error));
  const facture = factureSchema.safeParse({ devise: "EUR", typeTva: "TVA_SUR_DEBIT", ...valeursDuFichier(f) });
  if (!facture.success) throw new AppError("SAISIE_INVALIDE", zodFieldErrors(facture.error));

  const { id } = await creerBrouillon(acteur, { cadre: o.cadre } as never);
  let numeroDepot: string | null = null;
  let statut = "BROUILLON";
  try {
    await enregistrerParties(acteur, id, parties.data);
    await enregistrerFacture(acteur, id, facture.data);
    if (f.pdf) await ajouterPieceJointe(acteur, id, { nom: o.nom, contenu: octets, nature: "FACTURE" });
    else {
      const base = o.nom.replace(/\.(xml|pdf)$/i, "") || "facture";
      await ajouterPieceJointe(acteur, id, { nom: `${base}.pdf`, contenu: await representationLisible(f, o.nom), nature: "FACTURE" });
      await ajouterPieceJointe(acteur, id, { nom: `${base}.xml`, contenu: octets, nature: "COMPLEMENTAIRE" });
    }
  } catch (error) {
    await supprimerBrouillon(acteur, id).catch(() => {});
    throw error;
  }
  if (o.soumettre) {
    const r = await envoyer(acteur, id);
    numeroDepot = r.numeroDepot;
    statut = r.statut;
  }
  return {
    id,
    statut,
    numeroDepot,
    lu: {
      numero: f.numero ?? null,
      date: f.date ?? null,
      type: f.type,
      syntaxe: f.pdf ? "FACTUR-X" : f.syntaxe,
      profil: f.profil ?? null,
      vendeurSiret: f.vendeur.siret ?? null,
      acheteurSiret: f.acheteur.siret ?? null,
      montantHt: versMontantApi(f.totaux.ht),
      montantTtc: versMontantApi(f.totaux.ttc),
    },
  };
}
