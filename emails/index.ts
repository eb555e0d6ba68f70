import type { MailTemplate } from "./template";
import { acheteurPublicDecision } from "./templates/acheteur-public-decision";
import { acheteurPublicDemande } from "./templates/acheteur-public-demande";
import { activation } from "./templates/activation";
import { alerteConnexion } from "./templates/alerte-connexion";
import { motDePasseModifie } from "./templates/mot-de-passe-modifie";
import { emailContactModifie } from "./templates/email-contact-modifie";
import { compteCree } from "./templates/compte-cree";
import { confirmationEmailContact } from "./templates/confirmation-email-contact";
import { delaiTaciteEchu } from "./templates/delai-tacite-echu";
import { delaiTitulaireDepasse } from "./templates/delai-titulaire-depasse";
import { depotPourCotraitant } from "./templates/depot-pour-cotraitant";
import { relanceTitulaire } from "./templates/relance-titulaire";
import { demandeRattachement } from "./templates/demande-rattachement";
import { depotFactureTravaux } from "./templates/depot-facture-travaux";
import { motDePasseOublie } from "./templates/mot-de-passe-oublie";
import { pieceTravauxATraiter } from "./templates/piece-travaux-a-traiter";
import { rattachementRefuse } from "./templates/rattachement-refuse";
import { rattachementValide } from "./templates/rattachement-valide";
import { statutPieceTravaux } from "./templates/statut-piece-travaux";
import { serviceFinancierPieceTravaux } from "./templates/service-financier-piece-travaux";
import { structureAdministration } from "./templates/structure-administration";
import { invitation } from "./templates/invitation";

/**
 * Every mail the portal sends, by the name stored in OutboxMail.template.
 * To add one: write emails/templates/<nom>.tsx with `defineTemplate<Data>({ subject, body })`, then list it here.
 */
export const templates = {
  "compte-cree": compteCree,
  activation,
  "demande-rattachement": demandeRattachement,
  "rattachement-valide": rattachementValide,
  "rattachement-refuse": rattachementRefuse,
  "mot-de-passe-oublie": motDePasseOublie,
  "depot-facture-travaux": depotFactureTravaux,
  "piece-travaux-a-traiter": pieceTravauxATraiter,
  "statut-piece-travaux": statutPieceTravaux,
  "service-financier-piece-travaux": serviceFinancierPieceTravaux,
  "delai-tacite-echu": delaiTaciteEchu,
  "relance-titulaire": relanceTitulaire,
  "delai-titulaire-depasse": delaiTitulaireDepasse,
  "depot-pour-cotraitant": depotPourCotraitant,
  "alerte-connexion": alerteConnexion,
  "mot-de-passe-modifie": motDePasseModifie,
  "email-contact-modifie": emailContactModifie,
  "acheteur-public-demande": acheteurPublicDemande,
  "acheteur-public-decision": acheteurPublicDecision,
  "structure-administration": structureAdministration,
  "confirmation-email-contact": confirmationEmailContact,
  invitation,
} satisfies Record<string, MailTemplate<never>>;

export type TemplateName = keyof typeof templates;
export type TemplateData<N extends TemplateName> = (typeof templates)[N] extends MailTemplate<infer D> ? D : never;

export type { MailContext, MailTemplate } from "./template";
export type { ActivationData } from "./templates/activation";
export type { CompteCreeData } from "./templates/compte-cree";
export type { ConfirmationEmailContactData } from "./templates/confirmation-email-contact";
export type { DelaiTaciteEchuData } from "./templates/delai-tacite-echu";
export type { DelaiTitulaireDepasseData } from "./templates/delai-titulaire-depasse";
export type { DepotPourCotraitantData } from "./templates/depot-pour-cotraitant";
export type { RelanceTitulaireData } from "./templates/relance-titulaire";
export type { DemandeRattachementData } from "./templates/demande-rattachement";
export type { DepotFactureTravauxData, PieceMail } from "./templates/depot-facture-travaux";
export type { PieceTravauxATraiterData } from "./templates/piece-travaux-a-traiter";
export type { StatutPieceTravauxData } from "./templates/statut-piece-travaux";
export type { ServiceFinancierPieceTravauxData } from "./templates/service-financier-piece-travaux";
export type { MotDePasseOublieData } from "./templates/mot-de-passe-oublie";
export type { RattachementRefuseData } from "./templates/rattachement-refuse";
export type { RattachementValideData } from "./templates/rattachement-valide";
export type { PersonneMail, StructureMail } from "./templates/shared";
export type { AlerteConnexionData } from "./templates/alerte-connexion";
export type { MotDePasseModifieData } from "./templates/mot-de-passe-modifie";
export type { EmailContactModifieData } from "./templates/email-contact-modifie";
export type { AcheteurPublicDecisionData } from "./templates/acheteur-public-decision";
export type { AcheteurPublicDemandeData } from "./templates/acheteur-public-demande";
export type { StructureAdministrationData } from "./templates/structure-administration";
