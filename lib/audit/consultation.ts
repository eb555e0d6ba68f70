import { z } from "zod";
import { db } from "@/lib/db";
import type { Acteur } from "@/lib/auth/acteur";
import { exigerAdministrateur } from "@/lib/auth/administrateur";
import type { Prisma } from "@/lib/generated/prisma/client";
import { MEMBERSHIP_STATUS_LABELS, ROLE_LABELS } from "@/lib/accounts/labels";
import { structureDe, UUID } from "@/lib/invoices/acces";
import { formaterMontant, formaterTaux } from "@/lib/invoices/montants";
import { TYPES_TVA } from "@/lib/invoices/schemas";
import { formaterQuantite, LIBELLE_CAUTION, LIGNES_DECOMPTE, TYPES_PIECE } from "@/lib/invoices/decompte";
import { exigerDroit } from "@/lib/structures/droits";
import { ACTIONS_AUDIT, type ActionAudit } from "./journal";

/**
 * « Journal »: reading the audit trail. A structure's gestionnaires (principal or secondaire, validated) see the
 * entries of the structure they act for; portal administrators see every entry, filtered by structure, user,
 * action and date. Newest first, a page at a time, each entry in words: who, when, what, on what, and each
 * changed field before → after.
 */

export const TAILLE_PAGE_JOURNAL = 50;

const jour = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .or(z.literal(""));

/** The filters as the GET form sends them (a value that does not parse is ignored by the page, not an error). */
export const filtresJournalSchema = z.object({
  /** Administrators: the structure's id, its identifier (SIRET…) or part of its name. */
  structure: z.string().trim().max(200).optional(),
  /** The author: his id, or part of his name or sign-in address. */
  utilisateur: z.string().trim().max(320).optional(),
  action: z.string().max(60).optional(),
  du: jour,
  au: jour,
});
export type FiltresJournal = z.output<typeof filtresJournalSchema>;

/** The page number from the query (1 when absent or malformed). */
export const pageJournalSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

/**
 * A « Journal » page's query (`searchParams`): one value per parameter (what the form shows again), the filters
 * that parse (the others are dropped) and the page number.
 */
export function lireRequeteJournal(searchParams: Record<string, string | string[] | undefined>) {
  const valeurs = Object.fromEntries(Object.entries(searchParams).map(([k, v]) => [k, (Array.isArray(v) ? v[0] : v)?.slice(0, 400)])) as Record<
    string,
    string | undefined
  >;
  const parsed = filtresJournalSchema.safeParse(valeurs);
  const filtres: FiltresJournal = parsed.success ? parsed.data : {};
  return { valeurs, filtres, page: pageJournalSchema.parse(valeurs.page) };
}

/** The action codes with their French wording, for the filter's list. */
export const LISTE_ACTIONS_AUDIT = (Object.entries(ACTIONS_AUDIT) as [ActionAudit, string][]).map(([code, libelle]) => ({ code, libelle }));

export type ChangementJournal = { champ: string; avant: string; apres: string };

export type LigneJournal = {
  id: string;
  le: Date;
  action: string;
  libelle: string;
  auteur: { id: string | null; nom: string; role: string | null; ip: string | null };
  structure: { id: string; raisonSociale: string; identifier: string } | null;
  cible: { type: string; id: string | null; libelle: string };
  changements: ChangementJournal[];
};

export type ResultatJournal = {
  /** STRUCTURE: the entries of the actor's structure; PORTAIL: every entry (administrators). */
  perimetre: "STRUCTURE" | "PORTAIL";
  structure: { id: string; raisonSociale: string; identifier: string } | null;
  total: number;
  page: number;
  taillePage: number;
  lignes: LigneJournal[];
};

/** Midnight in France (the day the user typed) as an instant. */
function minuitParis(date: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const utc = Date.UTC(y, m - 1, d);
  // The offset of Paris at that instant: its wall-clock time minus UTC.
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Paris",
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(new Date(utc));
  const v = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const mur = Date.UTC(v("year"), v("month") - 1, v("day"), v("hour"), v("minute"));
  return new Date(utc - (mur - utc));
}

const valideJour = (s: string | undefined): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

async function clauseStructure(texte: string): Promise<Prisma.JournalAuditWhereInput> {
  if (UUID.test(texte)) return { structureId: texte.toLowerCase() };
  const structures = await db.structure.findMany({
    where: { OR: [{ identifier: texte.replace(/\s/g, "") }, { raisonSociale: { contains: texte, mode: "insensitive" } }] },
    select: { id: true },
    take: 200,
  });
  return { structureId: { in: structures.map((s) => s.id) } };
}

async function clauseUtilisateur(texte: string): Promise<Prisma.JournalAuditWhereInput> {
  if (UUID.test(texte)) return { acteurUserId: texte.toLowerCase() };
  const users = await db.user.findMany({ where: { email: { contains: texte, mode: "insensitive" } }, select: { id: true }, take: 200 });
  return { OR: [{ acteurUserId: { in: users.map((u) => u.id) } }, { acteurNom: { contains: texte, mode: "insensitive" } }] };
}

/**
 * The journal as the actor may see it. `perimetre`: STRUCTURE (the managers' page: the structure the actor acts
 * for, even for an administrator), PORTAIL (administrators only); by default, PORTAIL for an administrator.
 */
export async function consulterJournal(
  acteur: Acteur,
  filtres: FiltresJournal,
  o: { pagination?: { page?: number; taillePage?: number }; perimetre?: "STRUCTURE" | "PORTAIL" } = {},
): Promise<ResultatJournal> {
  const perimetre = o.perimetre ?? (acteur.administrateur ? "PORTAIL" : "STRUCTURE");
  const et: Prisma.JournalAuditWhereInput[] = [];
  let structure: ResultatJournal["structure"] = null;
  if (perimetre === "PORTAIL") {
    // The role is read from the database, as every administrator function does, not from the actor object.
    await exigerAdministrateur(acteur);
    if (filtres.structure) et.push(await clauseStructure(filtres.structure));
  } else {
    const structureId = structureDe(acteur);
    await exigerDroit(acteur, structureId, "consulterJournal");
    et.push({ structureId });
    structure = { id: structureId, raisonSociale: acteur.structure!.raisonSociale, identifier: acteur.structure!.identifier };
  }
  if (filtres.utilisateur) et.push(await clauseUtilisateur(filtres.utilisateur));
  if (filtres.action && filtres.action in ACTIONS_AUDIT) et.push({ action: filtres.action });
  if (valideJour(filtres.du)) et.push({ createdAt: { gte: minuitParis(filtres.du) } });
  if (valideJour(filtres.au)) {
    const lendemain = new Date(Date.parse(`${filtres.au}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    et.push({ createdAt: { lt: minuitParis(lendemain) } });
  }

  const taillePage = Math.min(Math.max(o.pagination?.taillePage ?? TAILLE_PAGE_JOURNAL, 1), 200);
  const page = Math.max(1, Math.floor(o.pagination?.page ?? 1));
  const where: Prisma.JournalAuditWhereInput = { AND: et };
  const [total, entrees] = await Promise.all([
    db.journalAudit.count({ where }),
    db.journalAudit.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * taillePage, take: taillePage }),
  ]);
  const [cibles, structures] = await Promise.all([
    libellesCibles(entrees),
    perimetre === "PORTAIL" ? structuresDe(entrees) : new Map<string, NonNullable<ResultatJournal["structure"]>>(),
  ]);
  return {
    perimetre,
    structure,
    total,
    page,
    taillePage,
    lignes: entrees.map((e) => ({
      id: e.id.toString(),
      le: e.createdAt,
      action: e.action,
      libelle: ACTIONS_AUDIT[e.action as ActionAudit] ?? e.action,
      auteur: {
        id: e.acteurUserId,
        nom: e.acteurNom ?? (e.acteurUserId ? "Utilisateur" : "Le portail"),
        role: libelleRole(e.acteurRole),
        ip: perimetre === "PORTAIL" ? e.ip : null,
      },
      structure: e.structureId ? (structure ?? structures.get(e.structureId) ?? null) : null,
      cible: { type: e.cibleType, id: e.cibleId, libelle: cibles.get(`${e.cibleType}:${e.cibleId}`) ?? TYPES_CIBLE[e.cibleType] ?? e.cibleType },
      changements: changements(e.avant, e.apres),
    })),
  };
}

function libelleRole(role: string | null): string | null {
  if (!role) return null;
  if (role === "ADMINISTRATEUR_PORTAIL") return "Administrateur du portail";
  return ROLE_LABELS[role as keyof typeof ROLE_LABELS] ?? role;
}

const TYPES_CIBLE: Record<string, string> = {
  Structure: "Structure",
  Membership: "Rattachement",
  Service: "Service",
  PieceTravaux: "Pièce",
  User: "Utilisateur",
  DemandeAcheteurPublic: "Demande de statut d'acheteur public",
};

type Entree = { cibleType: string; cibleId: string | null; structureId: string | null };

const ids = (entrees: Entree[], type: string) => [
  ...new Set(entrees.filter((e) => e.cibleType === type && e.cibleId && UUID.test(e.cibleId)).map((e) => e.cibleId!)),
];

/** What each entry is about, in words: the member's name, the service's code, the invoice's number… (one query per kind). */
async function libellesCibles(entrees: Entree[]): Promise<Map<string, string>> {
  const libelles = new Map<string, string>();
  const [memberships, services, pieces, structures, users] = await Promise.all([
    db.membership.findMany({
      where: { id: { in: ids(entrees, "Membership") } },
      select: { id: true, user: { select: { firstName: true, lastName: true, email: true } } },
    }),
    db.service.findMany({ where: { id: { in: ids(entrees, "Service") } }, select: { id: true, code: true, libelle: true } }),
    db.pieceTravaux.findMany({ where: { id: { in: ids(entrees, "PieceTravaux") } }, select: { id: true, numero: true } }),
    db.structure.findMany({ where: { id: { in: ids(entrees, "Structure") } }, select: { id: true, raisonSociale: true, identifier: true } }),
    db.user.findMany({ where: { id: { in: ids(entrees, "User") } }, select: { id: true, firstName: true, lastName: true, email: true } }),
  ]);
  for (const m of memberships) libelles.set(`Membership:${m.id}`, `${m.user.firstName} ${m.user.lastName} (${m.user.email})`);
  for (const s of services) libelles.set(`Service:${s.id}`, `Service ${s.code} – ${s.libelle}`);
  for (const p of pieces) libelles.set(`PieceTravaux:${p.id}`, p.numero ? `Facture n° ${p.numero}` : "Pièce sans numéro");
  for (const s of structures) libelles.set(`Structure:${s.id}`, `${s.raisonSociale} (${s.identifier})`);
  for (const u of users) libelles.set(`User:${u.id}`, `${u.firstName} ${u.lastName} (${u.email})`);
  return libelles;
}

async function structuresDe(entrees: Entree[]) {
  const liste = [...new Set(entrees.map((e) => e.structureId).filter((s): s is string => !!s))];
  const structures = liste.length
    ? await db.structure.findMany({ where: { id: { in: liste } }, select: { id: true, raisonSociale: true, identifier: true } })
    : [];
  return new Map(structures.map((s) => [s.id, s]));
}

/** The fields' names as the screens call them. */
const CHAMPS: Record<string, string> = {
  status: "État du rattachement",
  role: "Rôle",
  motif: "Motif",
  code: "Code",
  libelle: "Libellé",
  active: "Actif",
  worksSpaceOpen: "Espace « Factures de travaux » ouvert",
  espaceTravauxOuvert: "Espace « Factures de travaux » ouvert pour le service",
  services: "Services et droits",
  isPublicBuyer: "Acheteur public",
  acheteurPublicSource: "Source du statut d'acheteur public",
  raisonSociale: "Raison sociale",
  identifier: "Identifiant",
  email: "Adresse électronique",
  phone: "Téléphone",
  gestionnairePrincipal: "Gestionnaire principal",
  numero: "Numéro de la facture",
  dateFacture: "Date de la facture",
  devise: "Devise",
  typePiece: "Facture ou avoir",
  typeTva: "Type de TVA",
  motifExonerationTva: "Motif d'exonération de TVA",
  ...Object.fromEntries(LIGNES_DECOMPTE),
  cautionRemplaceRetenue: LIBELLE_CAUTION,
  lignesTva: "Détail de la TVA",
  lignesPoste: "Postes ou prestations",
  motifRevision: "Motif de la révision du montant",
  fichier: "Fichier",
};

const NATURES: Record<string, string> = {
  FACTURE: "facture",
  COMPLEMENTAIRE: "pièce complémentaire",
  ATTESTATION_PAIEMENT_DIRECT: "attestation de paiement direct",
};

const MONTANTS = new Set<string>(LIGNES_DECOMPTE.map(([champ]) => champ));

/** A value as a person reads it. */
function lisible(champ: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "(vide)";
  if (typeof v === "boolean") return v ? "Oui" : "Non";
  if (champ === "role" && typeof v === "string") return ROLE_LABELS[v as keyof typeof ROLE_LABELS] ?? v;
  if (champ === "status" && typeof v === "string") return MEMBERSHIP_STATUS_LABELS[v as keyof typeof MEMBERSHIP_STATUS_LABELS] ?? v;
  if (champ === "typeTva" && typeof v === "string") return TYPES_TVA[v as keyof typeof TYPES_TVA] ?? v;
  if (champ === "typePiece" && typeof v === "string") return TYPES_PIECE[v as keyof typeof TYPES_PIECE] ?? v;
  if (MONTANTS.has(champ) && (typeof v === "string" || typeof v === "number") && /^-?\d+$/.test(String(v))) return formaterMontant(BigInt(v));
  if (champ === "dateFacture" && typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v)) return v.slice(0, 10).split("-").reverse().join("/");
  if (champ === "lignesTva" && Array.isArray(v))
    return v.length
      ? v
          .map((l: { taux?: number; baseHt?: string | number; montantTva?: string | number }) => {
            const taux = typeof l.taux === "number" ? `${formaterTaux(l.taux)} %` : "?";
            return `${taux} : base HT ${formaterMontant(BigInt(l.baseHt ?? 0))}, TVA ${formaterMontant(BigInt(l.montantTva ?? 0))}`;
          })
          .join(" ; ")
      : "(aucune ligne)";
  if (champ === "lignesPoste" && Array.isArray(v))
    return v.length
      ? v
          .map((l: { denomination?: string; quantite?: string; unite?: string | null; prixUnitaireHt?: string; montantHt?: string; tauxTva?: number }) => {
            const quantite = `${formaterQuantite(BigInt(l.quantite ?? 0))}${l.unite ? ` ${l.unite}` : ""}`;
            const taux = typeof l.tauxTva === "number" ? `, TVA ${formaterTaux(l.tauxTva)} %` : "";
            return `${l.denomination ?? "?"} : ${quantite} × ${formaterMontant(BigInt(l.prixUnitaireHt ?? 0))} = ${formaterMontant(BigInt(l.montantHt ?? 0))} HT${taux}`;
          })
          .join(" ; ")
      : "(aucune ligne)";
  if (champ === "fichier" && typeof v === "object") {
    const f = v as { nom?: string; nature?: string; taille?: number; sha256?: string };
    const nature = f.nature ? (NATURES[f.nature] ?? f.nature) : null;
    const taille = typeof f.taille === "number" ? `${f.taille.toLocaleString("fr-FR")} octets` : null;
    return `« ${f.nom ?? "?"} »${[nature, taille].some(Boolean) ? ` (${[nature, taille].filter(Boolean).join(", ")})` : ""}${f.sha256 ? `, empreinte SHA-256 ${f.sha256}` : ""}`;
  }
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Each field of `avant` or `apres`, before → after. */
function changements(avant: Prisma.JsonValue | null, apres: Prisma.JsonValue | null): ChangementJournal[] {
  const a = avant && typeof avant === "object" && !Array.isArray(avant) ? (avant as Record<string, unknown>) : {};
  const b = apres && typeof apres === "object" && !Array.isArray(apres) ? (apres as Record<string, unknown>) : {};
  // In the order of CHAMPS (PostgreSQL's jsonb keeps its own key order), then the fields it does not name.
  const ordre = Object.keys(CHAMPS);
  const rang = (c: string) => (ordre.includes(c) ? ordre.indexOf(c) : ordre.length);
  const champs = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort((x, y) => rang(x) - rang(y) || x.localeCompare(y));
  return champs.map((c) => ({
    champ: CHAMPS[c] ?? c,
    avant: c in a ? lisible(c, a[c]) : "(vide)",
    apres: c in b ? lisible(c, b[c]) : "(vide)",
  }));
}
