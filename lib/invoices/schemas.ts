import { z } from "zod";
import { validateSiret } from "@/lib/identifiers/siret";
import { CADRES, cadre as definitionCadre } from "./cadres";
import { CODES_DEVISES } from "./devises";
import { analyserMontant, analyserTaux, tvaAttendue, formaterMontant } from "./montants";
import { analyserQuantite, completerDecompte, controlerDecompte, montantPoste, totalPostesAttendu, TYPES_PIECE, type TypePiece } from "./decompte";

/**
 * One schema per step of « Déposer », used by react-hook-form in the browser and parsed again by the server
 * action. The domain checks once more what only the database knows (parties, duplicates).
 */

const CODES_CADRES = CADRES.map((c) => c.code) as [string, ...string[]];
export const TYPES_TVA = {
  TVA_SUR_DEBIT: "TVA sur les débits",
  TVA_SUR_ENCAISSEMENT: "TVA sur les encaissements",
  EXONERATION: "Exonéré de TVA",
  SANS_TVA: "Sans TVA (auto-liquidation)",
} as const;
export type CodeTypeTva = keyof typeof TYPES_TVA;
export const NUMERO_MAX = 35;

const idFacultatif = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))
  .pipe(z.uuid({ error: "Sélection invalide." }).optional());

// ── Étape 1 : cadre de facturation ──
export const cadreSchema = z.object({
  cadre: z.enum(CODES_CADRES as [(typeof CADRES)[number]["code"], ...(typeof CADRES)[number]["code"][]], {
    error: "Sélectionnez le cadre de facturation.",
  }),
  serviceDeposantId: idFacultatif,
});
export type CadreForm = z.input<typeof cadreSchema>;
export type CadreData = z.output<typeof cadreSchema>;

// ── Étape 2 : MOE, titulaire, MOA ──
const siretFacultatif = (_label: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = (v ?? "").replace(/\s/g, "");
      if (!s) return undefined;
      const r = validateSiret(s);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: r.message });
        return z.NEVER;
      }
      return r.value;
    });

/** A contract reference of step « Parties » (marché, engagement juridique, bon de commande): optional, trimmed, 50 characters at most. */
const referenceFacultative = (libelle: string) =>
  z
    .string()
    .trim()
    .max(50, `${libelle} comporte 50 caractères au plus.`)
    .regex(/^[\p{L}\p{N} ._\-/]*$/u, `${libelle} ne peut contenir que des lettres, des chiffres, des espaces et les signes . _ - /.`)
    .nullish()
    .transform((v) => (v ? v : undefined));

export const partiesSchema = z
  .object({
    cadre: cadreSchema.shape.cadre,
    moeSiret: siretFacultatif("SIRET de la maîtrise d'œuvre"),
    titulaireSiret: siretFacultatif("SIRET du titulaire"),
    cotraitantSiret: siretFacultatif("SIRET du cotraitant"),
    moaSiret: siretFacultatif("SIRET de la maîtrise d'ouvrage"),
    serviceMoaId: idFacultatif,
    // « Références »
    numeroMarche: referenceFacultative("Le numéro de marché"),
    numeroEngagement: referenceFacultative("Le numéro d'engagement juridique"),
    numeroBonCommande: referenceFacultative("Le numéro de bon de commande"),
    // « Coordonnées bancaires »: an active account of the depositing structure (supplier-side frames; checked by the domain).
    compteBancaireId: idFacultatif,
  })
  .superRefine((v, ctx) => {
    const c = definitionCadre(v.cadre);
    if (c.moe === "requise" && !v.moeSiret)
      ctx.addIssue({ code: "custom", path: ["moeSiret"], message: "Identifiez la maîtrise d'œuvre : saisissez son SIRET ou utilisez la recherche avancée." });
    if (c.titulaire === "requis" && !v.titulaireSiret)
      ctx.addIssue({ code: "custom", path: ["titulaireSiret"], message: "Saisissez le SIRET du titulaire du marché." });
    if (c.cotraitant === "requis" && !v.cotraitantSiret)
      ctx.addIssue({ code: "custom", path: ["cotraitantSiret"], message: "Saisissez le SIRET du cotraitant pour lequel vous déposez la pièce." });
    if (!v.moaSiret) ctx.addIssue({ code: "custom", path: ["moaSiret"], message: "Saisissez le SIRET de la maîtrise d'ouvrage." });
  });
export type PartiesForm = z.input<typeof partiesSchema>;
export type PartiesData = z.output<typeof partiesSchema>;

// ── Étape 3 : la facture ──
const montant = (label: string) =>
  z.string({ error: `${label} est obligatoire.` }).transform((v, ctx) => {
    const r = analyserMontant(v);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: r.message.replace("Le montant", label) });
      return z.NEVER;
    }
    return r.valeur;
  });

const taux = z.string({ error: "Le taux est obligatoire." }).transform((v, ctx) => {
  const r = analyserTaux(v);
  if (!r.ok) {
    ctx.addIssue({ code: "custom", message: r.message });
    return z.NEVER;
  }
  return r.valeur;
});

/** Today in France, as the date input gives it (YYYY-MM-DD). */
let jourParis: Intl.DateTimeFormat | undefined;
export function aujourdhuiParis(now = new Date()): string {
  jourParis ??= new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" });
  return jourParis.format(now);
}

export const ligneTvaSchema = z.object({ taux, baseHt: montant("La base HT"), montantTva: montant("Le montant de TVA") });

/** An amount the caller may leave out: empty, null or absent is « not given » (null). */
const montantFacultatif = (label: string) =>
  z
    .string()
    .nullish()
    .transform((v, ctx) => {
      if (v === null || v === undefined || v.trim() === "") return null;
      const r = analyserMontant(v);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: r.message.replace("Le montant", label) });
        return z.NEVER;
      }
      return r.valeur;
    });

const texteFacultatif = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .nullish()
    .transform((v) => v || undefined);

const quantite = z.string({ error: "La quantité est obligatoire." }).transform((v, ctx) => {
  const r = analyserQuantite(v);
  if (!r.ok) {
    ctx.addIssue({ code: "custom", message: r.message });
    return z.NEVER;
  }
  return r.valeur;
});

/** « Postes ou prestations »: quantity in thousandths, unit price and amount in cents, VAT rate in hundredths of a percent. */
export const lignePosteSchema = z.object({
  reference: z
    .string()
    .trim()
    .max(50, "La référence comporte 50 caractères au plus.")
    .nullish()
    .transform((v) => v || null),
  denomination: z
    .string({ error: "La dénomination est obligatoire." })
    .trim()
    .min(1, "La dénomination est obligatoire.")
    .max(200, "La dénomination comporte 200 caractères au plus."),
  quantite,
  unite: z
    .string()
    .trim()
    .max(20, "L'unité comporte 20 caractères au plus.")
    .nullish()
    .transform((v) => v || null),
  prixUnitaireHt: montant("Le prix unitaire HT"),
  montantHt: montant("Le montant HT de la ligne"),
  tauxTva: taux,
});
export const POSTES_MAX = 100;

const champsFacture = z.object({
  numero: z
    .string({ error: "Le numéro de la facture est obligatoire." })
    .trim()
    .min(1, "Le numéro de la facture est obligatoire.")
    .max(NUMERO_MAX, `Le numéro de la facture comporte ${NUMERO_MAX} caractères au plus.`)
    .regex(/^[\p{L}\p{N} ._\-/]+$/u, "Le numéro ne peut contenir que des lettres, des chiffres, des espaces et les signes . _ - /."),
  dateFacture: z
    .string({ error: "La date de la facture est obligatoire." })
    .min(1, "La date de la facture est obligatoire.")
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Saisissez une date valide.")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "Saisissez une date valide.")
    .refine((d) => d >= "2000-01-01", "La date de la facture est trop ancienne.")
    .refine((d) => d <= aujourdhuiParis(), "La date de la facture ne peut pas être postérieure à la date du jour."),
  devise: z.enum(CODES_DEVISES, { error: "Sélectionnez la devise." }),
  /** Absent: a facture (the callers written before avoirs existed). */
  typePiece: z.enum(Object.keys(TYPES_PIECE) as [TypePiece, ...TypePiece[]], { error: "Choisissez « Facture » ou « Avoir »." }).default("FACTURE"),
  typeTva: z.enum(Object.keys(TYPES_TVA) as [CodeTypeTva, ...CodeTypeTva[]], { error: "Sélectionnez le type de TVA." }),
  motifExonerationTva: texteFacultatif(1000, "Le motif d'exonération comporte 1 000 caractères au plus."),
  // The décompte, in the CCAG's order (lib/invoices/decompte.ts): every line but the totals may be left out.
  travauxCumules: montantFacultatif("Le montant cumulé des travaux exécutés"),
  travauxCumulesPrecedents: montantFacultatif("Le montant cumulé du décompte précédent"),
  travauxPeriode: montantFacultatif("Le montant des travaux de la période"),
  revisionPrix: montantFacultatif("Le montant de la révision des prix"),
  avanceVersee: montantFacultatif("Le montant de l'avance versée"),
  avanceRemboursee: montantFacultatif("Le remboursement de l'avance"),
  montantHt: montant("Le montant total HT"),
  montantTva: montant("Le montant total de TVA"),
  montantTtc: montant("Le montant total TTC"),
  retenueGarantie: montantFacultatif("La retenue de garantie"),
  cautionRemplaceRetenue: z.boolean({ error: "Cochez la case, ou laissez-la vide." }).default(false),
  penalites: montantFacultatif("Le montant des pénalités"),
  netAPayer: montantFacultatif("Le net à payer"),
  lignesTva: z.array(ligneTvaSchema).max(20, "20 lignes de TVA au plus.").default([]),
  lignesPoste: z.array(lignePosteSchema).max(POSTES_MAX, `${POSTES_MAX} postes ou prestations au plus.`).default([]),
  /** A15–A20: why the amounts differ from the previous piece's (required then: the domain knows the previous piece). */
  motifRevision: texteFacultatif(1000, "Le motif de la révision comporte 1 000 caractères au plus."),
});

/** Every line of the décompte known (the defaults of omitted lines); the exemption reason kept only when exonéré. */
function completerFacture(v: z.output<typeof champsFacture>) {
  return { ...v, ...completerDecompte(v), motifExonerationTva: v.typeTva === "EXONERATION" ? v.motifExonerationTva : undefined };
}

/** A field that does not hold, by its path in the form (`lignesPoste.0.montantHt` once joined). */
export type ErreurFacture = { chemin: (string | number)[]; message: string };

/**
 * The checks of step 3 that span several fields: the décompte (its first failing rule, lib/invoices/decompte.ts), the
 * VAT type, the VAT detail, the exemption and the « postes ou prestations ». Run by the schema (the form, the action)
 * and again by the domain, on what it is about to write.
 */
export function erreursFacture(v: FactureData): ErreurFacture[] {
  const e: ErreurFacture[] = [];
  const ajouter = (chemin: (string | number)[], message: string) => e.push({ chemin, message });
  const m = formaterMontant;
  const sansTva = v.typeTva === "EXONERATION" || v.typeTva === "SANS_TVA";
  if (sansTva && v.montantTva !== 0) ajouter(["montantTva"], `Le montant de TVA doit être nul : ${TYPES_TVA[v.typeTva].toLowerCase()}.`);
  const decompte = controlerDecompte(v, v.devise);
  if (decompte) ajouter([decompte.champ], decompte.message);

  v.lignesTva.forEach((l, i) => {
    if (v.typeTva === "EXONERATION" && l.taux !== 0) ajouter(["lignesTva", i, "taux"], "Exonéré de TVA : le taux de chaque ligne est nul.");
    if (sansTva && l.montantTva !== 0) ajouter(["lignesTva", i, "montantTva"], "Le montant de TVA de chaque ligne doit être nul.");
    else if (!sansTva && Math.abs(l.montantTva - tvaAttendue(l.baseHt, l.taux)) > 1)
      ajouter(["lignesTva", i, "montantTva"], `La TVA de cette ligne devrait être ${m(tvaAttendue(l.baseHt, l.taux))} (base × taux).`);
  });
  if (v.lignesTva.length > 0) {
    const base = v.lignesTva.reduce((s, l) => s + l.baseHt, 0);
    const tva = v.lignesTva.reduce((s, l) => s + l.montantTva, 0);
    if (base !== v.montantHt) ajouter(["lignesTva"], `La somme des bases HT du détail TVA (${m(base)}) doit égaler le montant total HT.`);
    if (tva !== v.montantTva) ajouter(["lignesTva"], `La somme des montants de TVA du détail (${m(tva)}) doit égaler le montant total de TVA.`);
  }
  const taux = v.lignesTva.map((l) => l.taux);
  if (new Set(taux).size !== taux.length) ajouter(["lignesTva"], "Une seule ligne par taux de TVA.");

  // Exonéré: the guide asks for the reason, and for the « postes ou prestations », whose VAT is nil.
  if (v.typeTva === "EXONERATION") {
    if (!v.motifExonerationTva) ajouter(["motifExonerationTva"], "Indiquez le motif d'exonération de TVA.");
    if (v.lignesPoste.length === 0)
      ajouter(["lignesPoste"], "Exonéré de TVA : détaillez la facture en postes ou prestations (une ligne au moins, au taux de TVA nul).");
  }
  v.lignesPoste.forEach((l, i) => {
    const attendu = montantPoste(l.quantite, l.prixUnitaireHt);
    if (Number.isNaN(attendu)) ajouter(["lignesPoste", i, "montantHt"], "Quantité × prix unitaire HT dépasse le montant maximal d'une ligne.");
    else if (l.montantHt !== attendu)
      ajouter(["lignesPoste", i, "montantHt"], `Le montant HT de cette ligne devrait être ${m(attendu)} (quantité × prix unitaire HT).`);
    if (v.typeTva === "EXONERATION" && l.tauxTva !== 0) ajouter(["lignesPoste", i, "tauxTva"], "Exonéré de TVA : le taux de chaque ligne est nul.");
  });
  if (v.lignesPoste.length > 0) {
    const total = v.lignesPoste.reduce((s, l) => s + l.montantHt, 0);
    const attendu = totalPostesAttendu(v);
    if (total !== attendu)
      ajouter(
        ["lignesPoste"],
        `La somme des montants HT des postes (${m(total)}) doit égaler les travaux de la période augmentés de la révision des prix (${m(attendu)}).`,
      );
  }
  return e;
}

export const factureSchema = champsFacture.transform(completerFacture).superRefine((v, ctx) => {
  for (const x of erreursFacture(v)) ctx.addIssue({ code: "custom", path: x.chemin, message: x.message });
});
export type FactureForm = z.input<typeof factureSchema>;
export type FactureData = z.output<typeof factureSchema>;

// ── « Je donne mon avis » ──
export const avisSchema = z.object({
  note: z.coerce.number({ error: "Choisissez une appréciation." }).int().min(1, "Choisissez une appréciation.").max(5),
  commentaire: z
    .string()
    .trim()
    .max(1000, "1 000 caractères au plus.")
    .optional()
    .transform((v) => v || undefined),
});
export type AvisForm = z.input<typeof avisSchema>;

// ── Synthèse et recherche ──
/** A date filter of the lists (« AAAA-MM-JJ », what an <input type="date"> sends), empty allowed. */
const dateFiltre = (libelle: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$|^$/, `${libelle} : saisissez une date au format jj/mm/aaaa.`)
    .refine((v) => !v || !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), `${libelle} : cette date n'existe pas.`)
    .optional();
/** A party of the search: its name (part of it) or its SIRET (its first digits). */
const partieFiltre = z.string().trim().max(100, "100 caractères au plus.").optional();
/** An amount filter in euros as typed (« 1 234,56 »), empty allowed. */
const montantFiltre = (libelle: string) =>
  z
    .string()
    .trim()
    .max(30, `${libelle} : saisissez un montant en euros, par exemple 1 234,56.`)
    .refine((v) => !v || analyserMontant(v).ok, `${libelle} : saisissez un montant en euros, par exemple 1 234,56.`)
    .optional();
/** An amount filter in cents (undefined when empty). */
export function centimesFiltre(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const a = analyserMontant(v);
  return a.ok ? a.valeur : undefined;
}

export const filtresSchema = z
  .object({
    statut: z.string().optional(),
    cadre: z.string().optional(),
    /** « Facture ou avoir ». */
    typePiece: z.string().optional(),
    numero: z.string().trim().max(NUMERO_MAX).optional(),
    numeroMarche: z.string().trim().max(50).optional(),
    numeroEngagement: z.string().trim().max(50).optional(),
    numeroBonCommande: z.string().trim().max(50).optional(),
    du: dateFiltre("Facture du"),
    au: dateFiltre("Facture au"),
    // Recherche : parties (raison sociale ou SIRET), dossier, dates de dépôt, montant TTC, service.
    fournisseur: partieFiltre,
    moe: partieFiltre,
    moa: partieFiltre,
    dossier: z
      .string()
      .trim()
      .max(20, "Numéro de dossier : DF suivi de 8 chiffres, par exemple DF00000012.")
      .regex(/^(?:DF)?\d{1,8}$|^$/i, "Numéro de dossier : DF suivi de 8 chiffres, par exemple DF00000012.")
      .optional(),
    deposeDu: dateFiltre("Déposée du"),
    deposeAu: dateFiltre("Déposée au"),
    montantMin: montantFiltre("Montant TTC minimum"),
    montantMax: montantFiltre("Montant TTC maximum"),
    service: z
      .string()
      .trim()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^$/i, "Service : choisissez-le dans la liste.")
      .optional(),
    // (« tri » and « pageATraiter » are the « Pièces à traiter » list's, on the same « Synthèse » page.)
    trierPar: z.enum(["numero", "dateFacture", "deposeeLe", "montantTtc", ""], { error: "Tri : choisissez une colonne du tableau." }).optional(),
    ordre: z.enum(["asc", "desc", ""], { error: "Ordre du tri : croissant ou décroissant." }).optional(),
    page: z.coerce
      .number({ error: "Page : un nombre entier." })
      .int("Page : un nombre entier.")
      .min(1, "Page : 1 au moins.")
      .max(10_000, "Page : 10 000 au plus.")
      .default(1),
  })
  .refine((f) => !f.du || !f.au || f.du <= f.au, { path: ["au"], message: "La date de facture « au » précède la date « du »." })
  .refine((f) => !f.deposeDu || !f.deposeAu || f.deposeDu <= f.deposeAu, { path: ["deposeAu"], message: "La date de dépôt « au » précède la date « du »." })
  .refine((f) => !f.montantMin || !f.montantMax || centimesFiltre(f.montantMin)! <= centimesFiltre(f.montantMax)!, {
    path: ["montantMax"],
    message: "Le montant maximum est inférieur au montant minimum.",
  });
export type Filtres = z.output<typeof filtresSchema>;
/** The columns the lists of pieces sort on (« Synthèse », « Recherche », their exports). */
export type TriPieces = "numero" | "dateFacture" | "deposeeLe" | "montantTtc";

/** « Refuser » / « Suspendre »: the reason the dialog asks for (the domain checks it again). */
export const refusSchema = z
  .object({
    motifCode: z.enum(["MAUVAISE_MOE", "MAUVAISE_MOA", "MAUVAIS_VALIDEUR", "AUTRE"], { error: "Choisissez le motif du refus dans la liste." }),
    motif: z.string().trim().max(1000, "1 000 caractères au plus."),
    /** « Autoriser le fournisseur à redéposer la pièce sous le même numéro »: the refusal frees the piece's number. */
    libererNumero: z.boolean().default(false),
  })
  .refine((v) => v.motifCode !== "AUTRE" || v.motif.length > 0, { path: ["motif"], message: "Précisez l'erreur dans les données d'acheminement." });
export type RefusForm = z.input<typeof refusSchema>;

export const suspensionSchema = z.object({
  motif: z.string().trim().min(1, "Indiquez les pièces jointes manquantes.").max(1000, "1 000 caractères au plus."),
});
export type SuspensionForm = z.input<typeof suspensionSchema>;

/** A10: the titulaire refuses the subcontractor's request, with its reason (free text). */
export const refusTitulaireSchema = z.object({
  motif: z.string().trim().min(1, "Indiquez au sous-traitant pourquoi vous refusez sa demande de paiement.").max(1000, "1 000 caractères au plus."),
});
export type RefusTitulaireForm = z.input<typeof refusTitulaireSchema>;

// ── Service financier de la maîtrise d'ouvrage (« Factures reçues ») ──
/** A date of the paying service's dialogs: valid, and not after today (the domain also checks it against the piece's dates). */
const dateServiceFinancier = (quoi: string) =>
  z
    .string({ error: `Indiquez la date ${quoi}.` })
    .trim()
    .min(1, `Indiquez la date ${quoi}.`)
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Saisissez une date valide.")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "Saisissez une date valide.")
    .refine((d) => d <= aujourdhuiParis(), `La date ${quoi} ne peut pas être postérieure à la date du jour.`);

/** « Mandater »: the mandate's number and date. */
export const mandatementSchema = z.object({
  numeroMandat: z
    .string({ error: "Indiquez le numéro du mandat." })
    .trim()
    .min(1, "Indiquez le numéro du mandat.")
    .max(50, "Le numéro du mandat comporte 50 caractères au plus.")
    .regex(/^[\p{L}\p{N} ._\-/]+$/u, "Le numéro du mandat ne peut contenir que des lettres, des chiffres, des espaces et les signes . _ - /."),
  dateMandat: dateServiceFinancier("du mandat"),
});
export type MandatementForm = z.input<typeof mandatementSchema>;

/** « Mettre en paiement »: the amount paid (prefilled with the net à payer) and the date paid. */
export const miseEnPaiementSchema = z.object({
  montantPaye: montant("Le montant payé"),
  datePaiement: dateServiceFinancier("de paiement"),
});
export type MiseEnPaiementForm = z.input<typeof miseEnPaiementSchema>;
export type MiseEnPaiementData = z.output<typeof miseEnPaiementSchema>;

/** « Rejeter » (the paying service): the reason, told to the supplier. */
export const rejetSchema = z.object({
  motif: z.string().trim().min(1, "Indiquez le motif du rejet.").max(1000, "1 000 caractères au plus."),
});
export type RejetForm = z.input<typeof rejetSchema>;

// ── Recyclage ──
/** « Mettre à recycler » (MOE, MOA) and « Demander le recyclage de la pièce précédente » (MOE): the routing error, told to the depositor. */
export const miseARecyclerSchema = z.object({
  motif: z.string().trim().min(1, "Indiquez l'erreur dans les données d'acheminement : le fournisseur la corrigera.").max(1000, "1 000 caractères au plus."),
});
export type MiseARecyclerForm = z.input<typeof miseARecyclerSchema>;

/**
 * « Recycler la pièce »: the routing its depositor corrects — the recipient (MOE, MOA and its service), the
 * engagement juridique and the order number; the domain runs the controls of step 2 « Parties » again.
 */
export const recyclageSchema = z
  .object({
    moeSiret: siretFacultatif("SIRET de la maîtrise d'œuvre"),
    moaSiret: siretFacultatif("SIRET de la maîtrise d'ouvrage"),
    serviceMoaId: idFacultatif,
    numeroEngagement: referenceFacultative("Le numéro d'engagement juridique"),
    numeroBonCommande: referenceFacultative("Le numéro de bon de commande"),
  })
  .superRefine((v, ctx) => {
    if (!v.moaSiret) ctx.addIssue({ code: "custom", path: ["moaSiret"], message: "Saisissez le SIRET de la maîtrise d'ouvrage." });
  });
export type RecyclageForm = z.input<typeof recyclageSchema>;
export type RecyclageData = z.output<typeof recyclageSchema>;
