import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ButtonsGroup } from "@codegouvfr/react-dsfr/ButtonsGroup";
import { CallOut } from "@codegouvfr/react-dsfr/CallOut";
import { Tile } from "@codegouvfr/react-dsfr/Tile";
import Companie from "@codegouvfr/react-dsfr/picto/Companie";
import DocumentAdd from "@codegouvfr/react-dsfr/picto/DocumentAdd";
import InProgress from "@codegouvfr/react-dsfr/picto/InProgress";
import Contract from "@codegouvfr/react-dsfr/picto/Contract";
import { SERVICE } from "@/components/ui/service";

export const metadata: Metadata = { title: { absolute: SERVICE.nom } };

const acteurs: { titre: string; texte: string }[] = [
  {
    titre: "Entreprises de travaux",
    texte:
      "Titulaires, cotraitants et sous-traitants d'un marché public de travaux : vous déposez vos projets " +
      "de décompte mensuel, vos projets de décompte final et vos demandes de paiement.",
  },
  {
    titre: "Maîtrise d'œuvre",
    texte:
      "Vous examinez les pièces déposées par les entreprises, les suspendez ou les refusez si nécessaire, " +
      "puis établissez l'état d'acompte et le transmettez à la maîtrise d'ouvrage.",
  },
  {
    titre: "Maîtrise d'ouvrage",
    texte:
      "Vous recevez les états d'acompte et les décomptes établis par la maîtrise d'œuvre, " +
      "les prenez en compte ou les renvoyez, et les transmettez au service chargé du paiement.",
  },
];

const etapes: { titre: string; texte: string; picto: ReactNode }[] = [
  {
    titre: "1. Créer son compte et rattacher sa structure",
    texte:
      "Renseignez vos informations personnelles et l'identifiant de votre structure (SIRET ou autre). " +
      "Activez ensuite votre compte grâce au lien reçu par courriel, valable 60 minutes.",
    picto: <Companie fontSize="5rem" />,
  },
  {
    titre: "2. Déposer une facture de travaux",
    texte:
      "Choisissez le cadre de facturation, désignez la maîtrise d'œuvre et la maîtrise d'ouvrage, " +
      "saisissez les montants et joignez vos pièces. Un certificat de dépôt vous est délivré.",
    picto: <DocumentAdd fontSize="5rem" />,
  },
  {
    titre: "3. Suivre son traitement",
    texte:
      "Consultez le statut de chaque pièce et l'historique de son traitement. Un courriel vous avertit " +
      "lorsqu'une pièce est mise à disposition, suspendue ou refusée.",
    picto: <InProgress fontSize="5rem" />,
  },
];

export default function AccueilPage() {
  return (
    <>
      <div className="fr-container fr-py-8w">
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--middle">
          <div className="fr-col-12 fr-col-md-8">
            <h1>{SERVICE.nom}</h1>
            <p className="fr-text--lead">
              Déposez vos factures de marchés publics de travaux — projets de décompte mensuel, états d&apos;acompte, projets de décompte final — et suivez leur
              traitement par la maîtrise d&apos;œuvre puis par la maîtrise d&apos;ouvrage.
            </p>
            <ButtonsGroup
              inlineLayoutWhen="sm and up"
              buttons={[
                { children: "Créer un compte", linkProps: { href: "/creer-un-compte" } },
                { children: "Se connecter", priority: "secondary", linkProps: { href: "/connexion" } },
              ]}
            />
          </div>
          <div className="fr-col-md-4 fr-hidden fr-unhidden-md fr-grid-row fr-grid-row--center">
            <Contract fontSize="12rem" />
          </div>
        </div>
      </div>

      <div className="fr-container fr-pb-8w">
        <h2>À qui s&apos;adresse le portail ?</h2>
        <div className="fr-grid-row fr-grid-row--gutters">
          {acteurs.map((acteur) => (
            <div key={acteur.titre} className="fr-col-12 fr-col-md-4">
              <h3 className="fr-h5">{acteur.titre}</h3>
              <p>{acteur.texte}</p>
            </div>
          ))}
        </div>
        <CallOut title="Vous êtes fournisseur ?" titleAs="h3" iconId="fr-icon-information-line">
          Créez votre compte pour votre propre entreprise : ne renseignez pas le numéro SIRET de votre client public, mais bien l&apos;identifiant de votre
          structure.
        </CallOut>
      </div>

      <div className="bandeau-alt">
        <div className="fr-container fr-py-8w">
          <h2>Comment ça marche</h2>
          <div className="fr-grid-row fr-grid-row--gutters">
            {etapes.map((etape) => (
              <div key={etape.titre} className="fr-col-12 fr-col-md-4">
                <Tile title={etape.titre} titleAs="h3" desc={etape.texte} pictogram={etape.picto} noIcon />
              </div>
            ))}
          </div>
        </div>
      </div>
    </>
  );
}
