import type { Metadata } from "next";
import { ExternalLink, LegalPage, MailLink } from "@/components/ui/legal-page";
import { SERVICE } from "@/components/ui/service";

const titre = "Déclaration d'accessibilité";

/**
 * What the automated accessibility tests cover and found (`npm run test:a11y`: tests/e2e/ecrans.spec.ts with axe-core
 * on each screen, tests/e2e/clavier.spec.ts). Updated with the tests: a new role or a large set of new screens changes it.
 */
const TESTS = {
  date: "3 décembre 2026",
  /** When the automated tests were put in place (their first findings, below). */
  misEnPlace: "2 décembre 2026",
  /** The screens' walk lists more than this many screens, each visited at both widths. */
  ecrans: "plus de 280",
  largeurs: "1 280 pixels (ordinateur) et 375 pixels (téléphone)",
  roles:
    "fournisseur, sous-traitant, maîtrise d'œuvre, agent et gestionnaire de la maîtrise d'ouvrage, service financier de la maîtrise d'ouvrage et administrateur du portail",
  outil: "axe-core 4.14.1 (Deque Systems)",
  navigateur: "Chromium",
} as const;

export const metadata: Metadata = { title: titre };

export default function AccessibilitePage() {
  return (
    <LegalPage title={titre} miseAJour={TESTS.date}>
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
        audit de conformité complet — les 106 critères du référentiel, vérifiés par une personne sur un échantillon de pages — n&apos;a encore été réalisé, et
        le taux de conformité n&apos;est donc pas établi.
      </p>
      <p>
        Le portail est construit avec le Système de design de l&apos;État (DSFR) et il est vérifié à chaque modification par les tests automatisés décrits
        ci-dessous. Ces tests ne couvrent qu&apos;une partie des critères du RGAA : ils ne suffisent pas à déclarer le portail partiellement ou totalement
        conforme. Un audit sera conduit et cette déclaration mise à jour avec ses résultats.
      </p>

      <h2>Résultats des tests</h2>
      <h3>Ce qui est testé</h3>
      <ul>
        <li>
          <strong>Les écrans</strong> : {TESTS.ecrans} écrans, chacun à deux largeurs — {TESTS.largeurs}. Les pages publiques (accueil, connexion, création de
          compte, mot de passe oublié, pages légales, liens d&apos;activation expirés, page introuvable) et, une fois connecté, les écrans de chaque rôle :{" "}
          {TESTS.roles}. Les écrans sont remplis de données de démonstration : une pièce à chaque statut, chaque étape de l&apos;assistant de dépôt, les
          dialogues de traitement ouverts, un envoi de fichier en cours. Et la référence de l&apos;API (<code>/api/docs</code>, Swagger UI), fermée et une
          opération ouverte.
        </li>
        <li>
          <strong>Les outils</strong> : {TESTS.outil}, avec les règles des WCAG 2.0 et 2.1, niveaux A et AA, exécuté dans le navigateur {TESTS.navigateur}{" "}
          piloté par Playwright ; et un contrôle propre au portail sur chaque écran : chaque bouton et chaque lien montre ses mots, aucun texte n&apos;est
          rogné, la page ne défile pas horizontalement, aucune petite cible (moins de 24 pixels) n&apos;est sans libellé visible.
        </li>
        <li>
          <strong>Le clavier</strong> : le dépôt complet d&apos;une facture, de la page de connexion jusqu&apos;au certificat de dépôt, sans souris. Chaque
          élément qui reçoit le focus le montre et se trouve à l&apos;écran, l&apos;ordre de tabulation suit l&apos;ordre de lecture, le dialogue de
          confirmation garde le focus et le rend au bouton qui l&apos;a ouvert, l&apos;ajout du fichier s&apos;ouvre au clavier et sa progression est annoncée
          aux lecteurs d&apos;écran ; un message d&apos;erreur est relié à son champ, qui reçoit le focus.
        </li>
      </ul>
      <h3>Comment</h3>
      <p>
        Ces tests sont automatiques : ils passent à chaque modification du portail, dans la suite de tests de l&apos;intégration continue, et une seule
        violation les fait échouer.
      </p>
      <h3>Résultat</h3>
      <p>
        À la mise en place de ces tests, le {TESTS.misEnPlace}, axe-core a relevé une violation, répétée sur chaque écran où l&apos;on est connecté : le nom
        accessible du lien « Notifications » de l&apos;en-tête ne reprenait pas son texte visible (critère 6.1 du RGAA, WCAG 2.5.3). Le test au clavier a relevé
        qu&apos;à l&apos;enregistrement d&apos;une facture incomplète, le focus n&apos;allait pas au premier champ en erreur dans l&apos;ordre de lecture. Ces
        deux défauts sont corrigés. La référence de l&apos;API, ajoutée aux tests le {TESTS.date}, en comptait une cinquantaine (couleurs trop claires, un lien
        dans chaque bouton d&apos;opération, des listes sans nom, des exemples défilants hors d&apos;atteinte du clavier) : corrigées. Depuis, une version du
        portail où ces outils relèvent une violation ne passe pas ses tests.
      </p>
      <h3>Ce que ces tests ne vérifient pas</h3>
      <p>
        La pertinence des textes (intitulés, alternatives, messages), la restitution par les lecteurs d&apos;écran (NVDA, JAWS, VoiceOver, TalkBack),
        l&apos;agrandissement du texte à 200 %, les préférences d&apos;affichage, et les critères qui demandent un jugement humain : ils relèvent de
        l&apos;audit à venir.
      </p>

      <h2>Contenus non accessibles</h2>
      <h3>Non-conformités</h3>
      <p>
        En l&apos;absence d&apos;audit complet, les non-conformités ne sont pas toutes recensées ; les tests automatisés n&apos;en détectent aucune. Les défauts
        qui nous sont signalés sont corrigés en priorité.
      </p>
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
      <p>Cette déclaration a été établie le {TESTS.date}, date de ses derniers tests.</p>
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
