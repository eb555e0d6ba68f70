import { describe, expect, it } from "vitest";
import { analyserFichier, NOM_PAR_DEFAUT, nettoyerNom } from "@/lib/files/analyse";

describe("noms des fichiers reçus : caractères invisibles et de direction retirés", () => {
  it("« facture\\u202Efdp.exe » ne peut plus se montrer comme « factureexe.pdf » : l'inversion de sens est retirée", () => {
    // Shown right to left after U+202E, « fdp.exe » reads « exe.pdf ».
    expect(nettoyerNom("facture\u202Efdp.exe")).toBe("facturefdp.exe");
    expect(nettoyerNom("devis\u202Dgpj.pdf")).toBe("devisgpj.pdf");
  });

  it("retire chaque marque, enchâssement, forçage et isolat bidirectionnel", () => {
    const bidi = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"];
    for (const c of bidi) expect(nettoyerNom(`fac${c}ture${c}.pdf`), `U+${c.codePointAt(0)?.toString(16).toUpperCase()}`).toBe("facture.pdf");
  });

  it("retire les caractères de contrôle C0, DEL, C1, les espaces et liants de largeur nulle, l'indicateur d'ordre des octets", () => {
    const invisibles = [..."\u0000\u0007\u001b\t\n\r\u007f\u0080\u0085\u009b\u009f\u200b\u200c\u200d\u2060\ufeff\u00ad\u2028\u2029"];
    for (const c of invisibles) expect(nettoyerNom(`plan${c}-lot${c}2.pdf`), `U+${c.codePointAt(0)?.toString(16).toUpperCase()}`).toBe("plan-lot2.pdf");
  });

  it("garde les accents, les lettres de toute écriture et les espaces visibles, et compose les accents (NFC)", () => {
    expect(nettoyerNom("Situation n°3 — été 2026 (lot « Façades »).pdf")).toBe("Situation n°3 — été 2026 (lot « Façades »).pdf");
    expect(nettoyerNom("e\u0301te\u0301.pdf")).toBe("été.pdf");
    // An invisible character between a letter and its accent does not keep them apart.
    expect(nettoyerNom("e\u200B\u0301te\u0301.pdf")).toBe("été.pdf");
    expect(nettoyerNom("Œuvre ÀÉÎÕÜ ß ø.pdf")).toBe("Œuvre ÀÉÎÕÜ ß ø.pdf");
    expect(nettoyerNom("فاتورة.pdf")).toBe("فاتورة.pdf");
  });

  it("retire le chemin, même caché derrière des caractères invisibles", () => {
    expect(nettoyerNom("C:\\Users\\marc\\facture.pdf")).toBe("facture.pdf");
    expect(nettoyerNom("..\u200B/..\u202E/etc/facture.pdf")).toBe("facture.pdf");
  });

  it("un nom vide une fois nettoyé prend un nom par défaut ; un nom réduit à son extension aussi", () => {
    expect(nettoyerNom("")).toBe(NOM_PAR_DEFAUT);
    expect(nettoyerNom("\u202E\u200B\u0000  ")).toBe(NOM_PAR_DEFAUT);
    expect(nettoyerNom("dossier/")).toBe(NOM_PAR_DEFAUT);
    expect(nettoyerNom("\u202E.pdf")).toBe(`${NOM_PAR_DEFAUT}.pdf`);
  });

  it("le fichier accepté porte le nom nettoyé, et l'extension contrôlée est celle qui se voit", async () => {
    const csv = Buffer.from("lot;montant\n1;100\n");
    expect(await analyserFichier("relevé\u202E\u2066.csv", csv)).toMatchObject({ ok: true, nom: "relevé.csv", extension: "csv" });
    // Shown as « factureexe.pdf », it is an .exe: refused for what it is.
    expect(await analyserFichier("facture\u202Efdp.exe", csv)).toMatchObject({ ok: false, message: expect.stringContaining(".exe n'est pas accepté") });
    expect(await analyserFichier("\u202E\u2067", csv)).toMatchObject({ ok: false, message: `Le fichier « ${NOM_PAR_DEFAUT} » n'a pas d'extension.` });
  });
});
