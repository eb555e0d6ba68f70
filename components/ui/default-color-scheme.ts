import type { DefaultColorScheme } from "@codegouvfr/react-dsfr/next-app-router";

/**
 * Light theme, set on <html> by the server. Not "system": a server action that redirects re-mounts
 * the root layout, which drops the attributes react-dsfr sets on <html> in the browser; in "system"
 * mode that breaks its colour-scheme observer ("Wrong assertion encountered"). With "light" the
 * attributes come from the server props and survive. It also spares an inline script.
 */
export const defaultColorScheme: DefaultColorScheme = "light";
