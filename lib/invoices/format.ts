// Formatters are costly to build (tens of microseconds each): made once, used for every row of every list.
const formatDate = new Intl.DateTimeFormat("fr-FR", { timeZone: "UTC" });
const formatDateHeure = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", dateStyle: "short", timeStyle: "medium" });

/** Dates as the screens show them, in France's time zone (invoice dates are calendar dates: UTC). */
export const dateFr = (d: Date | null | undefined) => (d ? formatDate.format(d) : "");
export const dateHeureFr = (d: Date | null | undefined) => (d ? formatDateHeure.format(d) : "");
const formatJourParis = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris" });
/** The day of an instant in France (« 02/12/2026 »): a deadline counted from a date and time. */
export const jourFr = (d: Date | null | undefined) => (d ? formatJourParis.format(d) : "");
export const dateIso = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : "");
