import type { ReactNode } from "react";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { SERVICE } from "./service";

/** `miseAJour`: the page's own date when it changes apart from the others (the accessibility statement, with its tests). */
type Props = { title: string; children: ReactNode; miseAJour?: string };

/** Frame of the informational pages (accessibilité, mentions légales…): breadcrumb, one <h1>, text column. */
export function LegalPage({ title, children, miseAJour = SERVICE.miseAJour }: Props) {
  return (
    <div className="fr-container fr-mb-10w">
      <Breadcrumb currentPageLabel={title} homeLinkProps={{ href: "/" }} segments={[]} />
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-lg-9 texte-editorial">
          <h1>{title}</h1>
          {children}
          <p className="fr-text--sm fr-mt-6w">Dernière mise à jour : {miseAJour}.</p>
        </div>
      </div>
    </div>
  );
}

/** A link that leaves the portal: DSFR style and the « nouvelle fenêtre » warning. */
export function ExternalLink({ href, children }: { href: string; children: string }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" title={`${children} — nouvelle fenêtre`}>
      {children}
    </a>
  );
}

export function MailLink({ address }: { address: string }) {
  return <a href={`mailto:${address}`}>{address}</a>;
}
