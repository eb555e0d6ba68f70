import type { Metadata } from "next";
import Link from "next/link";
import { LegalPage, MailLink } from "@/components/ui/legal-page";
import { SERVICE } from "@/components/ui/service";

const titre = "Conditions générales d'utilisation";

export const metadata: Metadata = { title: titre };

export default function ConditionsGeneralesUtilisationPage() {
  return (
    <LegalPage title={titre}>
      <p>
        Les présentes conditions générales d&apos;utilisation (CGU) encadrent l&apos;utilisation du {SERVICE.nom}. Toute création de compte vaut acceptation des
        présentes conditions.
      </p>

      <h2>1. Objet du portail</h2>
      <p>
        Le {SERVICE.nom} permet aux entreprises titulaires, cotraitantes et sous-traitantes de marchés publics de travaux de déposer leurs pièces de facturation
        (projets de décompte mensuel, états d&apos;acompte, projets de décompte final, demandes de paiement…), à la maîtrise d&apos;œuvre de les traiter et
        d&apos;établir les états d&apos;acompte, et à la maîtrise d&apos;ouvrage de les recevoir.
      </p>
      <p>Seules les pièces déposées dans l&apos;espace « Factures de travaux » sont traitées par les destinataires.</p>

      <h2>2. Accès au portail</h2>
      <p>
        Le portail est accessible gratuitement, à toute heure, à toute personne disposant d&apos;un accès à Internet. L&apos;éditeur peut en interrompre
        l&apos;accès pour maintenance ou pour des raisons de sécurité, en informant les utilisateurs lorsque c&apos;est possible. Les pages d&apos;information
        sont librement consultables ; le dépôt et le traitement des factures nécessitent un compte.
      </p>

      <h2>3. Création et activation du compte</h2>
      <h3>3.1 Informations demandées</h3>
      <p>
        Pour créer un compte, l&apos;utilisateur renseigne son adresse électronique de connexion, ses prénom et nom, son numéro de téléphone et l&apos;e-mail du
        contact sur lequel il recevra les notifications, puis les informations sur sa structure. Il coche la case « J&apos;accepte les conditions » pour
        accepter les présentes CGU et la transmission de ses informations personnelles à {SERVICE.editeurDansUnePhrase}, dans les conditions décrites sur la
        page <Link href="/donnees-personnelles">Données personnelles</Link>.
      </p>
      <h3>3.2 Rattachement à une structure</h3>
      <p>
        Une structure correspond à une entité juridique, identifiée par son numéro SIRET ou par un autre type d&apos;identifiant. L&apos;utilisateur se rattache
        à la structure pour laquelle il travaille.
      </p>
      <div className="fr-highlight">
        <p>
          Un fournisseur inscrit sa propre entreprise : il ne doit pas renseigner le numéro SIRET de son client public, mais bien les informations relatives à
          son entreprise.
        </p>
      </div>
      <p>
        Si la structure existe déjà sur le portail, le compte est créé avec une demande de rattachement, soumise au gestionnaire de cette structure.
        L&apos;inscription ne peut être finalisée tant que cette demande n&apos;a pas été validée.
      </p>
      <h3>3.3 Activation</h3>
      <p>
        Un courriel contenant un lien d&apos;activation est envoyé à l&apos;adresse électronique de connexion. L&apos;utilisateur dispose de{" "}
        <strong>60 minutes</strong> pour activer son compte ; passé ce délai, le lien n&apos;est plus valable.
      </p>

      <h2>4. Mot de passe</h2>
      <p>Lors de l&apos;activation, l&apos;utilisateur choisit un mot de passe qui comporte :</p>
      <ul>
        <li>12 caractères minimum ;</li>
        <li>au moins 3 types de caractères parmi les 4 suivants : majuscules, minuscules, chiffres, caractères spéciaux.</li>
      </ul>
      <p>
        Le mot de passe est personnel et confidentiel. L&apos;utilisateur ne le communique à personne, y compris à un collègue de sa structure, et le modifie
        sans délai s&apos;il soupçonne qu&apos;il a été divulgué. Aucun agent ne lui demandera jamais son mot de passe.
      </p>

      <h2>5. Obligations de l&apos;utilisateur</h2>
      <p>L&apos;utilisateur s&apos;engage à :</p>
      <ul>
        <li>fournir des informations exactes et à jour sur lui-même et sur sa structure ;</li>
        <li>n&apos;agir que pour les structures auxquelles il est rattaché, dans la limite de ses droits ;</li>
        <li>déposer des pièces sincères et complètes, adressées aux bons destinataires ;</li>
        <li>ne déposer aucun fichier malveillant et ne pas porter atteinte au fonctionnement ou à la sécurité du portail ;</li>
        <li>signaler sans délai tout usage frauduleux de son compte.</li>
      </ul>
      <p>
        Les gestionnaires d&apos;une structure valident les demandes de rattachement et désactivent les comptes des personnes qui ne travaillent plus pour elle.
      </p>

      <h2>6. Responsabilités</h2>
      <p>
        L&apos;utilisateur est responsable des informations et des pièces qu&apos;il dépose, ainsi que de l&apos;usage fait de son compte. Le dépôt d&apos;une
        pièce sur le portail ne préjuge ni de sa recevabilité ni de son paiement, qui relèvent des règles du marché concerné.
      </p>
      <p>
        L&apos;éditeur met en œuvre les moyens nécessaires pour assurer la disponibilité et la sécurité du portail, sans pouvoir garantir une disponibilité
        continue. Il ne saurait être tenu responsable d&apos;une indisponibilité temporaire, ni d&apos;un dommage résultant d&apos;une utilisation du portail
        non conforme aux présentes conditions.
      </p>
      <p>En cas de manquement aux présentes conditions, l&apos;éditeur peut suspendre ou supprimer le compte concerné.</p>

      <h2>7. Évolution des conditions</h2>
      <p>
        Les présentes conditions peuvent être modifiées pour tenir compte de l&apos;évolution du portail ou de la réglementation. La version en vigueur est
        celle publiée sur cette page.
      </p>

      <h2>8. Contact</h2>
      <p>
        Pour toute question sur le portail ou sur ces conditions : <MailLink address={SERVICE.contact} />.
      </p>
    </LegalPage>
  );
}
