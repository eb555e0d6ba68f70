export type BlocCertificat =
  | { t: "texte"; texte: string; taille?: number; gras?: boolean; mono?: boolean; couleur?: "noir" | "bleu" | "gris"; retrait?: number; espaceApres?: number }
  | { t: "titre"; texte: string }
  | { t: "champ"; libelle: string; valeur: string };

/** The certificate as the drawing needs it: its metadata, its footer, and its blocks of text in order. */
export type ModeleCertificat = {
  meta: { titre: string; sujet: string; auteur: string /** ISO 8601 */; date: string };
  pied: string;
  blocs: BlocCertificat[];
};

export function dessinerCertificat(modele: ModeleCertificat): Promise<Uint8Array>;
