import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Work to do once the current transaction has committed (metrics counting what it changed): `db.$transaction`
 * (lib/db.ts) runs its callback with a list of its own here, and runs the list after the commit; a rollback drops
 * it. Outside a transaction the work runs at once (the statement it follows is already committed).
 */
type Apres = (() => void)[];

const globaux = globalThis as typeof globalThis & { __portailApresCommit?: AsyncLocalStorage<Apres> };
globaux.__portailApresCommit ??= new AsyncLocalStorage<Apres>();
const stockage = globaux.__portailApresCommit;

/** Runs `f` after the commit of the transaction in progress (at once outside one). `f` must not throw. */
export function apresCommit(f: () => void): void {
  const liste = stockage.getStore();
  if (liste) liste.push(f);
  else f();
}

/** Runs the transaction `executer` with a list of its own, then that list once it has committed. */
export async function avecApresCommit<T>(executer: (enveloppe: <R>(f: () => R) => R) => Promise<T>): Promise<T> {
  const liste: Apres = [];
  const resultat = await executer((f) => stockage.run(liste, f));
  for (const f of liste) {
    try {
      f();
    } catch {
      // Counting never fails the request.
    }
  }
  return resultat;
}
