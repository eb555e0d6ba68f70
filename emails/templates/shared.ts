/** A structure as the mails name it. `typeIdentifiant` is the label shown to users (« SIRET », « TVA intracommunautaire »…). */
export type StructureMail = { typeIdentifiant: string; identifiant: string; raisonSociale: string };

/** A person as the mails greet them. */
export type PersonneMail = { prenom: string; nom: string };

export function describeStructure(s: StructureMail): string {
  return `${s.raisonSociale} (${s.typeIdentifiant} ${s.identifiant})`;
}
