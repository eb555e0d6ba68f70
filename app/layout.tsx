import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { SkipLinks } from "@codegouvfr/react-dsfr/SkipLinks";
import { DsfrHead, getHtmlAttributes } from "@/components/ui/dsfr-head";
import { DsfrProvider } from "@/components/ui/dsfr-provider";
import { StartDsfr } from "@/components/ui/start-dsfr";
import { SiteHeader } from "@/components/ui/site-header";
import { SiteFooter } from "@/components/ui/site-footer";
import { utilisateurEnTete } from "@/lib/notifications/en-tete";
import { signOutAction } from "@/components/ui/sign-out-action";
import { ANCHORS, SERVICE } from "@/components/ui/service";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: `%s — ${SERVICE.nom}`, default: SERVICE.nom },
  description:
    "Déposez vos factures de marchés publics de travaux (projets de décompte mensuel, états d'acompte…) " +
    "et suivez leur traitement par la maîtrise d'œuvre et la maîtrise d'ouvrage.",
  applicationName: SERVICE.nom,
};

const lang = "fr";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await utilisateurEnTete();
  // The nonce proxy.ts drew for this response: react-dsfr's inline script carries it (the policy allows no other).
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html {...getHtmlAttributes({ lang })}>
      <head>
        <DsfrHead nonce={nonce} preloadFonts={["Marianne-Regular", "Marianne-Medium", "Marianne-Bold"]} />
      </head>
      <body>
        <DsfrProvider lang={lang} doCheckNonce={nonce !== undefined}>
          <StartDsfr />
          <SkipLinks
            links={[
              { label: "Contenu", anchor: `#${ANCHORS.content}` },
              // The main menu only exists for a signed-in user: never point at a missing anchor.
              ...(user ? [{ label: "Menu", anchor: `#${ANCHORS.navigation}` }] : []),
              { label: "Pied de page", anchor: `#${ANCHORS.footer}` },
            ]}
          />
          <SiteHeader user={user} signOutAction={signOutAction} />
          <main id={ANCHORS.content} tabIndex={-1}>
            {children}
          </main>
          <SiteFooter />
        </DsfrProvider>
      </body>
    </html>
  );
}
