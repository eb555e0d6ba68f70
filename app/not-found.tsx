import type { Metadata } from "next";
import { ButtonsGroup } from "@codegouvfr/react-dsfr/ButtonsGroup";
import { StatusPage } from "@/components/ui/status-page";
import { SERVICE } from "@/components/ui/service";

export const metadata: Metadata = { title: "Page non trouvée" };

export default function NotFound() {
  return (
    <StatusPage
      title="Page non trouvée"
      code="Erreur 404"
      message="La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée."
      actions={
        <ButtonsGroup
          inlineLayoutWhen="md and up"
          buttons={[
            { children: "Page d'accueil", linkProps: { href: "/" } },
            { children: "Contactez-nous", priority: "secondary", linkProps: { href: `mailto:${SERVICE.contact}` } },
          ]}
        />
      }
    >
      <p>Si vous avez tapé l&apos;adresse web dans le navigateur, vérifiez qu&apos;elle est correcte. La page n&apos;est peut-être plus disponible.</p>
      <p>
        Dans ce cas, pour continuer votre visite, vous pouvez consulter la page d&apos;accueil, ou nous contacter pour que nous puissions vous rediriger vers la
        bonne information.
      </p>
    </StatusPage>
  );
}
