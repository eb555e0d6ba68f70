import type { Client, Tx } from "@/lib/db";
import type { StructureMail } from "@/emails/templates/shared";
import { AppError } from "@/lib/errors";
import type { Structure } from "@/lib/generated/prisma/client";
import { IDENTIFIER_TYPES } from "@/lib/identifiers";
import { type Destinataire, destinatairesDe } from "@/lib/mail/destinataires";
import { queueMails, type UnMail } from "@/lib/mail/outbox";
import { ROLES_GESTIONNAIRES } from "./regles";

/** A structure as the mails name it (type of identifier, identifier, raison sociale). */
export function structureMail(s: Pick<Structure, "identifierType" | "identifier" | "raisonSociale">): StructureMail {
  return { typeIdentifiant: IDENTIFIER_TYPES[s.identifierType].label, identifiant: s.identifier, raisonSociale: s.raisonSociale };
}

/** Locks the structure's row for the transaction (changes to one structure then run one at a time) and reads it. */
export async function verrouillerStructure(tx: Tx, structureId: string): Promise<Structure> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Structure" WHERE id = ${structureId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new AppError("INTROUVABLE");
  return tx.structure.findUniqueOrThrow({ where: { id: structureId } });
}

/** The structure's managers (gestionnaires principal and secondaires, validated, active accounts), by user id. */
export function gestionnairesDe(tx: Client, structureId: string): Promise<Destinataire[]> {
  return destinatairesDe(tx, [structureId], { roles: ROLES_GESTIONNAIRES });
}

/**
 * One mail to each manager of the structure, in the caller's transaction; `aussi`: users told as well although no
 * longer managers (a previous gestionnaire principal an administrator has just deactivated), each once.
 */
export async function envoyerAuxGestionnaires(
  tx: Tx,
  structureId: string,
  mail: (g: Destinataire) => UnMail,
  o: { aussi?: readonly string[] } = {},
): Promise<void> {
  const gestionnaires = await gestionnairesDe(tx, structureId);
  const vus = new Set(gestionnaires.map((g) => g.id));
  const autres = (o.aussi ?? []).filter((id) => !vus.has(id));
  const supplementaires = autres.length
    ? await tx.user.findMany({ where: { id: { in: autres }, status: "ACTIF" }, select: { id: true, firstName: true, lastName: true } })
    : [];
  await queueMails(tx, [...gestionnaires, ...supplementaires].map(mail));
}

/** « Demande de rattachement »: the structure's managers are told who asks (account activation, « Mes structures »). */
export function annoncerDemandeRattachement(
  tx: Tx,
  structure: Pick<Structure, "id" | "identifierType" | "identifier" | "raisonSociale">,
  demandeur: { firstName: string; lastName: string; email: string },
): Promise<void> {
  return envoyerAuxGestionnaires(tx, structure.id, (g) => ({
    userId: g.id,
    template: "demande-rattachement",
    data: { demandeur: { prenom: demandeur.firstName, nom: demandeur.lastName, email: demandeur.email }, structure: structureMail(structure) },
  }));
}
