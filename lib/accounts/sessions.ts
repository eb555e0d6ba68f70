import type { Client } from "@/lib/db";

/**
 * Ends every session of these users: their `sessionVersion` moves on, and a session token carrying the old one
 * gives no actor from its next request (lib/auth/session.ts). Called, in the transaction of its cause, on a new
 * password (reset, change), on « Se déconnecter de tous les appareils », when a manager deactivates the user or
 * refuses his attachment request, when a structure he belongs to is deactivated.
 */
export async function revoquerSessions(tx: Client, userIds: string | readonly string[]): Promise<void> {
  const ids = [...new Set(typeof userIds === "string" ? [userIds] : userIds)];
  if (ids.length === 0) return;
  await tx.user.updateMany({ where: { id: { in: ids } }, data: { sessionVersion: { increment: 1 } } });
}
