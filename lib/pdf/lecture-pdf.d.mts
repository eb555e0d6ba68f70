export type LecturePdf = "ok" | "vide" | "chiffre" | "invalide";
export function lirePdf(bytes: Uint8Array): Promise<LecturePdf>;
