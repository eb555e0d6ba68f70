import { describe, expect, it } from "vitest";
import { adresseRetourSure, RETOUR_PAR_DEFAUT } from "@/lib/securite/retour";

describe("adresseRetourSure : après la connexion, seulement un chemin du portail", () => {
  it.each([
    "/factures-travaux",
    "/mon-compte",
    "/notifications",
    "/factures-travaux/pieces/0b7e4a8e-7d52-4d8e-9a51-1f0f5c0e3a11",
    "/structures/annuaire?q=durand&page=2",
    "/factures-travaux/synthese?aTraiter=tout#liste",
    "/structures/annuaire?q=a%2F%2Fb",
  ])("garde %s", (chemin) => {
    expect(adresseRetourSure(chemin)).toBe(chemin);
  });

  it("normalise un chemin comme le navigateur le lirait", () => {
    expect(adresseRetourSure("/factures-travaux/../mon-compte")).toBe("/mon-compte");
    expect(adresseRetourSure("/mon compte")).toBe("/mon%20compte");
  });

  it.each([
    // Another host, written as such
    "//evil.example",
    "//evil.example/factures-travaux",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "https://evil.example",
    "http://localhost:3000/mon-compte",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    // Relative or empty
    "",
    "mon-compte",
    "evil.example",
    "./mon-compte",
    "../mon-compte",
    "?q=1",
    "#x",
    // Encoded once, twice, in upper or lower case
    "%2f%2fevil.example",
    "%2F%2Fevil.example",
    "/%2f%2fevil.example",
    "/%2Fevil.example",
    "/%5cevil.example",
    "/%5Cevil.example",
    "%5c%5cevil.example",
    "/%252f%252fevil.example",
    "/%25252F%25252Fevil.example",
    "%252F%252Fevil.example",
    "/%2e%2e//evil.example",
    "/a/../..//evil.example",
    "/a/%2e%2e/%2e%2e//evil.example",
    "/factures-travaux\\..\\..\\evil",
    // Control and invisible characters (browsers drop tabs and newlines: `/\t/hote` is `//hote`)
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0D%0A/evil.example",
    "/\u0000/evil.example",
    "/%00/evil.example",
    "/\u200b/evil.example",
    "/\u202e/evil.example",
    "/\ufeff/evil.example",
    "/mon-compte\u2028",
    "/%E2%80%AE/evil.example",
    // Malformed encodings
    "/%",
    "/%zz",
    "/%E0%A4%A",
  ])("refuse %j", (valeur) => {
    expect(adresseRetourSure(valeur)).toBe(RETOUR_PAR_DEFAUT);
  });

  it("refuse ce qui n'est pas une chaîne, et une adresse démesurée ; le défaut se choisit", () => {
    for (const v of [undefined, null, 42, ["/mon-compte"], { toString: () => "/mon-compte" }]) expect(adresseRetourSure(v)).toBe(RETOUR_PAR_DEFAUT);
    expect(adresseRetourSure(`/${"a".repeat(2000)}`)).toBe(RETOUR_PAR_DEFAUT);
    expect(adresseRetourSure("//evil.example", "/factures-travaux")).toBe("/factures-travaux");
  });

  it("ce qu'il rend, relu par le navigateur, reste sur le portail", () => {
    const origine = "https://factures-travaux.example.gouv.fr";
    for (const v of ["/mon-compte", "//evil.example", "/\\evil", "/%2f%2fevil", "/\t/evil", "/a/../..//evil", "/structures?x=//evil"]) {
      expect(new URL(adresseRetourSure(v), origine).origin).toBe(origine);
    }
  });
});
