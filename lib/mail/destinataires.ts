import type { Client } from "@/lib/db";
import type { Prisma, StructureRole } from "@/lib/generated/prisma/client";

/**
 * Who of a structure gets the mails addressed to the structure: its members whose attachment is validated and whose
 * account is active, by user id (lib/mail/outbox.ts resolves each one's address and writes his notification). Never
 * an address: a mail « to the structure » reaches its members, not whoever typed one of their addresses somewhere.
 */
export const MEMBRES_DESTINATAIRES = {
  where: { status: "VALIDEE", user: { status: "ACTIF" } },
  select: { user: { select: { id: true, firstName: true, lastName: true } } },
} as const satisfies Prisma.MembershipFindManyArgs;

/** A recipient user: his id, and his name for the greeting. */
export type Destinataire = { id: string; firstName: string; lastName: string };

/**
 * The recipients of mails to these structures (optionally only the members with one of `roles`), in one query, each
 * user once (the first structure named keeps him). Read with the structure instead when it is loaded anyway
 * (`memberships: MEMBRES_DESTINATAIRES`).
 */
export async function destinatairesDe(
  tx: Client,
  structureIds: readonly (string | null | undefined)[],
  o: {
    roles?: readonly StructureRole[];
    /** Only the members this clause keeps (a piece's mail: those who see it, `membresVoyant` of lib/invoices/acces.ts). */
    membres?: Prisma.MembershipWhereInput;
  } = {},
): Promise<Destinataire[]> {
  const ids = [...new Set(structureIds.filter((s): s is string => !!s))];
  if (ids.length === 0) return [];
  const rows = await tx.membership.findMany({
    where: {
      structureId: { in: ids },
      ...MEMBRES_DESTINATAIRES.where,
      ...(o.roles ? { role: { in: [...o.roles] } } : {}),
      ...(o.membres ? { AND: [o.membres] } : {}),
    },
    select: { structureId: true, ...MEMBRES_DESTINATAIRES.select },
    orderBy: { createdAt: "asc" },
  });
  rows.sort((a, b) => ids.indexOf(a.structureId) - ids.indexOf(b.structureId));
  const vus = new Set<string>();
  return rows
    .map((r) => r.user)
    .filter((u) => {
      if (vus.has(u.id)) return false;
      vus.add(u.id);
      return true;
    });
}
