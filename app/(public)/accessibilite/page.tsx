import type { Metadata } from "next";
import { ExternalLink, LegalPage, MailLink } from "@/components/ui/legal-page";
import { SERVICE } from "@/components/ui/service";

const titre = "Déclaration d'accessibilité";

export const metadata: Metadata = { title: titre };

export default function AccessibilitePage() {
  return (
    <LegalPage title={titre}>
      <p>
        L&apos;éditeur du portail, {SERVICE.editeurDansUnePhrase}, s&apos;engage à rendre ses services numériques accessibles, conformément à l&apos;article 47
        de la loi n° 2005-102 du 11 février 2005.
      </p>
      <p>
        Cette déclaration d&apos;accessibilité s&apos;applique au <strong>{SERVICE.nom}</strong>.
      </p>

      <h2>État de conformité</h2>
      <p>
        Le {SERVICE.nom} est <strong>non conforme</strong> avec le référentiel général d&apos;amélioration de l&apos;accessibilité (RGAA), version 4.1.2 : aucun
        audit de conformité n&apos;a encore été réalisé.
      </p>
      <p>
        Le portail est construit avec le Système de design de l&apos;État (DSFR), dont les composants intègrent les exigences d&apos;accessibilité. Un audit
        sera conduit et cette déclaration mise à jour avec ses résultats.
      </p>

      <h2>Contenus non accessibles</h2>
      <h3>Non-conformités</h3>
      <p>En l&apos;absence d&apos;audit, les non-conformités ne sont pas encore recensées. Les défauts qui nous sont signalés sont corrigés en priorité.</p>
      <h3>Dérogations pour charge disproportionnée</h3>
      <p>Aucune.</p>
      <h3>Contenus non soumis à l&apos;obligation d&apos;accessibilité</h3>
      <ul>
        <li>
          Les pièces jointes déposées par les utilisateurs (factures, décomptes, attestations) : ce sont des contenus de tiers, ni produits ni contrôlés par
          l&apos;éditeur.
        </li>
      </ul>

      <h2>Établissement de cette déclaration d&apos;accessibilité</h2>
      <p>Cette déclaration a été établie le {SERVICE.miseAJour}.</p>
      <h3>Technologies utilisées pour la réalisation du portail</h3>
      <ul>
        <li>HTML5</li>
        <li>CSS</li>
        <li>JavaScript (React, Next.js)</li>
        <li>Système de design de l&apos;État (DSFR)</li>
      </ul>

      <h2>Retour d&apos;information et contact</h2>
      <p>
        Si vous n&apos;arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter le responsable du portail pour être orienté vers une
        alternative accessible ou obtenir le contenu sous une autre forme :
      </p>
      <ul>
        <li>
          par courriel : <MailLink address={SERVICE.contact} /> ;
        </li>
        <li>
          par courrier : {SERVICE.editeur}, {SERVICE.nom}, {SERVICE.adresse.join(", ")}.
        </li>
      </ul>
      <p>Nous nous efforçons de répondre dans un délai de deux jours ouvrés.</p>

      <h2>Voies de recours</h2>
      <p>
        Si vous constatez un défaut d&apos;accessibilité vous empêchant d&apos;accéder à un contenu ou à une fonctionnalité du portail, que vous nous le
        signalez et que vous ne parvenez pas à obtenir une réponse rapide de notre part, vous êtes en droit de faire parvenir vos doléances ou une demande de
        saisine au Défenseur des droits. Plusieurs moyens sont à votre disposition :
      </p>
      <ul>
        <li>
          écrire un message au Défenseur des droits via le <ExternalLink href="https://formulaire.defenseurdesdroits.fr/">formulaire en ligne</ExternalLink> ;
        </li>
        <li>
          contacter <ExternalLink href="https://www.defenseurdesdroits.fr/saisir/delegues">le délégué du Défenseur des droits dans votre région</ExternalLink> ;
        </li>
        <li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li>
      </ul>
    </LegalPage>
  );
}
