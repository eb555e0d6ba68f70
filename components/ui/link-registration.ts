import type Link from "next/link";

/**
 * Tells react-dsfr's types that its `linkProps` are next/link props (the runtime registration is
 * done by `DsfrHead` and `DsfrProvider`).
 */
declare module "@codegouvfr/react-dsfr/next-app-router" {
  interface RegisterLink {
    Link: typeof Link;
  }
}
