import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bornePrefixe, motsNormalises, requetesAnnuaire } from "@/lib/structures/annuaire-sql";
import { rechercheStructuresSchema } from "@/lib/structures/recherche-schema";
import { peut, peutAgirSur } from "@/lib/structures/regles";

describe("bornes des recherches par début", () => {
  it("la borne haute est la plus petite chaîne au-delà de toutes celles qui commencent par le préfixe", () => {
    expect(bornePrefixe("4296")).toBe("4297");
    expect(bornePrefixe("4299")).toBe("429:");
    expect(bornePrefixe("atelier")).toBe("atelies");
  });

  it("propriété : toute chaîne qui commence par le préfixe est dans l'intervalle, les autres non (ordre binaire)", () => {
    const alnum = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"), minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(alnum, alnum, (prefix, other) => {
        const upper = bornePrefixe(prefix)!;
        const inRange = other >= prefix && other < upper;
        expect(inRange).toBe(other.startsWith(prefix));
        expect(prefix + other < upper).toBe(true);
      }),
    );
  });
});

describe("mots cherchés", () => {
  it("ignore les petits mots quand d'autres sont tapés, et vérifie à part ceux d'une ou deux lettres", () => {
    expect(motsNormalises("plomberie de la garonne")).toEqual({ longs: ["plomberie", "garonne"], courts: [] });
    expect(motsNormalises("sa bp dupont")).toEqual({ longs: ["dupont"], courts: ["sa", "bp"] });
    expect(motsNormalises("des")).toEqual({ longs: ["des"], courts: [] });
  });
});

describe("schéma de la recherche avancée", () => {
  it("un nombre tapé comme raison sociale se cherche comme SIRET (ou ses premiers chiffres)", () => {
    expect(rechercheStructuresSchema.parse({ q: "130 005 093" })).toMatchObject({ q: undefined, siret: "130005093", page: 1, pageSize: 20 });
  });

  it("refuse une recherche trop courte, un SIRET ou un code postal qui n'en sont pas, une page trop grande", () => {
    const issues = (input: object) => rechercheStructuresSchema.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ q: "ab" })).toEqual(["q: Saisissez au moins un mot de 3 caractères."]);
    expect(issues({ siret: "12" })).toEqual(["siret: Saisissez au moins les 3 premiers chiffres du SIRET."]);
    expect(issues({ codePostal: "ABCDE" })).toEqual(["codePostal: Le code postal comporte 5 chiffres au plus (ou les premiers chiffres seulement)."]);
    expect(issues({ q: "dupont", pageSize: 500 })?.[0]).toMatch(/^pageSize/);
  });
});

describe("requêtes de l'annuaire", () => {
  it("les valeurs saisies passent en paramètres, jamais dans le texte SQL", () => {
    const r = rechercheStructuresSchema.parse({ q: 'x\'; DROP TABLE "Structure"; --', ville: "o'brien" });
    const { page, total } = requetesAnnuaire(r, { q: "x drop table structure", ville: "o brien" });
    for (const sql of [page, total]) {
      expect(sql.text).not.toContain("DROP");
      expect(sql.text).not.toContain("brien");
      expect(sql.values).toContain("drop");
    }
  });

  it("sans mot, les structures d'une ville se comptent et se classent sur l'index de la ville", () => {
    const r = rechercheStructuresSchema.parse({ ville: "Toulouse" });
    const { page } = requetesAnnuaire(r, { q: null, ville: "toulouse" });
    expect(page.text).toContain(`s."rechercheVille" >= $1 AND s."rechercheVille" < $2`);
    expect(page.text).not.toContain("s.active AND");
  });
});

describe("droits (table des règles)", () => {
  it("un gestionnaire secondaire ne touche pas à un gestionnaire principal et n'en nomme pas", () => {
    expect(peutAgirSur("GESTIONNAIRE_SECONDAIRE", "UTILISATEUR_SIMPLE", "GESTIONNAIRE_SECONDAIRE")).toBe(true);
    expect(peutAgirSur("GESTIONNAIRE_SECONDAIRE", "GESTIONNAIRE_PRINCIPAL")).toBe(false);
    expect(peutAgirSur("GESTIONNAIRE_SECONDAIRE", "UTILISATEUR_SIMPLE", "GESTIONNAIRE_PRINCIPAL")).toBe(false);
    expect(peutAgirSur("GESTIONNAIRE_PRINCIPAL", "GESTIONNAIRE_PRINCIPAL", "UTILISATEUR_SIMPLE")).toBe(true);
    expect(peutAgirSur("UTILISATEUR_SIMPLE", "UTILISATEUR_SIMPLE")).toBe(false);
    expect(peut("GESTIONNAIRE_SECONDAIRE", "modifierParametres")).toBe(false);
  });
});
