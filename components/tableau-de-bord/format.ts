import { formaterMontantDevise } from "@/lib/invoices/montants";

/** How a chart's values read: cents shown in euros, a count, a number of days. */
export type FormatValeur = "euros" | "nombre" | "jours";

const entier = new Intl.NumberFormat("fr-FR");
const decimal = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

/** A value as the tooltip and the tables say it (« 12 345,67 € », « 3 », « 2,5 jours »). Shared by the server's tables and the client's charts. */
export function formaterValeur(v: number | null | undefined, format: FormatValeur): string {
  if (v === null || v === undefined) return "—";
  if (format === "euros") return formaterMontantDevise(Math.round(v), "EUR");
  if (format === "jours") return `${decimal.format(v)} jour${Math.abs(v) >= 2 ? "s" : ""}`;
  return entier.format(v);
}
