import { z } from "zod";
import { zodFieldErrors } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { fluxDuCorps, lireOctets } from "@/lib/files/corps";
import type { PorteeApi } from "@/lib/generated/prisma/client";
import { creerBrouillon, enregistrerCadre, enregistrerFacture, enregistrerParties, supprimerBrouillon } from "@/lib/invoices/brouillon";
import { CADRES } from "@/lib/invoices/cadres";
import { certificatDepot, consulterDossier, consulterPiece } from "@/lib/invoices/consultation";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe, lirePieceJointe, ouvrirPieceJointe } from "@/lib/invoices/pieces-jointes";
import { TAILLE_FICHIER_MAX, formaterTaille } from "@/lib/files/limites";
import { clauseListe, ordreListe } from "@/lib/invoices/recherche";
import { analyserMontant } from "@/lib/invoices/montants";
import { recyclerPiece } from "@/lib/invoices/recyclage";
import { cadreSchema, factureSchema, filtresSchema, partiesSchema, recyclageSchema } from "@/lib/invoices/schemas";
import { MOTIFS_REFUS, STATUTS } from "@/lib/invoices/statuts";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { traiterPiece } from "@/lib/invoices/transitions";
import { db } from "@/lib/db";
import { SELECT_LIGNE_PIECE } from "@/lib/invoices/acces";
import { reponseFichier } from "@/lib/files/reponses";
import type { NomLimite } from "@/lib/securite/limites";
import type { AppelantApi } from "./authentification";
import { emettreJeton } from "./authentification";
import { erreurApi, iso, jour, montantApi, pageApi, pieceApi, versMontantApi, versPieceApi } from "./schemas";

/**
 * Every operation of the API, once: its method and path, what it reads (params, query, body), what it answers, the
 * scope it needs, and what it does — the domain functions a person's screens call, with the same rights checks.
 * The dispatcher (lib/api/dispatch.ts) routes by this table and the OpenAPI document (lib/api/openapi.ts) is
 * generated from it: a route cannot exist without its description, nor a description without its route.
 */

export type ReponseApi = { statut: number; corps: unknown } | Response;

export type EntreeOperation = {
  params: Record<string, string>;
  query: Record<string, unknown>;
  corps: unknown;
  request: Request;
  appelant: AppelantApi | null;
};

export type Operation = {
  id: string;
  methode: "get" | "post" | "patch";
  /** OpenAPI template, from /api/v1 on: « /pieces/{id} ». */
  chemin: string;
  resume: string;
  description?: string;
  tag: "Authentification" | "Référentiels" | "Dépôt" | "Consultation" | "Traitement";
  /** null: no token (the token endpoint itself). Otherwise the scope required (« null » inside: any valid token). */
  portee: PorteeApi | "AUCUNE" | null;
  /** A creating call: the `Idempotency-Key` header makes a retry return the first answer. */
  idempotente?: boolean;
  /**
   * A costlier call also counts against this rate limit (lib/securite/limites.ts), on top of « api »: the one the
   * screens' route for the same work names (`envoiFichier` for a file received, `export` for a file made on demand).
   */
  limite?: NomLimite;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** JSON body, form body (the token endpoint), or raw bytes (a file). */
  corps?: { json: z.ZodType } | { formulaire: z.ZodObject } | { binaire: true };
  reponses: Record<number, { description: string; schema?: z.ZodType; binaire?: string }>;
  executer: (e: EntreeOperation) => Promise<ReponseApi>;
};

const id = z.object({
  id: z
    .string()
    .uuid({ error: "Identifiant invalide." })
    .openapi({ param: { name: "id", in: "path" } }),
});
const idEtFichier = z.object({
  id: z
    .string()
    .uuid({ error: "Identifiant invalide." })
    .openapi({ param: { name: "id", in: "path" } }),
  fichierId: z
    .string()
    .uuid({ error: "Identifiant invalide." })
    .openapi({ param: { name: "fichierId", in: "path" } }),
});

const partiesApi = z
  .object({
    moeSiret: z.string().optional(),
    titulaireSiret: z.string().optional(),
    cotraitantSiret: z.string().optional(),
    moaSiret: z.string().optional(),
    serviceMoaId: z.string().uuid().optional(),
    numeroMarche: z.string().optional(),
    numeroEngagement: z.string().optional(),
    numeroBonCommande: z.string().optional(),
    compteBancaireId: z.string().uuid().optional(),
  })
  .openapi("Parties", { description: "Étape « Parties » : SIRET des parties, service, références, coordonnées bancaires" });

const brouillonApi = z
  .object({
    cadre: cadreSchema.shape.cadre,
    serviceDeposantId: z.string().uuid().optional(),
    parties: partiesApi.optional(),
    facture: factureSchema.optional().openapi({ description: "Étape « Facture » : numéro, date, montants (« 12000.00 »), TVA" }),
  })
  .openapi("Brouillon");

const modificationApi = z
  .object({
    cadre: cadreSchema.shape.cadre.optional(),
    serviceDeposantId: z.string().uuid().optional(),
    parties: partiesApi.optional(),
    facture: factureSchema.optional(),
  })
  .openapi("ModificationBrouillon");

const ACTIONS_API = [
  "PRISE_EN_COMPTE",
  "REFUS",
  "SUSPENSION",
  "COMPLETION",
  "VALIDATION",
  "MISE_EN_RECYCLAGE",
  "REJET",
  "MANDATEMENT",
  "MISE_EN_PAIEMENT",
] as const;
const traitementApi = z
  .object({
    action: z.enum(ACTIONS_API, { error: "Action inconnue." }),
    motif: z.string().max(40).optional().openapi({ description: "Refus : le code du motif (GET /referentiels/motifs-refus)" }),
    commentaire: z.string().max(2000).optional().openapi({ description: "Le texte du motif (suspension, refus, rejet…)" }),
    libererNumero: z.boolean().optional().openapi({ description: "Refus : libérer le numéro pour un nouveau dépôt" }),
    mandat: z
      .object({ numero: z.string().max(50), date: z.string().max(10).openapi({ example: "2026-04-15" }) })
      .optional()
      .openapi({ description: "MANDATEMENT (service financier) : le numéro et la date du mandat" }),
    paiement: z
      .object({ montant: montantApi, date: z.string().max(10).openapi({ example: "2026-04-30" }) })
      .optional()
      .openapi({ description: "MISE_EN_PAIEMENT (service financier) : le montant payé et la date de paiement" }),
  })
  .openapi("Traitement");

/** What an invoice file says when it is a structured invoice (its anomalies included); null for any other file. */
async function luDe(nature: string, octets: Uint8Array) {
  if (nature !== "FACTURE") return null;
  const { lireFactureElectronique } = await import("@/lib/facturx/lecture");
  try {
    const { facture: f, anomalies } = await lireFactureElectronique(octets);
    return {
      syntaxe: f.syntaxe,
      profil: f.profil ?? null,
      numero: f.numero ?? null,
      date: f.date ?? null,
      type: f.type,
      vendeurSiret: f.vendeur.siret ?? null,
      acheteurSiret: f.acheteur.siret ?? null,
      montantHt: versMontantApi(f.totaux.ht),
      montantTtc: versMontantApi(f.totaux.ttc),
      anomalies,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === "FACTURE_ELECTRONIQUE_ILLISIBLE") return null;
    throw error;
  }
}

/** The steps of the wizard a body carries, in order, each checked as the screen checks it. */
async function enregistrerEtapes(
  appelant: AppelantApi,
  pieceId: string,
  corps: { cadre?: string; serviceDeposantId?: string; parties?: object; facture?: unknown },
  cadre: string,
): Promise<void> {
  const { acteur } = appelant;
  if (corps.parties) {
    const r = partiesSchema.safeParse({ ...corps.parties, cadre });
    if (!r.success) throw new AppError("SAISIE_INVALIDE", prefixer("parties", zodFieldErrors(r.error)));
    await enregistrerParties(acteur, pieceId, r.data);
  }
  if (corps.facture) await enregistrerFacture(acteur, pieceId, corps.facture as never);
}

function prefixer(prefixe: string, erreurs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(erreurs).map(([k, v]) => [`${prefixe}.${k}`, v]));
}

const reponsesErreur = {
  400: { description: "Requête invalide (champs en erreur dans `champs`)", schema: erreurApi },
  401: { description: "Jeton manquant ou invalide", schema: erreurApi },
  403: { description: "Portée ou droits insuffisants", schema: erreurApi },
  429: { description: "Trop de requêtes (en-tête Retry-After)", schema: erreurApi },
};

export const OPERATIONS: Operation[] = [
  {
    id: "obtenirJeton",
    methode: "post",
    chemin: "/jetons",
    tag: "Authentification",
    resume: "Obtenir un jeton d'accès (OAuth2, client credentials)",
    description:
      "Échange l'identifiant et le secret d'un compte technique contre un jeton valable une heure, à passer en `Authorization: Bearer`. Le secret lui-même est aussi accepté comme jeton.",
    portee: null,
    corps: {
      formulaire: z.object({
        grant_type: z.literal("client_credentials", { error: "grant_type doit valoir client_credentials." }),
        client_id: z.string().uuid({ error: "client_id : l'identifiant du compte technique." }),
        client_secret: z.string().min(1, "client_secret est obligatoire.").max(200),
      }),
    },
    reponses: {
      200: {
        description: "Le jeton",
        schema: z.object({ access_token: z.string(), token_type: z.literal("Bearer"), expires_in: z.number().int(), scope: z.string() }).openapi("Jeton"),
      },
      401: { description: "Identifiant ou secret invalide, compte révoqué", schema: erreurApi },
    },
    executer: async ({ corps }) => {
      const c = corps as { client_id: string; client_secret: string };
      const j = await emettreJeton(c.client_id, c.client_secret);
      return { statut: 200, corps: { access_token: j.jeton, token_type: "Bearer", expires_in: j.expireDans, scope: j.portees.join(" ") } };
    },
  },
  {
    id: "listerCadres",
    methode: "get",
    chemin: "/referentiels/cadres",
    tag: "Référentiels",
    resume: "Les cadres de facturation (A1 à A23)",
    portee: "AUCUNE",
    reponses: {
      200: {
        description: "Les cadres",
        schema: z.array(z.object({ code: z.string(), court: z.string(), libelle: z.string(), explication: z.string(), role: z.string() })),
      },
    },
    executer: async () => ({
      statut: 200,
      corps: CADRES.map((c) => ({ code: c.code, court: c.court, libelle: c.libelle, explication: c.explication, role: c.role })),
    }),
  },
  {
    id: "listerStatuts",
    methode: "get",
    chemin: "/referentiels/statuts",
    tag: "Référentiels",
    resume: "Les statuts d'une pièce",
    portee: "AUCUNE",
    reponses: { 200: { description: "Les statuts", schema: z.array(z.object({ code: z.string(), libelle: z.string() })) } },
    executer: async () => ({ statut: 200, corps: Object.entries(STATUTS).map(([code, s]) => ({ code, libelle: s.libelle })) }),
  },
  {
    id: "listerMotifsRefus",
    methode: "get",
    chemin: "/referentiels/motifs-refus",
    tag: "Référentiels",
    resume: "Les motifs de refus d'une pièce",
    portee: "AUCUNE",
    reponses: { 200: { description: "Les motifs", schema: z.array(z.object({ code: z.string(), libelle: z.string() })) } },
    executer: async () => ({ statut: 200, corps: Object.entries(MOTIFS_REFUS).map(([code, libelle]) => ({ code, libelle })) }),
  },
  {
    id: "creerBrouillon",
    methode: "post",
    chemin: "/pieces",
    tag: "Dépôt",
    resume: "Créer un brouillon (et, dans le même appel, ses parties et sa facture)",
    description:
      "Les étapes du parcours « Déposer » en un appel : cadre, puis parties et facture si elles sont données, contrôlées comme à l'écran. Idempotent avec l'en-tête `Idempotency-Key`.",
    portee: "DEPOT",
    idempotente: true,
    corps: { json: brouillonApi },
    reponses: { 201: { description: "Le brouillon créé", schema: z.object({ id: z.string().uuid(), statut: z.string() }) }, ...reponsesErreur },
    executer: async ({ corps, appelant }) => {
      const c = corps as z.output<typeof brouillonApi>;
      const { id: pieceId } = await creerBrouillon(appelant!.acteur, { cadre: c.cadre, serviceDeposantId: c.serviceDeposantId ?? null } as never);
      try {
        await enregistrerEtapes(appelant!, pieceId, c, c.cadre);
      } catch (error) {
        // One call, one result: a refused step leaves no draft behind.
        await supprimerBrouillon(appelant!.acteur, pieceId).catch(() => {});
        throw error;
      }
      return { statut: 201, corps: { id: pieceId, statut: "BROUILLON" } };
    },
  },
  {
    id: "modifierBrouillon",
    methode: "patch",
    chemin: "/pieces/{id}",
    tag: "Dépôt",
    resume: "Modifier un brouillon (cadre, parties, facture)",
    portee: "DEPOT",
    params: id,
    corps: { json: modificationApi },
    reponses: { 200: { description: "Le brouillon", schema: pieceApi }, ...reponsesErreur },
    executer: async ({ params, corps, appelant }) => {
      const c = corps as z.output<typeof modificationApi>;
      const acteur = appelant!.acteur;
      if (c.cadre) await enregistrerCadre(acteur, params.id, { cadre: c.cadre, serviceDeposantId: c.serviceDeposantId ?? null } as never);
      const cadre = c.cadre ?? (await consulterPiece(acteur, params.id)).cadre;
      await enregistrerEtapes(appelant!, params.id, c, cadre);
      return { statut: 200, corps: versPieceApi(await consulterPiece(acteur, params.id)) };
    },
  },
  {
    id: "joindreFichier",
    methode: "post",
    chemin: "/pieces/{id}/fichiers",
    tag: "Dépôt",
    resume: "Joindre un fichier à un brouillon (la facture PDF, une pièce complémentaire)",
    description:
      "Le corps est le fichier lui-même (`Content-Type` du fichier), son nom et sa nature en paramètres. Reçu en flux, jamais gardé entier en mémoire : mêmes contrôles qu'à l'écran (type, taille, PDF lisible), la taille arrêtée dès qu'elle dépasse. Idempotent avec `Idempotency-Key` (pour un fichier, l'empreinte de la requête couvre sa longueur et son type).",
    portee: "DEPOT",
    idempotente: true,
    limite: "envoiFichier",
    params: id,
    query: z.object({
      nom: z.string().min(1, "Le nom du fichier est obligatoire.").max(200),
      nature: z.enum(["FACTURE", "COMPLEMENTAIRE", "ATTESTATION_PAIEMENT_DIRECT", "MEMOIRE_RECLAMATION"]).default("FACTURE"),
    }),
    corps: { binaire: true },
    reponses: {
      201: {
        description: "Le fichier joint ; pour une facture électronique (Factur-X, CII, UBL), ce qui en a été lu",
        schema: z.object({
          id: z.string().uuid(),
          nom: z.string(),
          nature: z.string(),
          taille: z.number().int(),
          sha256: z.string(),
          factureElectronique: z
            .object({
              syntaxe: z.string(),
              profil: z.string().nullable(),
              numero: z.string().nullable(),
              date: z.string().nullable(),
              type: z.string(),
              vendeurSiret: z.string().nullable(),
              acheteurSiret: z.string().nullable(),
              montantHt: montantApi.nullable(),
              montantTtc: montantApi.nullable(),
              anomalies: z.array(z.object({ regle: z.string(), message: z.string() })),
            })
            .nullable(),
        }),
      },
      ...reponsesErreur,
      413: { description: "Fichier trop volumineux", schema: erreurApi },
    },
    executer: async ({ params, query, request, appelant }) => {
      const q = query as { nom: string; nature: "FACTURE" | "COMPLEMENTAIRE" | "ATTESTATION_PAIEMENT_DIRECT" | "MEMOIRE_RECLAMATION" };
      const acteur = appelant!.acteur;
      const f = await ajouterPieceJointe(acteur, params.id, { nom: q.nom, contenu: fluxDuCorps(request), nature: q.nature });
      // The invoice (under 10 MB) is read back from the store to say what it carries; any other file is never held whole.
      const lu = q.nature === "FACTURE" ? await luDe(q.nature, (await lirePieceJointe(acteur, params.id, f.id)).contenu) : null;
      return { statut: 201, corps: { id: f.id, nom: f.nom, nature: f.nature, taille: f.taille, sha256: f.sha256, factureElectronique: lu } };
    },
  },
  {
    id: "deposerFactureElectronique",
    methode: "post",
    chemin: "/pieces/flux",
    tag: "Dépôt",
    resume: "Déposer une facture électronique seule (Factur-X, CII ou UBL) : le brouillon est rempli depuis le fichier",
    description:
      "Le corps est un PDF Factur-X (ZUGFeRD 2, profils MINIMUM à EXTENDED), ou un XML CII (UN/CEFACT) ou UBL 2.1 (Invoice, CreditNote). Le portail le lit et le contrôle (norme EN 16931, SIRET du vendeur = celui de la structure), crée le brouillon du cadre donné, en tire les parties (l'acheteur est la maîtrise d'ouvrage ; son code service, le marché et l'engagement s'ils y sont), la facture et ses montants, joint le fichier comme facture (pour un XML : une copie lisible en PDF dessinée par le portail comme facture, et le XML inchangé en pièce complémentaire), puis l'envoie si `soumettre=true`. La réponse dit ce qui a été lu. Idempotent avec `Idempotency-Key`.",
    portee: "DEPOT",
    idempotente: true,
    limite: "envoiFichier",
    query: z.object({
      cadre: cadreSchema.shape.cadre,
      moeSiret: z.string().optional().openapi({ description: "SIRET de la maîtrise d'œuvre (cadres qui en ont une)" }),
      titulaireSiret: z.string().optional(),
      serviceMoaId: z
        .string()
        .uuid()
        .optional()
        .openapi({ description: "Le service de la maîtrise d'ouvrage ; sinon celui dont le code est la référence acheteur du fichier" }),
      compteBancaireId: z
        .string()
        .uuid()
        .optional()
        .openapi({ description: "Sinon le compte actif de la structure dont l'IBAN est celui du fichier, ou son premier" }),
      nom: z.string().min(1).max(200).default("facture.pdf"),
      soumettre: z.enum(["true", "false"]).default("false"),
    }),
    corps: { binaire: true },
    reponses: {
      201: {
        description: "Le brouillon (ou la pièce envoyée) et ce qui a été lu",
        schema: z.object({
          id: z.string().uuid(),
          statut: z.string(),
          numeroDepot: z.string().nullable(),
          lu: z.object({
            numero: z.string().nullable(),
            date: z.string().nullable(),
            type: z.string(),
            syntaxe: z.enum(["FACTUR-X", "CII", "UBL"]).openapi({ description: "Ce qui a été déposé : un PDF Factur-X, ou un XML CII ou UBL" }),
            profil: z.string().nullable(),
            vendeurSiret: z.string().nullable(),
            acheteurSiret: z.string().nullable(),
            montantHt: montantApi.nullable(),
            montantTtc: montantApi.nullable(),
          }),
        }),
      },
    },
    executer: async ({ query, request, appelant }) => {
      const q = query as {
        cadre: string;
        moeSiret?: string;
        titulaireSiret?: string;
        serviceMoaId?: string;
        compteBancaireId?: string;
        nom: string;
        soumettre: "true" | "false";
      };
      const acteur = appelant!.acteur;
      const octets = await lireOctets(
        request,
        TAILLE_FICHIER_MAX,
        () => new AppError("FICHIER_REFUSE", {}, `Le fichier dépasse la taille maximale de ${formaterTaille(TAILLE_FICHIER_MAX)}.`),
      );
      const { deposerFlux } = await import("./flux");
      const r = await deposerFlux(acteur, { ...q, soumettre: q.soumettre === "true" }, octets);
      return { statut: 201, corps: r };
    },
  },
  {
    id: "soumettre",
    methode: "post",
    chemin: "/pieces/{id}/soumettre",
    tag: "Dépôt",
    resume: "Envoyer un brouillon (« Valider et envoyer »)",
    description:
      "Contrôle le brouillon comme l'écran « Récapitulatif », l'envoie, crée ou continue le dossier de facturation et le certificat de dépôt. Idempotent avec `Idempotency-Key`.",
    portee: "DEPOT",
    idempotente: true,
    params: id,
    reponses: {
      200: {
        description: "La pièce envoyée",
        schema: z.object({ id: z.string().uuid(), statut: z.string(), numeroDepot: z.string(), dossierId: z.string().uuid(), dossier: z.string() }),
      },
      ...reponsesErreur,
    },
    executer: async ({ params, appelant }) => {
      const r = await envoyer(appelant!.acteur, params.id);
      return { statut: 200, corps: { id: r.pieceId, statut: r.statut, numeroDepot: r.numeroDepot, dossierId: r.dossierId, dossier: r.dossier } };
    },
  },
  {
    id: "rechercherPieces",
    methode: "get",
    chemin: "/pieces",
    tag: "Consultation",
    resume: "Rechercher les pièces (filtres de « Recherche », pagination par curseur)",
    portee: "LECTURE",
    // The filters of « Recherche » (the page number aside: a cursor instead); their cross-field checks run in `executer`.
    query: z
      .object({
        ...filtresSchema.shape,
        curseur: z.string().uuid({ error: "Curseur invalide." }).optional().openapi({ description: "Le `curseurSuivant` de la page précédente" }),
        taille: z.coerce.number({ error: "Taille : un nombre entier." }).int().min(1, "Taille : 1 au moins.").max(200, "Taille : 200 au plus.").default(50),
      })
      .omit({ page: true }),
    reponses: { 200: { description: "Une page de pièces", schema: pageApi }, ...reponsesErreur },
    executer: async ({ query, appelant }) => {
      const { curseur, taille, ...filtres } = query as { curseur?: string; taille: number };
      const verifies = filtresSchema.safeParse(filtres);
      if (!verifies.success) throw new AppError("SAISIE_INVALIDE", zodFieldErrors(verifies.error));
      const q = { ...verifies.data, curseur, taille };
      const where = clauseListe(appelant!.acteur, q, "RECHERCHE");
      const orderBy = ordreListe(q);
      const [total, lignes] = await Promise.all([
        db.pieceTravaux.count({ where }),
        db.pieceTravaux.findMany({
          where,
          orderBy,
          take: q.taille + 1,
          ...(q.curseur ? { cursor: { id: q.curseur }, skip: 1 } : {}),
          select: SELECT_LIGNE_PIECE,
        }),
      ]);
      const page = lignes.slice(0, q.taille);
      return {
        statut: 200,
        corps: {
          total,
          curseurSuivant: lignes.length > q.taille ? page[page.length - 1].id : null,
          pieces: page.map((p) => ({
            id: p.id,
            statut: p.statut,
            libelleStatut: STATUTS[p.statut].libelle,
            cadre: p.cadre,
            numero: p.numero,
            dateFacture: jour(p.dateFacture),
            devise: p.devise,
            montantTtc: versMontantApi(p.montantTtc),
            deposeeLe: iso(p.deposeeLe),
            modifieeLe: p.updatedAt.toISOString(),
            deposant: p.structureDeposante.raisonSociale,
            moe: p.moe?.raisonSociale ?? null,
            moa: p.moa?.raisonSociale ?? null,
          })),
        },
      };
    },
  },
  {
    id: "consulterPiece",
    methode: "get",
    chemin: "/pieces/{id}",
    tag: "Consultation",
    resume: "Consulter une pièce, ses fichiers et son historique",
    portee: "LECTURE",
    params: id,
    reponses: { 200: { description: "La pièce", schema: pieceApi }, ...reponsesErreur, 404: { description: "Pièce introuvable", schema: erreurApi } },
    executer: async ({ params, appelant }) => ({ statut: 200, corps: versPieceApi(await consulterPiece(appelant!.acteur, params.id)) }),
  },
  {
    id: "telechargerFichier",
    methode: "get",
    chemin: "/pieces/{id}/fichiers/{fichierId}",
    tag: "Consultation",
    resume: "Télécharger un fichier d'une pièce",
    portee: "LECTURE",
    params: idEtFichier,
    reponses: {
      200: { description: "Le fichier", binaire: "application/octet-stream" },
      ...reponsesErreur,
      404: { description: "Introuvable", schema: erreurApi },
    },
    executer: async ({ params, appelant }) => reponseFichier(await ouvrirPieceJointe(appelant!.acteur, params.id, params.fichierId), false),
  },
  {
    id: "telechargerCertificat",
    methode: "get",
    chemin: "/pieces/{id}/certificat",
    tag: "Consultation",
    resume: "Télécharger le certificat de dépôt (PDF)",
    portee: "LECTURE",
    params: id,
    reponses: { 200: { description: "Le certificat", binaire: "application/pdf" }, ...reponsesErreur, 404: { description: "Introuvable", schema: erreurApi } },
    executer: async ({ params, appelant }) => {
      const c = await certificatDepot(appelant!.acteur, params.id);
      return reponseFichier({ nom: c.nom, typeMime: "application/pdf", contenu: c.contenu }, false);
    },
  },
  {
    id: "telechargerFacturX",
    methode: "get",
    chemin: "/pieces/{id}/factur-x",
    tag: "Consultation",
    resume: "Télécharger une pièce au format Factur-X (PDF/A-3 et sa facture CII)",
    description:
      "L'état d'acompte de la maîtrise d'œuvre (A15), celui de la maîtrise d'ouvrage (A19) et les pièces mises à disposition du service financier : le certificat de dépôt, PDF/A-3, avec le fichier `factur-x.xml` (CII, profil EN 16931) qui porte le numéro, les parties et les montants de la pièce. Mêmes droits que le certificat ; une autre pièce est refusée (`FACTURX_NON_PROPOSE`). Fabriqué à chaque appel : compte aussi contre la limite des exports.",
    portee: "LECTURE",
    limite: "export",
    params: id,
    reponses: {
      200: { description: "Le Factur-X", binaire: "application/pdf" },
      ...reponsesErreur,
      400: { description: "Identifiant invalide, ou pièce qui ne se télécharge pas au format Factur-X (`FACTURX_NON_PROPOSE`)", schema: erreurApi },
      404: { description: "Introuvable", schema: erreurApi },
    },
    executer: async ({ params, appelant }) => {
      const { telechargerFacturX } = await import("@/lib/facturx/piece");
      const f = await telechargerFacturX(appelant!.acteur, params.id);
      return reponseFichier({ nom: f.nom, typeMime: "application/pdf", contenu: f.contenu }, false);
    },
  },
  {
    id: "consulterDossier",
    methode: "get",
    chemin: "/dossiers/{id}",
    tag: "Consultation",
    resume: "Consulter un dossier de facturation et ses pièces",
    portee: "LECTURE",
    params: id,
    reponses: {
      200: {
        description: "Le dossier",
        schema: z
          .object({
            id: z.string().uuid(),
            numero: z.string(),
            pieces: z.array(
              z.object({ id: z.string().uuid(), cadre: z.string(), statut: z.string(), numero: z.string().nullable(), montantTtc: z.string().nullable() }),
            ),
          })
          .openapi("Dossier"),
      },
      ...reponsesErreur,
      404: { description: "Introuvable", schema: erreurApi },
    },
    executer: async ({ params, appelant }) => {
      const d = await consulterDossier(appelant!.acteur, params.id);
      return {
        statut: 200,
        corps: {
          id: d.id,
          numero: d.libelle,
          pieces: d.pieces.map((p) => ({ id: p.id, cadre: p.cadre, statut: p.statut, numero: p.numero, montantTtc: versMontantApi(p.montantTtc) })),
        },
      };
    },
  },
  {
    id: "traiterPiece",
    methode: "post",
    chemin: "/pieces/{id}/traitements",
    tag: "Traitement",
    resume: "Traiter une pièce : prendre en compte, refuser, suspendre, compléter, valider, mettre à recycler, rejeter",
    description:
      "Les boutons de la page d'une pièce, avec les mêmes règles : seule la structure que le tableau des statuts désigne peut agir. Idempotent avec `Idempotency-Key`.",
    portee: "TRAITEMENT",
    idempotente: true,
    params: id,
    corps: { json: traitementApi },
    reponses: { 200: { description: "Le nouveau statut", schema: z.object({ statut: z.string(), libelle: z.string() }) }, ...reponsesErreur },
    executer: async ({ params, corps, appelant }) => {
      const c = corps as z.output<typeof traitementApi>;
      let montant: number | undefined;
      if (c.paiement) {
        const m = analyserMontant(c.paiement.montant);
        if (!m.ok) throw new AppError("SAISIE_INVALIDE", { "paiement.montant": `Montant payé : ${m.message}` });
        montant = m.valeur;
      }
      const r = await traiterPiece(appelant!.acteur, params.id, c.action, {
        motif: { code: c.motif, texte: c.commentaire },
        libererNumero: c.libererNumero,
        mandat: c.mandat,
        paiement: c.paiement ? { montant, date: c.paiement.date } : undefined,
      });
      return { statut: 200, corps: r };
    },
  },
  {
    id: "recyclerPiece",
    methode: "post",
    chemin: "/pieces/{id}/recyclage",
    tag: "Dépôt",
    resume: "Recycler une pièce « À recycler » : corriger ses données d'acheminement (MOE, MOA, service, références)",
    description:
      "Le déposant corrige l'acheminement d'une pièce que la MOE ou la MOA a mise « À recycler » ; mêmes contrôles que l'étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage ». Même numéro, même dossier. Idempotent avec `Idempotency-Key`.",
    portee: "DEPOT",
    idempotente: true,
    params: id,
    corps: {
      json: z
        .object({
          moeSiret: z.string().optional(),
          moaSiret: z.string(),
          serviceMoaId: z.string().uuid().optional(),
          numeroEngagement: z.string().optional(),
          numeroBonCommande: z.string().optional(),
        })
        .openapi("Recyclage"),
    },
    reponses: { 200: { description: "La pièce recyclée", schema: z.object({ statut: z.string(), libelle: z.string() }) } },
    executer: async ({ params, corps, appelant }) => {
      const r = recyclageSchema.safeParse(corps);
      if (!r.success) throw new AppError("SAISIE_INVALIDE", zodFieldErrors(r.error));
      const resultat = await recyclerPiece(appelant!.acteur, params.id, r.data);
      return { statut: 200, corps: resultat };
    },
  },
  {
    id: "deposerPieceSuivante",
    methode: "post",
    chemin: "/pieces/{id}/suivante",
    tag: "Traitement",
    resume: "Déposer la pièce suivante (état d'acompte de la MOE, pièce de la MOA…) : crée son brouillon prérempli",
    portee: "TRAITEMENT",
    idempotente: true,
    params: id,
    reponses: { 201: { description: "Le brouillon de la pièce suivante", schema: z.object({ id: z.string().uuid(), statut: z.string() }) }, ...reponsesErreur },
    executer: async ({ params, appelant }) => {
      const r = await deposerPieceSuivante(appelant!.acteur, params.id);
      return { statut: 201, corps: { id: r.id, statut: "BROUILLON" } };
    },
  },
];
