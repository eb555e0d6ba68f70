import { Footer } from "@codegouvfr/react-dsfr/Footer";
import { ANCHORS, SERVICE, brandTop, homeLinkProps } from "./service";

export function SiteFooter() {
  return (
    <Footer
      id={ANCHORS.footer}
      brandTop={brandTop}
      homeLinkProps={homeLinkProps}
      accessibility="non compliant"
      accessibilityLinkProps={{ href: "/accessibilite" }}
      termsLinkProps={{ href: "/mentions-legales" }}
      contentDescription={
        `Le ${SERVICE.nom} permet aux entreprises titulaires de marchés publics de travaux de déposer ` +
        "leurs factures et de suivre leur traitement par la maîtrise d'œuvre et la maîtrise d'ouvrage."
      }
      bottomItems={[
        { text: "Données personnelles", linkProps: { href: "/donnees-personnelles" } },
        { text: "Conditions générales d'utilisation", linkProps: { href: "/conditions-generales-utilisation" } },
      ]}
    />
  );
}
