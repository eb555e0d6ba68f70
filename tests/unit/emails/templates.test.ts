import { describe, expect, it } from "vitest";
import { notificationOf, renderMail, templates, type TemplateData, type TemplateName } from "@/emails/render";

const context = { appUrl: "https://factures-travaux.example.gouv.fr" };
const structure = { typeIdentifiant: "SIRET", identifiant: "35600000000048", raisonSociale: "Durand & Fils BTP" };

const pieceMail = {
  pieceId: "0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
  numero: "FAC-2026-001",
  cadre: "A4 – Projet de décompte mensuel",
  numeroDepot: "FT0000000042",
  dossier: "DF00000007",
  deposant: "Durand & Fils BTP",
  destinataire: "la maîtrise d'œuvre ATELIER D'ARCHITECTURE GARONNE",
  montantTtc: "12 000,00 €",
  deposeLe: "27 novembre 2026 à 10:15",
};

/**
 * One sample per template, with what must appear in both versions, and what the portal's notification says
 * (`notification`: its one-line summary and portal path; absent when the template defines none).
 */
const samples: {
  [N in TemplateName]: { data: TemplateData<N>; subject: string | RegExp; link?: string; wording: string[]; notification?: { resume: string; lien: string } };
} = {
  "compte-cree": {
    data: {
      email: "jeanne.martin@example.fr",
      prenom: "Jeanne",
      nom: "Martin",
      telephone: "01 23 45 67 89",
      emailContact: "compta@durand-btp.example.fr",
      structure,
      demandeRattachement: true,
    },
    subject: "Récapitulatif de votre demande de création de compte",
    wording: [
      "Bonjour Jeanne Martin,",
      "Adresse électronique de connexion : jeanne.martin@example.fr",
      "Téléphone : 01 23 45 67 89",
      "Adresse électronique de contact : compta@durand-btp.example.fr",
      "Type d’identifiant : SIRET",
      "Identifiant : 35600000000048",
      "Raison sociale : Durand & Fils BTP",
      "Demande de rattachement à une structure existante : oui",
      "60 minutes",
      "« Activation de votre compte »",
      "Votre inscription ne pourra pas être finalisée avant cette validation",
    ],
  },
  activation: {
    data: { prenom: "Jeanne", nom: "Martin", token: "tok_Activation-123" },
    subject: "Activation de votre compte",
    link: "https://factures-travaux.example.gouv.fr/activation/tok_Activation-123",
    wording: ["Bonjour Jeanne Martin,", "valable 60 minutes", "qu’une seule fois"],
  },
  "demande-rattachement": {
    data: { demandeur: { prenom: "Paul", nom: "Bernard", email: "paul.bernard@example.fr" }, structure },
    subject: "Demande de rattachement à la structure Durand & Fils BTP",
    link: "https://factures-travaux.example.gouv.fr/structures/rattachements",
    wording: ["Durand & Fils BTP (SIRET 35600000000048)", "paul.bernard@example.fr", "dont vous êtes gestionnaire", "qu’après votre validation"],
    notification: {
      resume: "Paul Bernard (paul.bernard@example.fr) demande à être rattaché à la structure Durand & Fils BTP.",
      lien: "/structures/rattachements",
    },
  },
  "rattachement-valide": {
    data: { prenom: "Paul", nom: "Bernard", structure },
    subject: "Votre demande de rattachement a été acceptée",
    link: "https://factures-travaux.example.gouv.fr/connexion",
    wording: ["Bonjour Paul Bernard,", "a accepté votre demande de rattachement", "Votre inscription est finalisée"],
    notification: { resume: "Vous êtes rattaché à la structure Durand & Fils BTP.", lien: "/structures/mes-structures" },
  },
  "rattachement-refuse": {
    data: { prenom: "Paul", nom: "Bernard", structure, motif: "Personne inconnue de nos services." },
    subject: "Votre demande de rattachement a été refusée",
    wording: ["a refusé votre demande de rattachement", "Personne inconnue de nos services."],
    notification: {
      resume: "Votre demande de rattachement à la structure Durand & Fils BTP a été refusée. Motif : Personne inconnue de nos services.",
      lien: "/structures/mes-structures",
    },
  },
  "confirmation-email-contact": {
    data: { prenom: "Jeanne", nom: "Martin", email: "compta@durand-btp.example.fr", token: "conf_789" },
    subject: "Confirmez votre adresse électronique de contact",
    link: "https://factures-travaux.example.gouv.fr/confirmation-contact/conf_789",
    wording: ["Bonjour Jeanne Martin,", "L’adresse compta@durand-btp.example.fr", "valable 60 minutes", "adresse électronique de connexion du compte"],
  },
  invitation: {
    data: {
      structure,
      invitePar: "Claire Dupont",
      services: ["Département Immobilier (DEPT-IMMO) : Modification"],
      token: "inv_123",
      validiteJours: 7,
    },
    subject: "Invitation à rejoindre la structure Durand & Fils BTP sur le Portail des factures de travaux",
    link: "https://factures-travaux.example.gouv.fr/invitation/inv_123",
    wording: [
      "Claire Dupont, gestionnaire de la structure Durand & Fils BTP (SIRET 35600000000048)",
      "Département Immobilier (DEPT-IMMO) : Modification",
      "valable 7 jours",
    ],
  },
  "alerte-connexion": {
    data: { prenom: "Jeanne", nom: "Martin", motif: "NON_ACTIVE", token: "tok_Relance-789" },
    subject: "Tentative de connexion à votre compte non activé",
    link: "https://factures-travaux.example.gouv.fr/activation/tok_Relance-789",
    wording: ["Bonjour Jeanne Martin,", "qui n’est pas encore activé", "valable 60 minutes", "il remplace les liens d’activation reçus auparavant"],
  },
  "mot-de-passe-modifie": {
    data: { prenom: "Jeanne", nom: "Martin", le: "27/11/2026 10:15:00", reinitialisation: false },
    subject: "Le mot de passe de votre compte a été modifié",
    link: "https://factures-travaux.example.gouv.fr/mot-de-passe-oublie",
    wording: ["Bonjour Jeanne Martin,", "a été modifié le 27/11/2026 10:15:00", "vos sessions ouvertes sur d’autres appareils ont été fermées"],
  },
  "email-contact-modifie": {
    data: { prenom: "Jeanne", nom: "Martin", le: "27/11/2026 10:15:00", nouvelleAdresse: "compta@durand-btp.fr" },
    subject: "L'e-mail du contact de votre compte a été modifié",
    link: "https://factures-travaux.example.gouv.fr/mot-de-passe-oublie",
    wording: ["Bonjour Jeanne Martin,", "remplacé le 27/11/2026 10:15:00 par compta@durand-btp.fr", "quelqu’un utilise votre compte"],
  },
  "mot-de-passe-oublie": {
    data: { prenom: "Jeanne", nom: "Martin", token: "reset_456" },
    subject: "Réinitialisation de votre mot de passe",
    link: "https://factures-travaux.example.gouv.fr/mot-de-passe/reset_456",
    wording: ["Bonjour Jeanne Martin,", "valable 60 minutes", "votre mot de passe actuel reste inchangé"],
  },
  "depot-facture-travaux": {
    data: { prenom: "Jeanne", nom: "Martin", piece: pieceMail },
    subject: "Dépôt confirmé : facture de travaux n° FAC-2026-001",
    link: "https://factures-travaux.example.gouv.fr/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    wording: [
      "Bonjour Jeanne Martin,",
      "Numéro de dépôt : FT0000000042",
      "Numéro de la facture : FAC-2026-001",
      "Dossier de facturation : DF00000007",
      "certificat de dépôt",
    ],
    notification: {
      resume: "Votre facture n° FAC-2026-001 a été déposée (dépôt FT0000000042) et mise à disposition de la maîtrise d'œuvre ATELIER D'ARCHITECTURE GARONNE.",
      lien: "/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    },
  },
  "piece-travaux-a-traiter": {
    data: { prenom: "Hélène", nom: "Garnier", piece: pieceMail, structure: "ATELIER D'ARCHITECTURE GARONNE", qualite: "la maîtrise d'œuvre", delaiJours: 7 },
    subject: "Nouvelle pièce à traiter : facture de travaux n° FAC-2026-001",
    link: "https://factures-travaux.example.gouv.fr/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    wording: ["Bonjour Hélène Garnier,", "Durand & Fils BTP a déposé", "délai de 7 jours", "Cadre de facturation : A4 – Projet de décompte mensuel"],
    notification: {
      resume: "Durand & Fils BTP a déposé la facture n° FAC-2026-001 (12 000,00 € TTC, dossier DF00000007).",
      lien: "/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    },
  },
  "statut-piece-travaux": {
    data: {
      prenom: "Paul",
      nom: "Durand",
      piece: {
        pieceId: "0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
        numero: "FAC-2026-001",
        cadre: "A4 – Projet de décompte mensuel",
        deposant: "Durand & Fils BTP",
        dossier: "DF00000012",
      },
      statut: "Suspendue",
      message: "Votre pièce a été suspendue par la maîtrise d'œuvre ATELIER D'ARCHITECTURE GARONNE : des pièces jointes manquent.",
      par: "Hélène Garnier (ATELIER D'ARCHITECTURE GARONNE)",
      le: "27 novembre 2026 à 10:00",
      motif: "Le métré du lot 2 manque",
    },
    subject: "Facture de travaux n° FAC-2026-001 : Suspendue",
    link: "https://factures-travaux.example.gouv.fr/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    wording: ["Bonjour Paul Durand,", "des pièces jointes manquent", "Motif : Le métré du lot 2 manque", "Nouveau statut : Suspendue"],
    notification: {
      resume: "Votre pièce a été suspendue par la maîtrise d'œuvre ATELIER D'ARCHITECTURE GARONNE : des pièces jointes manquent.",
      lien: "/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    },
  },
  "service-financier-piece-travaux": {
    data: {
      prenom: "Paul",
      nom: "Durand",
      piece: {
        pieceId: "0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
        numero: "EAV-2026-004",
        cadre: "A19 – État d'acompte validé",
        deposant: "COMMUNE DE SAINT-JEAN",
        dossier: "DF00000012",
      },
      statut: "Mise en paiement",
      message: "Votre pièce n° FAC-2026-001 a été mise en paiement le 02/12/2026 pour 12 345,67 € (état d'acompte validé n° EAV-2026-004).",
      moa: "COMMUNE DE SAINT-JEAN",
      par: "Claire Petit (COMMUNE DE SAINT-JEAN)",
      le: "2 décembre 2026 à 10:00",
      mandat: "n° M-2026-123 du 01/12/2026",
      paiement: "le 02/12/2026 pour 12 345,67 €",
    },
    subject: "Facture de travaux n° EAV-2026-004 : Mise en paiement",
    link: "https://factures-travaux.example.gouv.fr/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    wording: [
      "Bonjour Paul Durand,",
      "Votre pièce n° FAC-2026-001 a été mise en paiement le 02/12/2026 pour 12 345,67 €",
      "Mandat : n° M-2026-123 du 01/12/2026",
      "Mise en paiement : le 02/12/2026 pour 12 345,67 €",
      "Service financier de COMMUNE DE SAINT-JEAN : Mise en paiement",
    ],
    notification: {
      resume: "Votre pièce n° FAC-2026-001 a été mise en paiement le 02/12/2026 pour 12 345,67 € (état d'acompte validé n° EAV-2026-004).",
      lien: "/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    },
  },
  "delai-tacite-echu": {
    data: {
      prenom: "Paul",
      nom: "Durand",
      piece: {
        pieceId: "0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
        numero: "PDG-2026-004",
        cadre: "A22 – Projet de décompte général (procédure tacite)",
        deposant: "Durand & Fils BTP",
        dossier: "DF00000012",
      },
      moa: "SECRETARIAT GENERAL MINISTERE JUSTICE",
      deposeLe: "2 mars 2026 à 09:00",
      echeance: "12 mars 2026 à 09:00",
      delaiJours: 10,
    },
    subject: "Procédure tacite : vous pouvez déposer le décompte général et définitif tacite (facture n° PDG-2026-004)",
    link: "https://factures-travaux.example.gouv.fr/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    wording: [
      "Bonjour Paul Durand,",
      "La maîtrise d'ouvrage SECRETARIAT GENERAL MINISTERE JUSTICE n'a pas notifié le décompte général dans le délai de 10 jours",
      "Vous pouvez désormais déposer le décompte général et définitif tacite (A23).",
      "Délai de la maîtrise d'ouvrage écoulé le : 12 mars 2026 à 09:00",
      "Numéro de la facture : PDG-2026-004",
      "« Déposer le décompte général et définitif tacite (A23) »",
    ],
    notification: {
      resume:
        "La maîtrise d'ouvrage SECRETARIAT GENERAL MINISTERE JUSTICE n'a pas notifié le décompte général dans les 10 jours suivant votre projet de décompte général n° PDG-2026-004 : vous pouvez déposer le décompte général et définitif tacite (A23).",
      lien: "/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    },
  },
  "relance-titulaire": {
    data: {
      prenom: "Luc",
      nom: "Moreau",
      piece: {
        pieceId: "0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
        numero: "ST-2026-031",
        cadre: "A10 – Demande de paiement (marchés de travaux)",
        deposant: "PLOMBERIE DE LANNION",
        dossier: "DF00000021",
      },
      joursRestants: 3,
      delaiJours: 15,
      recueLe: "2 mars 2026 à 09:00",
      echeance: "17 mars 2026 à 09:00",
    },
    subject: "Il vous reste 3 jours pour valider la demande de paiement n° ST-2026-031 de votre sous-traitant PLOMBERIE DE LANNION",
    link: "https://factures-travaux.example.gouv.fr/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    wording: [
      "Bonjour Luc Moreau,",
      "Il vous reste 3 jours pour valider la demande de paiement n° ST-2026-031 de votre sous-traitant PLOMBERIE DE LANNION, ou la refuser.",
      "15 jours à compter de son dépôt",
      "article R2193-13 du code de la commande publique",
      "À valider ou refuser avant le : 17 mars 2026 à 09:00",
      "« Valider la demande de paiement »",
    ],
    notification: {
      resume:
        "Il vous reste 3 jours pour valider la demande de paiement n° ST-2026-031 de votre sous-traitant PLOMBERIE DE LANNION, ou la refuser (jusqu'au 17 mars 2026 à 09:00).",
      lien: "/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    },
  },
  "delai-titulaire-depasse": {
    data: {
      prenom: "Luc",
      nom: "Moreau",
      piece: {
        pieceId: "0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
        numero: "ST-2026-031",
        cadre: "A10 – Demande de paiement (marchés de travaux)",
        deposant: "PLOMBERIE DE LANNION",
        dossier: "DF00000021",
      },
      pour: "titulaire",
      titulaire: "Durand & Fils BTP",
      delaiJours: 15,
      recueLe: "2 mars 2026 à 09:00",
      echeance: "17 mars 2026 à 09:00",
    },
    subject: "Délai de 15 jours dépassé : demande de paiement n° ST-2026-031 de votre sous-traitant PLOMBERIE DE LANNION",
    link: "https://factures-travaux.example.gouv.fr/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    wording: [
      "Vous n'avez ni validé ni refusé la demande de paiement n° ST-2026-031 de votre sous-traitant PLOMBERIE DE LANNION dans le délai de 15 jours",
      "le titulaire est réputé avoir accepté la demande de paiement (articles R2193-13 et R2193-15 du code de la commande publique)",
      "Délai écoulé le : 17 mars 2026 à 09:00",
      "Validez-la sans attendre",
    ],
    notification: {
      resume: "Vous n'avez ni validé ni refusé dans le délai de 15 jours la demande de paiement n° ST-2026-031 de votre sous-traitant PLOMBERIE DE LANNION.",
      lien: "/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    },
  },
  "depot-pour-cotraitant": {
    data: {
      prenom: "Ronan",
      nom: "Guillou",
      piece: pieceMail,
      structure: "PLOMBERIE DE LANNION",
      mandataire: true,
      par: "la maîtrise d'œuvre Durand & Fils BTP",
    },
    subject: "Le mandataire Durand & Fils BTP a déposé pour vous la pièce n° FAC-2026-001",
    link: "https://factures-travaux.example.gouv.fr/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    wording: [
      "Bonjour Ronan Guillou,",
      "Le mandataire Durand & Fils BTP a déposé pour vous la pièce n° FAC-2026-001, dont PLOMBERIE DE LANNION est le cotraitant.",
      "Numéro de dépôt : FT0000000042",
      "Seul le mandataire agit sur la pièce.",
    ],
    notification: {
      resume: "Le mandataire Durand & Fils BTP a déposé pour vous la pièce n° FAC-2026-001 (12 000,00 € TTC, dossier DF00000007).",
      lien: "/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    },
  },
  "acheteur-public-demande": {
    data: {
      prenom: "Anne",
      nom: "Leroy",
      structure,
      demandeur: "Jeanne Martin",
      motif: "Entreprise sociale pour l'habitat soumise au code de la commande publique.",
    },
    subject: "Demande de statut d'acheteur public : Durand & Fils BTP",
    link: "https://factures-travaux.example.gouv.fr/administration/acheteurs-publics",
    wording: [
      "Bonjour Anne Leroy,",
      "Jeanne Martin, gestionnaire principal de la structure Durand & Fils BTP (SIRET 35600000000048)",
      "soumise au code de la commande publique",
    ],
    notification: {
      resume: "Jeanne Martin demande le statut d'acheteur public pour la structure Durand & Fils BTP.",
      lien: "/administration/acheteurs-publics",
    },
  },
  "acheteur-public-decision": {
    data: { prenom: "Jeanne", nom: "Martin", structure, decision: "REFUSEE", motif: "Aucun justificatif de pouvoir adjudicateur." },
    subject: "La demande de statut d'acheteur public de votre structure a été refusée",
    link: "https://factures-travaux.example.gouv.fr/structures/parametres",
    wording: [
      "Bonjour Jeanne Martin,",
      "Durand & Fils BTP (SIRET 35600000000048)",
      "a refusé la demande",
      "Motif :",
      "Aucun justificatif de pouvoir adjudicateur.",
    ],
    notification: {
      resume:
        "Durand & Fils BTP : la demande de statut d'acheteur public de votre structure a été refusée. Motif : Aucun justificatif de pouvoir adjudicateur.",
      lien: "/structures/parametres",
    },
  },
  "structure-administration": {
    data: {
      prenom: "Jeanne",
      nom: "Martin",
      structure,
      action: "GESTIONNAIRE_PRINCIPAL_REATTRIBUE",
      motif: "Structure revendiquée par erreur.",
      nouveauGestionnaire: "Paul Bernard",
      ancienGestionnaire: "Marc Fabre est désactivé",
    },
    subject: "Le gestionnaire principal de votre structure a changé",
    link: "https://factures-travaux.example.gouv.fr/structures/mes-structures",
    wording: [
      "Bonjour Jeanne Martin,",
      "a désigné Paul Bernard gestionnaire principal de la structure ; Marc Fabre est désactivé.",
      "Structure revendiquée par erreur.",
    ],
    notification: {
      resume: "Durand & Fils BTP : le gestionnaire principal de votre structure a changé. Motif : Structure revendiquée par erreur.",
      lien: "/structures/mes-structures",
    },
  },
};

// React escapes « & » and the apostrophe in HTML; compare the HTML once its entities are decoded.
function decode(html: string): string {
  return html
    .replace(/&amp;/g, "&")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}
const visible = (html: string) => decode(html.replace(/<[^>]+>/g, "").replace(/<!-- -->/g, ""));

describe("modèles de courriel", () => {
  it("ont chacun un exemple dans ce test", () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(templates).sort());
  });

  for (const name of Object.keys(samples) as TemplateName[]) {
    describe(name, () => {
      const sample = samples[name];

      it("a son objet, l'en-tête de l'État et le nom du service", async () => {
        const mail = await renderMail(name, sample.data as never, context);
        if (typeof sample.subject === "string") expect(mail.subject).toBe(sample.subject);
        else expect(mail.subject).toMatch(sample.subject);
        for (const version of [visible(mail.html), mail.text]) {
          expect(version).toContain("République française");
          expect(version).toContain("Portail des factures de travaux");
          expect(version).toContain("Merci de ne pas y répondre");
        }
        expect(mail.html).toContain('lang="fr"');
      });

      it("contient le texte attendu en HTML et en texte brut", async () => {
        const mail = await renderMail(name, sample.data as never, context);
        for (const phrase of sample.wording) {
          expect(mail.text).toContain(phrase);
          expect(visible(mail.html)).toContain(phrase);
        }
      });

      if (sample.link) {
        it("contient le lien, cliquable en HTML et en clair dans le texte", async () => {
          const mail = await renderMail(name, sample.data as never, context);
          expect(decode(mail.html)).toContain(`href="${sample.link}"`);
          expect(mail.text).toContain(sample.link);
          // In text the link stands on its own line, so that mail clients make it clickable.
          expect(mail.text.split("\n")).toContain(sample.link);
        });
      }

      it(sample.notification ? "résume le courriel pour la notification du portail, avec son lien" : "ne définit ni résumé ni lien de notification", () => {
        const notification = notificationOf(name, sample.data as never);
        expect(notification).toEqual(sample.notification ?? { resume: undefined, lien: undefined });
        if (sample.notification) {
          // A path inside the portal (never an absolute address, never a token), on one line.
          expect(notification.lien).toMatch(/^\/[a-z]/);
          expect(notification.resume).not.toMatch(/\n|undefined|null|NaN|\[object Object\]/);
        }
      });

      it("ne laisse passer aucune valeur manquante", async () => {
        const mail = await renderMail(name, sample.data as never, context);
        for (const version of [mail.subject, mail.html, mail.text]) {
          expect(version).not.toMatch(/undefined|null|NaN|\[object Object\]/);
        }
      });
    });
  }

  it("compte-cree : sans rattachement, ni téléphone ni contact", async () => {
    const mail = await renderMail(
      "compte-cree",
      { ...samples["compte-cree"].data, telephone: null, emailContact: undefined, demandeRattachement: false },
      context,
    );
    expect(mail.text).toContain("Demande de rattachement à une structure existante : non");
    expect(mail.text).toContain("Téléphone : non renseigné");
    expect(mail.text).toContain("Adresse électronique de contact : non renseigné");
    expect(mail.text).not.toContain("gestionnaire");
    expect(mail.text).toContain("Une fois votre compte activé, vous pourrez vous connecter");
    expect(mail.text).not.toMatch(/undefined|null/);
  });

  it("acheteur-public-decision : accordé sans commentaire, retiré avec son motif", async () => {
    const accorde = await renderMail("acheteur-public-decision", { ...samples["acheteur-public-decision"].data, decision: "ACCORDEE", motif: null }, context);
    expect(accorde.subject).toBe("Le statut d'acheteur public a été accordé à votre structure");
    expect(accorde.text).toContain("peut désormais être désignée comme maîtrise d’ouvrage");
    expect(accorde.text).not.toMatch(/Motif|null/);
    const retire = await renderMail("acheteur-public-decision", { ...samples["acheteur-public-decision"].data, decision: "RETIREE", motif: "Erreur" }, context);
    expect(retire.text).toContain("a retiré le statut d’acheteur public");
  });

  it("structure-administration : désactivation et réactivation", async () => {
    const base = samples["structure-administration"].data;
    const desactivee = await renderMail("structure-administration", { ...base, action: "DESACTIVEE", nouveauGestionnaire: undefined }, context);
    expect(desactivee.subject).toBe("Votre structure a été désactivée sur le portail");
    expect(desactivee.text).toContain("plus personne ne peut agir pour elle");
    const reactivee = await renderMail("structure-administration", { ...base, action: "REACTIVEE" }, context);
    expect(reactivee.text).toContain("peuvent de nouveau agir pour elle");
  });

  it("alerte-connexion : le verrouillage temporaire, avec sa durée et le lien « Mot de passe oublié »", async () => {
    const mail = await renderMail("alerte-connexion", { prenom: "Jeanne", nom: "Martin", motif: "VERROUILLE", minutes: 15 }, context);
    expect(mail.subject).toBe("Votre compte est verrouillé temporairement");
    expect(mail.text).toContain("suspendue pendant 15 minutes");
    expect(mail.text).toContain("la réinitialisation lève aussi la suspension");
    expect(mail.text.split("\n")).toContain("https://factures-travaux.example.gouv.fr/mot-de-passe-oublie");
    expect(mail.text).not.toMatch(/undefined|null|NaN/);
  });

  it("alerte-connexion : la tentative sur un compte désactivé, sans lien", async () => {
    const mail = await renderMail("alerte-connexion", { prenom: "Jeanne", nom: "Martin", motif: "DESACTIVE" }, context);
    expect(mail.subject).toBe("Tentative de connexion à votre compte désactivé");
    expect(mail.text).toContain("Ce compte est désactivé : aucune connexion n’y est possible.");
    expect(mail.text).toContain("rapprochez-vous du gestionnaire de votre structure");
    expect(mail.text).not.toContain("https://");
  });

  it("échappe ce que l'utilisateur a saisi et garde les retours à la ligne du motif", async () => {
    const mail = await renderMail("rattachement-refuse", { ...samples["rattachement-refuse"].data, motif: "Ligne 1\n<script>alert(1)</script>" }, context);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("Ligne 1<br/>&lt;script&gt;");
    expect(mail.text).toContain("Ligne 1\n<script>alert(1)</script>");
  });

  it("delai-titulaire-depasse : au sous-traitant ; depot-pour-cotraitant : la pièce de la MOE qui suit le projet du cotraitant", async () => {
    const st = await renderMail("delai-titulaire-depasse", { ...samples["delai-titulaire-depasse"].data, pour: "sous-traitant" }, context);
    expect(st.subject).toBe("Délai de 15 jours dépassé : le titulaire n'a pas traité votre demande de paiement n° ST-2026-031");
    expect(st.text).toContain("Le titulaire Durand & Fils BTP n'a ni validé ni refusé votre demande de paiement n° ST-2026-031 dans le délai de 15 jours");
    expect(st.text).toContain("Rapprochez-vous du titulaire, ou de la maîtrise d'ouvrage");
    const moe = await renderMail("depot-pour-cotraitant", { ...samples["depot-pour-cotraitant"].data, mandataire: false }, context);
    expect(moe.subject).toBe("Pièce n° FAC-2026-001 déposée par la maîtrise d'œuvre Durand & Fils BTP : votre structure y figure comme cotraitant");
    expect(moe.text).toContain("qui fait suite au projet de décompte du cotraitant PLOMBERIE DE LANNION");
    expect(moe.text).toContain("Seul son déposant agit sur la pièce.");
  });

  it("encode le jeton dans le lien et accepte une URL du portail terminée par /", async () => {
    const mail = await renderMail("activation", { prenom: "A", nom: "B", token: "a/b?c" }, { appUrl: "https://x.example.gouv.fr/" });
    expect(mail.text).toContain("https://x.example.gouv.fr/activation/a%2Fb%3Fc");
  });
});
