"use client";

import { StartDsfrOnHydration } from "@codegouvfr/react-dsfr/next-app-router";
import { RetourDuFocus } from "./retour-focus";

/** Runs the DSFR scripts (menus, modals, display settings) once React has hydrated the page; dialogs give the focus back. */
export function StartDsfr() {
  return (
    <>
      <StartDsfrOnHydration />
      <RetourDuFocus />
    </>
  );
}
