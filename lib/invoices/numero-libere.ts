/**
 * A refused piece keeps its number taken (`numeroReserve`), unless its refusal said « Autoriser le fournisseur à
 * redéposer la pièce sous le même numéro »: then `numeroReserve` is null, and the depositor's next piece may carry
 * the number; when that piece is sent, the refused one becomes « Redéposée sous le même numéro après refus »
 * (`reprendreNumero`, lib/invoices/recyclage.ts). Client-safe: the words the screens and the history share.
 */

export const NUMERO_LIBERE = "Numéro libéré : le fournisseur peut redéposer la pièce sous le même numéro.";

/** The refusal's reason as its history row and mail keep it, saying the number is freed. */
export function avecNumeroLibere(motif: string | null): string {
  return motif ? `${motif}\n${NUMERO_LIBERE}` : NUMERO_LIBERE;
}
