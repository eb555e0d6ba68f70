import { describe, expect, it } from "vitest";
import { controleAvantEnvoi, EXTENSIONS_AUTORISEES, formaterTaille, REGLES_PIECES_JOINTES } from "@/lib/files/limites";
import { nettoyerNom } from "@/lib/files/analyse";

describe("règles des pièces jointes", () => {
  it("reprend la liste d'extensions de Chorus Pro et l'énonce dans l'interface", () => {
    for (const ext of ["pdf", "docx", "xlsx", "odt", "png", "jpg", "tiff", "txt", "csv", "xml", "zip", "gz", "bz2", "p7s", "pptx", "html"])
      expect(EXTENSIONS_AUTORISEES).toContain(ext);
    expect(REGLES_PIECES_JOINTES).toContain("10 Mo par fichier");
    expect(REGLES_PIECES_JOINTES).toContain("120 Mo");
    expect(REGLES_PIECES_JOINTES).toContain("50 caractères");
  });

  it("contrôle nom, extension et taille avant l'envoi", () => {
    expect(controleAvantEnvoi("facture.pdf", 1000)).toBeNull();
    expect(controleAvantEnvoi(`${"a".repeat(47)}.pdf`, 1000)).toMatch(/50 caractères/);
    expect(controleAvantEnvoi("sans-extension", 1000)).toMatch(/n'a pas d'extension/);
    expect(controleAvantEnvoi("programme.exe", 1000)).toMatch(/\.exe n'est pas accepté/);
    expect(controleAvantEnvoi("gros.pdf", 10 * 1024 * 1024)).toMatch(/dépasse la taille maximale de 10 Mo/);
    expect(controleAvantEnvoi("vide.pdf", 0)).toMatch(/vide/);
  });

  it("nettoie le nom reçu (chemin, caractères de contrôle) et formate les tailles", () => {
    expect(nettoyerNom("C:\\Users\\marc\\facture\u0007.pdf")).toBe("facture.pdf");
    expect(nettoyerNom("dossier/sous-dossier/e\u0301te\u0301.pdf")).toBe("été.pdf");
    expect(formaterTaille(512)).toBe("512 octets");
    expect(formaterTaille(1536)).toBe("2 ko");
    expect(formaterTaille(10 * 1024 * 1024)).toBe("10 Mo");
  });
});
