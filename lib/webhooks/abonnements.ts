import { z } from "zod";
import { zodFieldErrors } from "@/lib/actions";
import { journaliser } from "@/lib/audit/journal";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { exigerDroit } from "@/lib/structures/droits";
import { chiffrer, nouveauSecretWebhook, verifierUrl } from "./securite";

/**
 * « Comptes techniques (API) » → « Webhooks »: the endpoints a structure registers to be told of every status change
 * of a piece it is party to (gestionnaires; journaled). The signing secret is shown once, at creation.
 */

export const ABONNEMENTS_MAX = 10;

export const abonnementSchema = z.object({
  url: z.string({ error: "L'adresse est obligatoire." }).trim().min(1, "L'adresse est obligatoire.").max(500, "L'adresse ne peut dépasser 500 caractères."),
});

export type AbonnementVue = {
  id: string;
  url: string;
  actif: boolean;
  createdAt: Date;
  desactiveLe: Date | null;
  livraisons: { id: string; le: Date; statut: string; evenement: unknown; tentatives: number; dernierCode: number | null; derniereErreur: string | null }[];
};

/** The structure's subscriptions, each with its last 20 deliveries and their answers. */
export async function listerAbonnements(acteur: Acteur, structureId: string): Promise<AbonnementVue[]> {
  await exigerDroit(acteur, structureId, "gererUtilisateurs");
  const abonnements = await db.abonnementWebhook.findMany({
    where: { structureId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      url: true,
      actif: true,
      createdAt: true,
      desactiveLe: true,
      livraisons: {
        orderBy: { createdAt: "desc" },
        take: 20,
        select: { id: true, createdAt: true, statut: true, evenement: true, tentatives: true, dernierCode: true, derniereErreur: true },
      },
    },
  });
  return abonnements.map(({ livraisons, ...a }) => ({ ...a, livraisons: livraisons.map(({ createdAt, ...l }) => ({ ...l, le: createdAt })) }));
}

export async function creerAbonnement(acteur: Acteur, structureId: string, saisie: { url: string }): Promise<{ id: string; secret: string }> {
  const r = abonnementSchema.safeParse(saisie);
  if (!r.success) throw new AppError("SAISIE_INVALIDE", zodFieldErrors(r.error));
  const u = verifierUrl(r.data.url);
  if (!u.ok) throw new AppError("SAISIE_INVALIDE", { url: u.message });
  await exigerDroit(acteur, structureId, "gererUtilisateurs");
  const secret = nouveauSecretWebhook();
  return db.$transaction(async (tx) => {
    const actifs = await tx.abonnementWebhook.count({ where: { structureId, actif: true } });
    if (actifs >= ABONNEMENTS_MAX)
      throw new AppError("SAISIE_INVALIDE", { url: `Une structure a au plus ${ABONNEMENTS_MAX} adresses actives : désactivez-en une d'abord.` });
    const a = await tx.abonnementWebhook.create({
      data: { structureId, url: u.url.toString(), secretChiffre: chiffrer(secret), creeParId: acteur.userId },
      select: { id: true, url: true },
    });
    await journaliser(tx, acteur, { action: "WEBHOOK_CREE", structureId, cible: { type: "AbonnementWebhook", id: a.id }, apres: { url: a.url } });
    return { id: a.id, secret };
  });
}

export async function desactiverAbonnement(acteur: Acteur, abonnementId: string): Promise<void> {
  const a = await db.abonnementWebhook.findUnique({ where: { id: abonnementId }, select: { structureId: true, url: true, actif: true } });
  if (!a) throw new AppError("INTROUVABLE");
  await exigerDroit(acteur, a.structureId, "gererUtilisateurs");
  if (!a.actif) return;
  await db.$transaction(async (tx) => {
    const n = await tx.abonnementWebhook.updateMany({ where: { id: abonnementId, actif: true }, data: { actif: false, desactiveLe: new Date() } });
    if (!n.count) return;
    await journaliser(tx, acteur, {
      action: "WEBHOOK_DESACTIVE",
      structureId: a.structureId,
      cible: { type: "AbonnementWebhook", id: abonnementId },
      avant: { url: a.url, actif: true },
      apres: { actif: false },
    });
  });
}
