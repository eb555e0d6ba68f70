/** Dates as the screens show them, in France's time zone (invoice dates are calendar dates: UTC). */
export const dateFr = (d: Date | null | undefined) => (d ? new Intl.DateTimeFormat("fr-FR", { timeZone: "UTC" }).format(d) : "");
export const dateHeureFr = (d: Date | null | undefined) =>
  d ? new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", dateStyle: "short", timeStyle: "medium" }).format(d) : "";
export const dateIso = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : "");
