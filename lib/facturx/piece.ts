import "server-only";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CadreFacturation, IdentifierType, TypePiece, TypeTva } from "@/lib/generated/prisma/enums";
import { cadre as definitionCadre, destinataireDe } from "@/lib/invoices/cadres";
import { certificatDepot } from "@/lib/invoices/consultation";
import { structureDe, verifierId, visiblePar } from "@/lib/invoices/acces";
import { type DonneesFacturX, decimal, genererFacturX, type PartieFacturX, tauxDecimal, tvaIntracommunautaire } from "./ecriture";

/**
 * « Télécharger au format Factur-X »: the MOE's état d'acompte (A15), the MOA's état d'acompte validé (A19) and every
 * piece that goes to the paying service (A6, A16, A19, A23, the A8 that signs a décompte général), as a Factur-X
 * EN 16931 whose visible part is the piece's deposit certificate. Who may download the certificate may download it.
 */
export function facturXPropose(code: CadreFacturation, precedent?: CadreFacturation | null): boolean {
  if (code === "A15_ETAT_ACOMPTE_MOE" || code === "A19_ETAT_ACOMPTE_VALIDE_MOA") return true;
  const d = destinataireDe(code, precedent);
  return d.partie === "MOA" && d.statut === "MISE_A_DISPOSITION";
}

type StructurePiece = {
  raisonSociale: string;
  identifierType: IdentifierType;
  identifier: string;
  countryCode: string | null;
  adresse: string | null;
  codePostal: string | null;
  ville: string | null;
  diffusionPartielle: boolean;
};

/** What the Factur-X of a piece is made of (read by `telechargerFacturX`, given to `donneesFacturX`). */
export type PieceFacturX = {
  cadre: CadreFacturation;
  precedent?: CadreFacturation | null;
  numero: string;
  dateFacture: Date;
  typePiece: TypePiece;
  devise: string;
  typeTva: TypeTva | null;
  motifExonerationTva: string | null;
  montantHt: bigint;
  montantTva: bigint;
  montantTtc: bigint;
  netAPayer: bigint | null;
  numeroMarche: string | null;
  numeroEngagement: string | null;
  numeroBonCommande: string | null;
  deposant: StructurePiece;
  titulaire: StructurePiece | null;
  cotraitant: StructurePiece | null;
  moa: StructurePiece;
  codeServiceMoa: string | null;
  iban: string | null;
  lignesTva: { taux: number; baseHt: bigint; montantTva: bigint }[];
  lignesPoste: { denomination: string; quantite: bigint; prixUnitaireHt: bigint; montantHt: bigint; tauxTva: number }[];
};

const CONDITIONS =
  "Paiement par virement dans le délai global de paiement de la commande publique (code de la commande publique, articles R. 2192-10 et suivants).";

/** 2500 thousandths → « 2.5 ». */
const quantiteDecimale = (milliemes: bigint) => {
  const s = (Number(milliemes) / 1000).toFixed(3);
  return s.replace(/\.?0+$/, "");
};

/**
 * The piece's data as a Factur-X: the seller is the supplier (the titulaire, or the cotraitant it is about, on a piece of
 * the MOE or the MOA; the depositor otherwise), the buyer the MOA; the lines are the « postes ou prestations » when they
 * add up to the total HT, else one line per VAT rate; what the décompte withholds (retenue de garantie, pénalités) is
 * the difference between the TTC and the net à payer, carried as already paid (BT-113) so that BT-115 is what is paid.
 */
export function donneesFacturX(p: PieceFacturX): DonneesFacturX {
  const c = definitionCadre(p.cadre);
  const vendeur =
    c.role === "MOE" || c.role === "MOA" ? (p.cotraitant ?? p.titulaire ?? p.deposant) : c.role === "COTRAITANT" ? (p.cotraitant ?? p.deposant) : p.deposant;
  const sansTva = p.typeTva === "SANS_TVA";
  const partie = (s: StructurePiece, avecTva: boolean): PartieFacturX => {
    const siret = s.identifierType === "SIRET" ? s.identifier : undefined;
    return {
      nom: s.raisonSociale,
      ...(siret ? { siret } : {}),
      ...(siret && avecTva ? { tva: tvaIntracommunautaire(siret.slice(0, 9)) } : {}),
      ...(!s.diffusionPartielle && (s.adresse || s.ville)
        ? {
            adresse: {
              ...(s.adresse ? { ligne: s.adresse } : {}),
              ...(s.codePostal ? { codePostal: s.codePostal } : {}),
              ...(s.ville ? { ville: s.ville } : {}),
            },
          }
        : {}),
      pays: s.identifierType === "SIRET" ? "FR" : (s.countryCode ?? "FR"),
    };
  };
  const categorie = (taux: number) => (p.typeTva === "EXONERATION" ? "E" : sansTva ? "O" : taux > 0 ? "S" : "Z");
  const motif = (taux: number) =>
    categorie(taux) === "E" ? (p.motifExonerationTva ?? "Exonération de TVA") : categorie(taux) === "O" ? "Non soumis à la TVA" : undefined;

  const ht = Number(p.montantHt);
  const tvaTotal = Number(p.montantTva);
  const lignesTva = p.lignesTva.length
    ? p.lignesTva.map((l) => ({ taux: l.taux, baseHt: Number(l.baseHt), montantTva: Number(l.montantTva) }))
    : [{ taux: ht === 0 ? 0 : Math.round((tvaTotal * 10_000) / ht), baseHt: ht, montantTva: tvaTotal }];
  const postes = p.lignesPoste.reduce((s, l) => s + Number(l.montantHt), 0);
  const lignes =
    p.lignesPoste.length > 0 && postes === ht
      ? p.lignesPoste.map((l) => ({
          libelle: l.denomination,
          quantite: quantiteDecimale(l.quantite),
          prixUnitaire: decimal(Number(l.prixUnitaireHt)),
          montantHt: Number(l.montantHt),
          categorieTva: categorie(l.tauxTva),
          tauxTva: l.tauxTva,
        }))
      : lignesTva.map((l) => ({
          libelle: `${c.libelle} (${c.court})${lignesTva.length > 1 ? `, TVA ${tauxDecimal(l.taux).replace(".", ",")} %` : ""}`,
          quantite: "1",
          prixUnitaire: decimal(l.baseHt),
          montantHt: l.baseHt,
          categorieTva: categorie(l.taux),
          tauxTva: l.taux,
        }));
  const ttc = Number(p.montantTtc);
  const net = p.netAPayer === null ? ttc : Number(p.netAPayer);
  return {
    numero: p.numero,
    date: p.dateFacture.toISOString().slice(0, 10),
    type: p.typePiece,
    devise: p.devise,
    note: `${c.court} – ${c.libelle}`,
    ...(net !== 0 ? { conditionsPaiement: CONDITIONS } : {}),
    ...(p.codeServiceMoa ? { referenceAcheteur: p.codeServiceMoa } : {}),
    ...(p.numeroMarche ? { contrat: p.numeroMarche } : {}),
    ...(p.numeroEngagement || p.numeroBonCommande ? { commande: (p.numeroEngagement ?? p.numeroBonCommande) as string } : {}),
    vendeur: partie(vendeur, !sansTva),
    acheteur: partie(p.moa, false),
    ...(p.iban ? { iban: p.iban } : {}),
    lignes,
    tva: lignesTva.map((l) => ({ categorie: categorie(l.taux), ...l, ...(motif(l.taux) ? { motifExoneration: motif(l.taux) } : {}) })),
    totaux: { ht, tva: tvaTotal, ttc, ...(ttc !== net ? { acompte: ttc - net } : {}), netAPayer: net },
  };
}

const STRUCTURE = {
  select: {
    raisonSociale: true,
    identifierType: true,
    identifier: true,
    countryCode: true,
    adresse: true,
    codePostal: true,
    ville: true,
    diffusionPartielle: true,
  },
} as const;

const COMPTE = { select: { iban: true } } as const;

/**
 * The piece as a Factur-X (PDF/A-3, its deposit certificate with `factur-x.xml`). The rights are the certificate's
 * (`certificatDepot`: a piece the actor does not see is « introuvable »); a piece of another frame is refused.
 */
export async function telechargerFacturX(acteur: Acteur, pieceId: string): Promise<{ nom: string; contenu: Uint8Array }> {
  const structureId = structureDe(acteur);
  const id = verifierId(pieceId);
  // The piece read first, through the visibility clause, and whether it offers a Factur-X: a refusal must not draw
  // and store the deposit certificate, as `certificatDepot` does at its first download.
  const p = await db.pieceTravaux.findFirst({
    where: { id, ...visiblePar(structureId, acteur) },
    select: {
      cadre: true,
      numero: true,
      dateFacture: true,
      typePiece: true,
      devise: true,
      typeTva: true,
      motifExonerationTva: true,
      montantHt: true,
      montantTva: true,
      montantTtc: true,
      netAPayer: true,
      numeroMarche: true,
      numeroEngagement: true,
      numeroBonCommande: true,
      structureDeposante: STRUCTURE,
      titulaire: STRUCTURE,
      cotraitant: STRUCTURE,
      moa: STRUCTURE,
      serviceMoa: { select: { code: true } },
      compteBancaire: COMPTE,
      // A piece of the MOE or the MOA is paid on the account the supplier chose on the piece it follows.
      piecePrecedente: { select: { cadre: true, compteBancaire: COMPTE, piecePrecedente: { select: { compteBancaire: COMPTE } } } },
      lignesTva: { orderBy: { rang: "asc" }, select: { taux: true, baseHt: true, montantTva: true } },
      lignesPoste: { orderBy: { rang: "asc" }, select: { denomination: true, quantite: true, prixUnitaireHt: true, montantHt: true, tauxTva: true } },
    },
  });
  if (!p) throw new AppError("INTROUVABLE");
  if (!facturXPropose(p.cadre, p.piecePrecedente?.cadre)) throw new AppError("FACTURX_NON_PROPOSE");
  if (!p.numero || !p.dateFacture || p.montantHt === null || p.montantTva === null || p.montantTtc === null || !p.moa)
    throw new AppError("FACTURX_NON_PROPOSE");
  const certificat = await certificatDepot(acteur, id);
  const donnees = donneesFacturX({
    ...p,
    numero: p.numero,
    dateFacture: p.dateFacture,
    montantHt: p.montantHt,
    montantTva: p.montantTva,
    montantTtc: p.montantTtc,
    moa: p.moa,
    precedent: p.piecePrecedente?.cadre,
    deposant: p.structureDeposante,
    codeServiceMoa: p.serviceMoa?.code ?? null,
    iban: p.compteBancaire?.iban ?? p.piecePrecedente?.compteBancaire?.iban ?? p.piecePrecedente?.piecePrecedente?.compteBancaire?.iban ?? null,
  });
  const contenu = await genererFacturX(donnees, certificat.contenu, certificat.nom);
  const nomFichier = p.numero.replace(/[^\w.-]+/g, "_");
  return { nom: `factur-x-${definitionCadre(p.cadre).court}-${nomFichier}.pdf`, contenu };
}
