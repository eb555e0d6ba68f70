import Link from "next/link";
import { DsfrHeadBase, createGetHtmlAttributes, type DsfrHeadProps } from "@codegouvfr/react-dsfr/next-app-router/server-only-index";
import { defaultColorScheme } from "./default-color-scheme";

/**
 * Server side of react-dsfr. `DsfrHeadBase` imports the DSFR stylesheet and icons (bundled by
 * Next.js from node_modules, so Marianne and the icons are served by the app), the favicons,
 * and registers next/link for the DSFR components rendered on the server.
 */
export const { getHtmlAttributes } = createGetHtmlAttributes({ defaultColorScheme });

export function DsfrHead(props: Omit<DsfrHeadProps, "Link">) {
  return <DsfrHeadBase Link={Link} {...props} />;
}
