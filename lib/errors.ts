/**
 * Domain errors carry a code; the French message shown to the user lives here, in one place.
 * Server actions turn them into `{ ok: false, message, fieldErrors }`.
 */
export const MESSAGES = {
  EMAIL_DEJA_UTILISE: "Un compte existe déjà avec cette adresse électronique de connexion.",
  CAPTCHA_INVALIDE: "La suite de caractères saisie ne correspond pas à l'image. Un nouveau captcha vous est proposé.",
  CAPTCHA_EXPIRE: "Le captcha a expiré ou a déjà été utilisé. Un nouveau captcha vous est proposé.",
  CAPTCHA_NON_VALIDE: "Veuillez reproduire la suite de caractères puis cliquer sur « Valider le Captcha ».",
  SIRET_INCONNU: "Ce numéro SIRET est introuvable dans le répertoire de l'INSEE. Vérifiez le numéro saisi.",
  SIRET_FERME: "Cet établissement est fermé dans le répertoire de l'INSEE (état administratif « Fermé ») : il ne peut pas être rattaché sur le portail.",
  LIEN_INVALIDE: "Ce lien n'est pas valide. Vérifiez que vous avez copié l'adresse complète du courriel.",
  LIEN_EXPIRE: "Ce lien a expiré : il n'était valable que 60 minutes. Demandez un nouveau lien ci-dessous.",
  LIEN_UTILISE: "Ce lien a déjà été utilisé. Si vous n'avez pas encore de mot de passe, demandez un nouveau lien ci-dessous.",
  MOT_DE_PASSE_FAIBLE:
    "Le mot de passe ne respecte pas les règles de sécurité : 12 caractères minimum, dont 3 types parmi majuscules, minuscules, chiffres et caractères spéciaux.",
  // The one answer to every refused sign-in (unknown address, wrong password, account not activated, deactivated or
  // locked): the page says nothing about the account; its owner is told by mail (lib/accounts/connexion.ts).
  IDENTIFIANTS_INVALIDES:
    "Adresse électronique ou mot de passe incorrect, ou compte indisponible. Vérifiez votre saisie ou utilisez « Mot de passe oublié » ; si votre compte est verrouillé, désactivé ou pas encore activé, un courriel vous en informe.",
  COMPTE_NON_ACTIVE: "Votre compte n'est pas encore activé : utilisez le lien reçu par courriel, ou demandez-en un nouveau.",
  COMPTE_VERROUILLE: "Trop de tentatives infructueuses : votre compte est verrouillé temporairement. Réessayez plus tard ou utilisez « Mot de passe oublié ».",
  COMPTE_DESACTIVE: "Ce compte est désactivé. Contactez le gestionnaire de votre structure.",
  NON_AUTORISE: "Vous n'avez pas les droits nécessaires pour effectuer cette action.",
  NON_CONNECTE: "Vous devez être connecté pour effectuer cette action.",
  INTROUVABLE: "L'élément demandé est introuvable.",
  DEJA_TRAITE: "Cette demande a déjà été traitée.",
  MOTIF_OBLIGATOIRE: "Le motif du refus est obligatoire.",
  STRUCTURE_DEJA_PRESENTE: "Cette structure est déjà présente sur le portail.",
  DEJA_RATTACHE: "Vous êtes déjà rattaché à cette structure, ou une demande est en cours.",
  RATTACHEMENT_NON_VALIDE: "Votre rattachement à cette structure n'est pas (ou plus) validé : ses fonctionnalités ne vous sont pas accessibles.",
  DERNIER_GESTIONNAIRE_PRINCIPAL:
    "La structure doit toujours garder au moins un gestionnaire principal actif : désignez-en un autre avant de modifier ou de désactiver celui-ci.",
  CODE_SERVICE_DEJA_UTILISE: "Ce code est déjà utilisé par un autre service de la structure.",
  STRUCTURE_INACTIVE: "Cette structure n'est plus active sur le portail.",
  // Factures de travaux
  STRUCTURE_NON_VALIDEE: "Votre rattachement à cette structure n'est pas encore validé : ses fonctionnalités ne vous sont pas encore accessibles.",
  CADRE_NON_AUTORISE: "Ce cadre de facturation n'est pas proposé à votre structure.",
  PIECE_NON_MODIFIABLE: "Cette pièce a déjà été envoyée : elle ne peut plus être modifiée.",
  PIECE_MODIFIEE: "Cette pièce vient d'être modifiée par ailleurs : rechargez la page et recommencez.",
  CHAMP_OBLIGATOIRE: "Un champ obligatoire est manquant sur la facture.",
  STRUCTURE_HORS_PORTAIL: "Aucune structure n'est inscrite sur le portail avec ce numéro SIRET.",
  ESPACE_MOE_FERME: "La maîtrise d'œuvre n'a pas ouvert l'espace « Factures de travaux » pour recevoir votre facture.",
  MOA_NON_PUBLIQUE: "Cette structure n'est pas une maîtrise d'ouvrage publique : elle ne peut pas être destinataire de la facture.",
  SERVICE_MOA_INVALIDE: "Le service de la maîtrise d'ouvrage n'existe pas ou n'est plus actif : sélectionnez-en un autre.",
  NUMERO_EN_DOUBLE:
    "Ce numéro de facture a déjà été utilisé par votre structure cette année : chaque facture déposée doit avoir un numéro unique par année de création.",
  FICHIER_REFUSE: "Ce fichier ne peut pas être joint.",
  TAILLE_PIECE_DEPASSEE: "La facture et ses pièces jointes ne peuvent dépasser 120 Mo au total.",
  TELECHARGEMENT_TROP_VOLUMINEUX: "Un téléchargement groupé ne peut dépasser 120 Mo : sélectionnez moins de pièces, ou téléchargez-les une à une.",
  SELECTION_VIDE: "Cochez au moins une pièce à télécharger.",
  FACTURE_PDF_MANQUANTE: "Joignez la facture elle-même, au format PDF, avant d'envoyer.",
  PIECE_INCOMPLETE: "La pièce ne peut pas être envoyée : complétez les informations signalées.",
  SAISIE_INVALIDE: "Certains champs sont invalides : corrigez les erreurs signalées.",
  ACTION_IMPOSSIBLE: "Cette action n'est pas possible sur la pièce dans son statut actuel.",
  MOTIF_TRAITEMENT_OBLIGATOIRE: "Le motif est obligatoire : il est communiqué au déposant de la pièce.",
  ATTESTATION_PAIEMENT_DIRECT_MANQUANTE: "Joignez l'attestation de paiement direct avant de valider la demande de paiement du sous-traitant.",
  DELAI_TACITE_NON_ECHU: "Le décompte général et définitif tacite ne peut être déposé qu'après le délai de 10 jours laissé à la maîtrise d'ouvrage.",
  PIECE_SUIVANTE_IMPOSSIBLE: "La pièce suivante du dossier de facturation ne peut pas être déposée à partir de cette pièce.",
  // Références, coordonnées bancaires, paramètres de la maîtrise d'ouvrage, service financier
  COMPTE_BANCAIRE_EXISTANT: "Cet IBAN est déjà enregistré dans les coordonnées bancaires de la structure.",
  COMPTE_BANCAIRE_INVALIDE: "Ces coordonnées bancaires ne sont pas (ou plus) celles de votre structure : choisissez-en d'autres dans la liste.",
  REFERENCE_OBLIGATOIRE: "La maîtrise d'ouvrage exige une référence qui n'est pas renseignée : complétez l'étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage ».",
  SERVICE_FINANCIER_IMPOSSIBLE:
    "L'habilitation « Service financier » ne s'accorde qu'à un utilisateur validé d'une structure acheteur public (maîtrise d'ouvrage).",
  // Factures électroniques (Factur-X, CII, UBL : lib/facturx/)
  FACTURE_ELECTRONIQUE_ILLISIBLE: "Ce fichier n'est pas une facture électronique lisible (Factur-X, CII ou UBL 2.1).",
  FACTURE_ELECTRONIQUE_NON_CONFORME: "La facture électronique ne respecte pas les règles de la norme EN 16931.",
  FACTURX_NON_PROPOSE: "Cette pièce ne se télécharge pas au format Factur-X.",
  // API (lib/api/)
  API_JETON_MANQUANT:
    "Authentification requise : envoyez l'en-tête « Authorization: Bearer <jeton> » (secret d'un compte technique ou jeton obtenu sur /api/v1/jetons).",
  API_JETON_INVALIDE: "Ce jeton n'est pas (ou plus) valide : le compte technique a pu être révoqué, son secret renouvelé, ou le jeton a expiré.",
  API_PORTEE_INSUFFISANTE: "Le compte technique n'a pas la portée nécessaire pour cette opération.",
  API_OPERATION_INCONNUE: "Aucune opération de l'API ne répond à cette méthode et ce chemin : voyez /api/v1/openapi.json.",
  API_IDEMPOTENCE_CONFLIT: "Cette clé d'idempotence a déjà servi pour une autre requête : utilisez une nouvelle clé pour une nouvelle requête.",
  API_IDEMPOTENCE_EN_COURS:
    "Une requête avec cette clé d'idempotence est en cours (ou n'a pas abouti) : consultez vos pièces avant de réessayer avec une autre clé.",
  COMPTE_TECHNIQUE_REVOQUE: "Ce compte technique est révoqué.",
  // Confiance
  TROP_DE_DEMANDES: "Trop de demandes en peu de temps : patientez un instant avant de réessayer.",
  MOT_DE_PASSE_TROP_LONG: "Le mot de passe ne peut pas dépasser 128 caractères.",
  MOT_DE_PASSE_ACTUEL_INCORRECT: "Le mot de passe actuel saisi est incorrect : votre mot de passe n'a pas été modifié.",
  DEMANDE_DEJA_EN_COURS: "Une demande est déjà en cours d'examen pour cette structure.",
  ADMINISTRATEUR_REQUIS: "Cette page est réservée aux administrateurs du portail.",
  MEMBRE_NON_VALIDE: "Seul un utilisateur dont le rattachement à la structure est validé, et le compte actif, peut en devenir gestionnaire principal.",
  ERREUR_INTERNE: "Une erreur inattendue est survenue. Réessayez dans quelques instants.",
  // PostgreSQL unreachable (lib/db/indisponible.ts): 503 with Retry-After for a route.
  SERVICE_INDISPONIBLE: "Le service est momentanément indisponible, réessayez dans quelques instants.",
} as const;

export type ErrorCode = keyof typeof MESSAGES;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fieldErrors: Record<string, string> = {},
    message?: string,
  ) {
    super(message ?? MESSAGES[code]);
    this.name = "AppError";
  }
}

export type ActionResult<T = undefined> =
  | ({ ok: true } & ([T] extends [undefined] ? object : { data: T }))
  | { ok: false; code: ErrorCode; message: string; fieldErrors: Record<string, string> };

/**
 * True when Prisma refused a row because of a unique constraint (two requests at once, or a duplicate).
 * `constraint` is matched against the index name PostgreSQL reports (e.g. "User_email_key").
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; meta?: Record<string, unknown> };
  // A raw statement's violation comes as P2010, the driver adapter's error (kind, constraint) in its meta.
  if (e?.code === "P2010") {
    const cause = (e.meta?.driverAdapterError as { cause?: { kind?: string } } | undefined)?.cause;
    return cause?.kind === "UniqueConstraintViolation" && (!constraint || JSON.stringify(cause).includes(constraint));
  }
  if (e?.code !== "P2002") return false;
  return !constraint || JSON.stringify(e.meta ?? {}).includes(constraint);
}
