/**
 * Who publishes the portal and how to reach them: shown in the header, the footer and the legal
 * pages. One place, so that the operator changes it once.
 */
export const SERVICE = {
  nom: "Portail des factures de travaux",
  slogan: "Dépôt et traitement des factures de marchés de travaux",
  editeur: "Ministère chargé du Budget",
  /** The same, inside a sentence. */
  editeurDansUnePhrase: "le ministère chargé du Budget",
  adresse: ["139, rue de Bercy", "75572 Paris Cedex 12"],
  directionPublication: "Le secrétaire général du ministère chargé du Budget",
  contact: "contact@factures-travaux.example.gouv.fr",
  dpo: "dpo@factures-travaux.example.gouv.fr",
  hebergement:
    "Le portail est hébergé en France, sur l'infrastructure exploitée pour le compte de l'éditeur ; " +
    "les données sont conservées dans des centres de données situés en France.",
  /** Date of the accessibility statement and of the last update of the legal pages. */
  miseAJour: "27 novembre 2026",
} as const;

export const brandTop = (
  <>
    République
    <br />
    Française
  </>
);

export const homeLinkProps = { href: "/", title: `Accueil — ${SERVICE.nom}` };

/** Targets of the skip links (« Contenu », « Menu », « Pied de page »). */
export const ANCHORS = { content: "contenu", navigation: "header-navigation", footer: "footer" } as const;
