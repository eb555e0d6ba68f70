import type { Metadata } from "next";
import Link from "next/link";
import { ExternalLink, LegalPage, MailLink } from "@/components/ui/legal-page";
import { SERVICE } from "@/components/ui/service";

const titre = "Mentions légales";

export const metadata: Metadata = { title: titre };

export default function MentionsLegalesPage() {
  return (
    <LegalPage title={titre}>
      <h2>Éditeur du portail</h2>
      <p>Le {SERVICE.nom} est édité par :</p>
      <p>
        {SERVICE.editeur}
        {SERVICE.adresse.map((ligne) => (
          <span key={ligne}>
            <br />
            {ligne}
          </span>
        ))}
        <br />
        Courriel : <MailLink address={SERVICE.contact} />
      </p>

      <h2>Directeur de la publication</h2>
      <p>{SERVICE.directionPublication}.</p>

      <h2>Hébergement</h2>
      <p>{SERVICE.hebergement}</p>

      <h2>Accessibilité</h2>
      <p>
        Le portail est <strong>non conforme</strong> au référentiel général d&apos;amélioration de l&apos;accessibilité (RGAA). Le détail figure dans la{" "}
        <Link href="/accessibilite">déclaration d&apos;accessibilité</Link>.
      </p>

      <h2>Données personnelles et cookies</h2>
      <p>
        Le traitement des données personnelles des utilisateurs est décrit sur la page <Link href="/donnees-personnelles">Données personnelles</Link>.
      </p>
      <p>
        Le portail ne dépose que les cookies strictement nécessaires à son fonctionnement (maintien de la session après connexion, protection des formulaires).
        Ils sont exemptés de consentement. Aucun cookie de mesure d&apos;audience ni de traceur publicitaire n&apos;est utilisé.
      </p>

      <h2>Propriété intellectuelle et réutilisation des contenus</h2>
      <p>
        Sauf mention contraire, les contenus éditoriaux du portail sont publiés sous{" "}
        <ExternalLink href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/">licence Etalab 2.0</ExternalLink>. Ils peuvent être réutilisés librement,
        sous réserve d&apos;en mentionner la source.
      </p>
      <p>
        Le bloc-marque de l&apos;État (Marianne et devise « Liberté, Égalité, Fraternité ») et la police Marianne sont la propriété de l&apos;État et ne peuvent
        être réutilisés sans autorisation.
      </p>
      <p>
        Les pièces déposées par les utilisateurs (factures, décomptes, pièces jointes) restent la propriété de leurs auteurs. Elles ne sont accessibles
        qu&apos;aux acteurs du dossier de facturation concerné.
      </p>

      <h2>Liens hypertextes</h2>
      <p>
        Tout site public ou privé peut établir un lien vers le portail sans autorisation préalable, à condition de ne pas l&apos;ouvrir dans un cadre (« iframe
        ») d&apos;un autre site. L&apos;éditeur n&apos;est pas responsable du contenu des sites vers lesquels le portail renvoie.
      </p>

      <h2>Sécurité</h2>
      <p>
        Le portail est accessible par une connexion chiffrée (HTTPS). Aucun agent ne vous demandera votre mot de passe, ni par courriel, ni par téléphone.
        Signalez tout message suspect à <MailLink address={SERVICE.contact} />.
      </p>
    </LegalPage>
  );
}
