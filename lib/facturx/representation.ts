import { formaterMontantDevise, formaterTaux } from "@/lib/invoices/montants";
import type { BlocCertificat, ModeleCertificat } from "@/lib/pdf/dessin-certificat.d.mts";
import { horsFil } from "@/lib/pdf/fil";
import type { FactureLue, PartieLue } from "./types";

/**
 * The readable copy of a structured invoice deposited alone as XML (CII or UBL, `POST /api/v1/pieces/flux`): what the
 * file says, drawn as a PDF by the certificate's drawing (in the PDF worker pool). It is the piece's invoice file, so
 * that the MOE and the MOA read the invoice as they read any other; the XML itself is joined beside it, unchanged.
 */
export function modeleRepresentation(f: FactureLue, nomFichier: string, maintenant: Date): ModeleCertificat {
  const devise = f.devise ?? "EUR";
  const montant = (c: number | undefined) => (c === undefined ? "non indiqué" : formaterMontantDevise(c, devise));
  const partie = (titre: string, p: PartieLue): BlocCertificat[] => [
    { t: "titre", texte: titre },
    { t: "champ", libelle: "Nom", valeur: p.nom ?? "non indiqué" },
    ...(p.siret ? [{ t: "champ" as const, libelle: "SIRET", valeur: p.siret }] : []),
    ...(p.tva ? [{ t: "champ" as const, libelle: "Numéro de TVA", valeur: p.tva }] : []),
  ];
  const type = f.type === "AVOIR" ? "Avoir" : "Facture";
  const blocs: BlocCertificat[] = [
    {
      t: "texte",
      texte: `Copie lisible de la facture électronique « ${nomFichier} » (${f.syntaxe}${f.profil ? `, profil ${f.profil}` : ""}), produite par le portail au dépôt. Le fichier d'origine, qui fait foi, est joint à la pièce.`,
      couleur: "gris",
      espaceApres: 8,
    },
    { t: "titre", texte: `${type} n° ${f.numero ?? "non indiqué"}` },
    { t: "champ", libelle: "Date", valeur: f.date ?? "non indiquée" },
    ...(f.dateEcheance ? [{ t: "champ" as const, libelle: "Échéance", valeur: f.dateEcheance }] : []),
    { t: "champ", libelle: "Devise", valeur: devise },
    ...(f.referenceAcheteur ? [{ t: "champ" as const, libelle: "Référence de l'acheteur (code service)", valeur: f.referenceAcheteur }] : []),
    ...(f.contrat ? [{ t: "champ" as const, libelle: "Marché", valeur: f.contrat }] : []),
    ...(f.commande ? [{ t: "champ" as const, libelle: "Commande", valeur: f.commande }] : []),
    ...(f.iban ? [{ t: "champ" as const, libelle: "IBAN", valeur: f.iban }] : []),
    ...partie("Vendeur", f.vendeur),
    ...partie("Acheteur", f.acheteur),
  ];
  if (f.lignes.length) {
    blocs.push({ t: "titre", texte: "Lignes" });
    // A line's label may be long: a paragraph that wraps, not a label column.
    for (const l of f.lignes)
      blocs.push({
        t: "texte",
        texte: `${l.id}. ${l.libelle ?? "Ligne"}${l.quantite ? ` — quantité ${l.quantite}${l.unite ? ` ${l.unite}` : ""}` : ""}${l.prixUnitaire ? `, prix unitaire ${l.prixUnitaire}` : ""} : ${montant(l.montantHt)} HT${l.tauxTva !== undefined ? `, TVA ${formaterTaux(l.tauxTva)} %` : ""}`,
        espaceApres: 2,
      });
  }
  if (f.tva.length) {
    blocs.push({ t: "titre", texte: "TVA" });
    for (const t of f.tva)
      blocs.push({
        t: "champ",
        libelle: `Taux ${formaterTaux(t.taux)} % (catégorie ${t.categorie})`,
        valeur: `base ${montant(t.baseHt)}, TVA ${montant(t.montantTva)}${t.motifExoneration ? ` — ${t.motifExoneration}` : ""}`,
      });
  }
  blocs.push(
    { t: "titre", texte: "Totaux" },
    { t: "champ", libelle: "Total HT", valeur: montant(f.totaux.ht) },
    { t: "champ", libelle: "Total TVA", valeur: montant(f.totaux.tva) },
    { t: "champ", libelle: "Total TTC", valeur: montant(f.totaux.ttc) },
    ...(f.totaux.acompte ? [{ t: "champ" as const, libelle: "Déjà payé", valeur: montant(f.totaux.acompte) }] : []),
    { t: "champ", libelle: "Net à payer", valeur: montant(f.totaux.netAPayer ?? f.totaux.ttc) },
  );
  return {
    meta: {
      titre: `${type} ${f.numero ?? ""}`.trim(),
      sujet: `Copie lisible de la facture électronique ${nomFichier}`,
      auteur: "Portail des factures de travaux",
      date: maintenant.toISOString(),
    },
    pied: `Copie lisible de « ${nomFichier} » — le fichier d'origine est joint à la pièce`,
    blocs,
  };
}

/** The readable copy as a PDF (see `modeleRepresentation`). */
export function representationLisible(f: FactureLue, nomFichier: string, maintenant = new Date()): Promise<Uint8Array> {
  return horsFil("dessiner", { modele: modeleRepresentation(f, nomFichier, maintenant) });
}
