import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Acteur } from "@/lib/auth/acteur";

/**
 * The portal's notifications: each mail sent to a user is also written here (lib/mail/outbox.ts, in the
 * transaction of the change it reports). A user only ever sees and marks his own; every function checks it here.
 */

export const NOTIFICATIONS_PAR_PAGE = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type NotificationVue = { id: string; titre: string; message: string; lien: string | null; luLe: Date | null; createdAt: Date };

/** The actor's notifications, newest first, one page at a time, with how many are unread. */
export async function mesNotifications(acteur: Acteur, options: { page?: number } = {}) {
  const page = Math.max(1, Math.floor(options.page ?? 1) || 1);
  const where = { userId: acteur.userId };
  const [notifications, total, nonLues] = await Promise.all([
    db.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * NOTIFICATIONS_PAR_PAGE,
      take: NOTIFICATIONS_PAR_PAGE,
      select: { id: true, titre: true, message: true, lien: true, luLe: true, createdAt: true },
    }),
    db.notification.count({ where }),
    nombreNonLues(acteur),
  ]);
  return {
    notifications: notifications satisfies NotificationVue[],
    total,
    nonLues,
    page,
    pages: Math.max(1, Math.ceil(total / NOTIFICATIONS_PAR_PAGE)),
  };
}

/** How many of the actor's notifications are unread (index on userId, luLe). */
export function nombreNonLues(acteur: Pick<Acteur, "userId">): Promise<number> {
  return db.notification.count({ where: { userId: acteur.userId, luLe: null } });
}

/** Marks one notification as read; only its owner may (a notification that is not his is refused, unchanged). */
export async function marquerLue(acteur: Acteur, id: string, now = new Date()): Promise<void> {
  const notification = UUID.test(id) ? await db.notification.findUnique({ where: { id }, select: { userId: true } }) : null;
  if (!notification) throw new AppError("INTROUVABLE");
  if (notification.userId !== acteur.userId) throw new AppError("NON_AUTORISE");
  // Already read: keep the first reading's date.
  await db.notification.updateMany({ where: { id, userId: acteur.userId, luLe: null }, data: { luLe: now } });
}

/** Marks all the actor's unread notifications as read; returns how many. */
export async function marquerToutesLues(acteur: Acteur, now = new Date()): Promise<number> {
  const { count } = await db.notification.updateMany({ where: { userId: acteur.userId, luLe: null }, data: { luLe: now } });
  return count;
}
