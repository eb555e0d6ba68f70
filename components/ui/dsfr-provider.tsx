"use client";

import Link from "next/link";
import { DsfrProviderBase, type DsfrProviderProps } from "@codegouvfr/react-dsfr/next-app-router";
import { defaultColorScheme } from "./default-color-scheme";

/** Client side of react-dsfr: starts the DSFR JavaScript and gives its components next/link. */
export function DsfrProvider(props: Omit<DsfrProviderProps, "defaultColorScheme">) {
  return <DsfrProviderBase {...props} Link={Link} defaultColorScheme={defaultColorScheme} />;
}
