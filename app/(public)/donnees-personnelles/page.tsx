import type { Metadata } from "next";
import { Tableau } from "@/components/ui/tableau";
import { ExternalLink, LegalPage, MailLink } from "@/components/ui/legal-page";
import { SERVICE } from "@/components/ui/service";

const titre = "Données personnelles";

export const metadata: Metadata = { title: titre };

export default function DonneesPersonnellesPage() {
  return (
    <LegalPage title={titre}>
      <p>
        Cette page décrit comment le {SERVICE.nom} traite vos données personnelles, conformément au règlement général sur la protection des données (RGPD) et à
        la loi n° 78-17 du 6 janvier 1978 relative à l&apos;informatique, aux fichiers et aux libertés.
      </p>

      <h2>Responsable du traitement</h2>
      <p>
        Le responsable du traitement est {SERVICE.editeurDansUnePhrase}, {SERVICE.adresse.join(", ")}.
      </p>

      <h2>Données traitées</h2>
      <ul>
        <li>votre identité : prénom et nom ;</li>
        <li>votre adresse électronique de connexion ;</li>
        <li>votre numéro de téléphone ;</li>
        <li>l&apos;e-mail du contact, sur lequel vous recevez les notifications du portail ;</li>
        <li>votre structure (identifiant, raison sociale, adresse) et votre rôle au sein de celle-ci (gestionnaire ou utilisateur) ;</li>
        <li>votre mot de passe, conservé uniquement sous une forme chiffrée irréversible, jamais en clair ;</li>
        <li>les actions que vous réalisez sur les pièces de facturation (dépôt, suspension, refus, transmission), avec leur date et leur commentaire ;</li>
        <li>les données techniques de connexion (date, heure, adresse IP).</li>
      </ul>

      <h2>Finalités</h2>
      <p>Ces données sont utilisées pour :</p>
      <ul>
        <li>créer votre compte et le rattacher à votre structure ;</li>
        <li>permettre le dépôt des factures de travaux, leur traitement par la maîtrise d&apos;œuvre et leur transmission à la maîtrise d&apos;ouvrage ;</li>
        <li>vous informer par courriel de l&apos;avancement du traitement de vos pièces ;</li>
        <li>conserver l&apos;historique du traitement de chaque pièce ;</li>
        <li>assurer la sécurité du portail et prévenir les usages abusifs.</li>
      </ul>

      <h2>Base légale</h2>
      <p>
        Le traitement est nécessaire à l&apos;exécution d&apos;une mission d&apos;intérêt public (article 6, paragraphe 1, point e du RGPD) : la transmission et
        le traitement dématérialisés des factures des marchés publics, prévus par le code de la commande publique (articles L. 2192-1 et suivants). La
        conservation des pièces de facturation répond en outre à une obligation légale (article 6, paragraphe 1, point c du RGPD).
      </p>
      <p>
        En cochant la case « J&apos;accepte les conditions » lors de la création de votre compte, vous acceptez de transmettre ces informations à{" "}
        {SERVICE.editeurDansUnePhrase}.
      </p>

      <h2>Durées de conservation</h2>
      <Tableau
        legende="Durée de conservation par catégorie de données"
        entetes={["Données", "Durée de conservation"]}
        lignes={[
          ["Compte utilisateur (identité, coordonnées, structure, rôle)", "Pendant l'utilisation du compte, puis 3 ans après la dernière connexion"],
          ["Demande de création de compte non activée", "30 jours après la demande"],
          ["Pièces de facturation et historique de leur traitement", "10 ans à compter de la clôture de l'exercice comptable concerné"],
          ["Données techniques de connexion", "1 an"],
        ]}
      />

      <h2>Destinataires</h2>
      <p>Ont accès à vos données, dans la limite de ce qui leur est nécessaire :</p>
      <ul>
        <li>les gestionnaires de votre structure ;</li>
        <li>
          les utilisateurs des structures parties à un même dossier de facturation (entreprise, maîtrise d&apos;œuvre, maîtrise d&apos;ouvrage), qui voient
          l&apos;auteur des pièces et des actions ;
        </li>
        <li>les agents habilités chargés de l&apos;exploitation et de l&apos;assistance du portail ;</li>
        <li>l&apos;hébergeur, en qualité de sous-traitant.</li>
      </ul>
      <p>
        Vos données sont hébergées en France. Elles ne font l&apos;objet d&apos;aucun transfert hors de l&apos;Union européenne et ne sont ni cédées ni
        utilisées à des fins commerciales.
      </p>

      <h2>Cookies</h2>
      <p>
        Le portail n&apos;utilise que des cookies strictement nécessaires à son fonctionnement (session de connexion, protection des formulaires), exemptés de
        consentement. Aucun cookie de mesure d&apos;audience ni de traceur publicitaire n&apos;est déposé.
      </p>

      <h2>Vos droits</h2>
      <p>
        Vous disposez d&apos;un droit d&apos;accès, de rectification, d&apos;effacement (dans la limite des obligations de conservation), de limitation et
        d&apos;opposition au traitement de vos données, ainsi que du droit de définir des directives relatives à leur sort après votre décès.
      </p>
      <p>
        Vous pouvez corriger vous-même la plupart de vos informations depuis la page « Mon compte ». Pour exercer vos autres droits, écrivez au délégué à la
        protection des données (voir ci-dessous).
      </p>
      <p>
        Si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la{" "}
        <ExternalLink href="https://www.cnil.fr/fr/plaintes">Commission nationale de l&apos;informatique et des libertés (CNIL)</ExternalLink>.
      </p>

      <h2>Délégué à la protection des données</h2>
      <p>
        Courriel : <MailLink address={SERVICE.dpo} />
        <br />
        Courrier : Délégué à la protection des données, {SERVICE.editeur}, {SERVICE.adresse.join(", ")}.
      </p>
    </LegalPage>
  );
}
