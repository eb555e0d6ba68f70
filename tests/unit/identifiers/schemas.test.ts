import { zodResolver } from "@hookform/resolvers/zod";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { identifierSchema, siretField, type IdentifierFormValues } from "@/lib/identifiers/schemas";
import { identifierServerSchema } from "@/lib/identifiers/server";
import { validSiret, withRandomSpaces } from "./helpers";

/** The messages of a failed parse, by field path. */
function errors(input: unknown, schema = identifierSchema) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected a failure, got ${JSON.stringify(result.data)}`);
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
}

const particulier = {
  identifierType: "PARTICULIER",
  identifier: "1 85 05 75 056",
  nom: " Dupont ",
  prenom: "Jeanne",
  adresse: "1 rue de la Paix",
  ville: "Paris",
  codePostal: "75002",
  countryCode: "fr",
};

describe("identifierSchema — normalisation", () => {
  it("SIRET : espaces retirés", () => {
    expect(identifierSchema.parse({ identifierType: "SIRET", identifier: " 130 005 093 00112 " })).toEqual({
      identifierType: "SIRET",
      identifier: "13000509300112",
    });
  });

  it("UE_HORS_FRANCE : pays en majuscules, numéro avec son préfixe", () => {
    expect(identifierSchema.parse({ identifierType: "UE_HORS_FRANCE", countryCode: "gr", identifier: "094.259.216" })).toEqual({
      identifierType: "UE_HORS_FRANCE",
      countryCode: "GR",
      identifier: "EL094259216",
    });
  });

  it("HORS_UE : l'identifiant est calculé", () => {
    expect(identifierSchema.parse({ identifierType: "HORS_UE", countryCode: "us", raisonSociale: "  Acme   Construction Inc. " })).toEqual({
      identifierType: "HORS_UE",
      countryCode: "US",
      raisonSociale: "Acme Construction Inc.",
      identifier: "USACMECONSTRUCTION",
    });
  });

  it("RIDET et TAHITI", () => {
    expect(identifierSchema.parse({ identifierType: "RIDET", identifier: "123 456.001" }).identifier).toBe("0123456001");
    expect(identifierSchema.parse({ identifierType: "TAHITI", identifier: "a12345 001" }).identifier).toBe("A12345001");
  });

  it("PARTICULIER : champs nettoyés", () => {
    expect(identifierSchema.parse(particulier)).toEqual({
      identifierType: "PARTICULIER",
      identifier: "1850575056",
      nom: "Dupont",
      prenom: "Jeanne",
      adresse: "1 rue de la Paix",
      ville: "Paris",
      codePostal: "75002",
      countryCode: "FR",
    });
  });
});

describe("identifierSchema — messages", () => {
  it("type d'identifiant absent ou inconnu", () => {
    expect(errors({})).toEqual({ identifierType: "Choisissez un type d'identifiant." });
    expect(errors({ identifierType: "AUTRE" })).toEqual({ identifierType: "Choisissez un type d'identifiant." });
  });

  it("SIRET", () => {
    expect(errors({ identifierType: "SIRET" })).toEqual({ identifier: "Le numéro SIRET est obligatoire." });
    expect(errors({ identifierType: "SIRET", identifier: "" })).toEqual({ identifier: "Le numéro SIRET est obligatoire." });
    expect(errors({ identifierType: "SIRET", identifier: "1300050930011" })).toEqual({ identifier: "Le numéro SIRET doit comporter 14 chiffres." });
    expect(errors({ identifierType: "SIRET", identifier: "13000509300113" })).toEqual({
      identifier: "Ce numéro SIRET n'est pas valide (clé de contrôle erronée).",
    });
  });

  it("UE_HORS_FRANCE : un message par champ, jamais deux", () => {
    expect(errors({ identifierType: "UE_HORS_FRANCE", countryCode: "FR", identifier: "" })).toEqual({
      countryCode: "Pour une structure française, choisissez le type d'identifiant « SIRET ».",
      identifier: "Le numéro de TVA intracommunautaire est obligatoire.",
    });
    expect(errors({ identifierType: "UE_HORS_FRANCE", countryCode: "US", identifier: "123" })).toEqual({
      countryCode: "Choisissez un pays membre de l'Union européenne.",
    });
    expect(errors({ identifierType: "UE_HORS_FRANCE", countryCode: "DE", identifier: "ATU13585627" })).toEqual({
      identifier: "Ce numéro de TVA est celui d'un autre pays (Autriche) que le pays choisi (Allemagne).",
    });
  });

  it("HORS_UE", () => {
    expect(errors({ identifierType: "HORS_UE", countryCode: "IT", raisonSociale: "" })).toEqual({
      countryCode: "Ce pays est membre de l'Union européenne : choisissez le type d'identifiant « Structure européenne hors France ».",
      raisonSociale: "La raison sociale est obligatoire.",
    });
  });

  it("RIDET, TAHITI", () => {
    expect(errors({ identifierType: "RIDET", identifier: "12" }).identifier).toMatch(/^Le numéro RIDET doit comporter 9 ou 10 chiffres/);
    expect(errors({ identifierType: "TAHITI", identifier: "12" }).identifier).toMatch(/^Le numéro TAHITI doit comporter 9 caractères/);
  });

  it("PARTICULIER : champs obligatoires, code postal français à 5 chiffres", () => {
    expect(errors({ identifierType: "PARTICULIER" })).toEqual({
      identifier: "L'identifiant du particulier est obligatoire.",
      nom: "Le nom est obligatoire.",
      prenom: "Le prénom est obligatoire.",
      adresse: "L'adresse est obligatoire.",
      ville: "La ville est obligatoire.",
      codePostal: "Le code postal est obligatoire.",
      countryCode: "Choisissez un pays.",
    });
    expect(errors({ ...particulier, codePostal: "7500" })).toEqual({ codePostal: "Le code postal doit comporter 5 chiffres." });
    expect(identifierSchema.parse({ ...particulier, countryCode: "GB", codePostal: "sw1a 1aa" })).toMatchObject({ codePostal: "SW1A 1AA" });
    expect(errors({ ...particulier, identifier: "1851375056" })).toEqual({
      identifier: "Les caractères 4 et 5 doivent être le mois de naissance, de 01 à 12.",
    });
    expect(errors({ ...particulier, nom: "x".repeat(256) })).toEqual({ nom: "Ce champ ne doit pas dépasser 255 caractères." });
  });

  it("le schéma serveur vérifie en plus la commune de naissance, pas le schéma client", () => {
    const unknownCommune = { ...particulier, identifier: "1850575999" };
    expect(identifierSchema.safeParse(unknownCommune).success).toBe(true);
    expect(errors(unknownCommune, identifierServerSchema)).toEqual({
      identifier: "Le code 75999 ne correspond à aucune commune du code officiel géographique de l'INSEE.",
    });
    expect(identifierServerSchema.parse(particulier).identifier).toBe("1850575056");
  });
});

describe("avec react-hook-form", () => {
  const options = { fields: {}, shouldUseNativeValidation: false } as const;

  it("zodResolver renvoie les valeurs normalisées, ou les messages par champ", async () => {
    const resolver = zodResolver(identifierSchema);
    const ok = await resolver({ identifierType: "SIRET", identifier: "130 005 093 00112" }, undefined, options);
    expect(ok).toEqual({ values: { identifierType: "SIRET", identifier: "13000509300112" }, errors: {} });
    const ko = await resolver({ identifierType: "HORS_UE", countryCode: "DE", raisonSociale: "Bau" }, undefined, options);
    expect(ko.values).toEqual({});
    expect(ko.errors).toMatchObject({
      countryCode: { message: "Ce pays est membre de l'Union européenne : choisissez le type d'identifiant « Structure européenne hors France »." },
    });
  });

  it("ce que le client a produit se relit à l'identique sur le serveur", () => {
    fc.assert(
      fc.property(
        validSiret.chain((s) => withRandomSpaces(s)),
        (typed) => {
          const client: IdentifierFormValues = identifierSchema.parse({ identifierType: "SIRET", identifier: typed });
          expect(identifierServerSchema.parse(client)).toEqual(client);
        },
      ),
    );
    for (const input of [
      particulier,
      { identifierType: "UE_HORS_FRANCE", countryCode: "gr", identifier: "094259216" },
      { identifierType: "HORS_UE", countryCode: "ca", raisonSociale: "Génie civil" },
    ]) {
      const client = identifierSchema.parse(input);
      expect(identifierServerSchema.parse(client)).toEqual(client);
    }
  });
});

describe("siretField", () => {
  it("se réutilise dans un autre formulaire", () => {
    expect(siretField.parse("356 000 000 00048")).toBe("35600000000048");
    expect(siretField.safeParse("35600000000049").success).toBe(false);
  });
});
