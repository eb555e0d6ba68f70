"use client";

import { StartDsfrOnHydration } from "@codegouvfr/react-dsfr/next-app-router";

/** Runs the DSFR scripts (menus, modals, display settings) once React has hydrated the page. */
export function StartDsfr() {
  return <StartDsfrOnHydration />;
}
