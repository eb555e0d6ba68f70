import { describe, expect, it } from "vitest";
import { ibanImprime, masquerIban } from "@/lib/structures/comptes-bancaires";
import { compteBancaireSchema, erreurBic, erreurIban } from "@/lib/structures/comptes-bancaires-schema";
import { modeleCertificat } from "@/lib/pdf/certificat";
import type { ContenuCertificat } from "@/lib/invoices/certificat";
import { ibanDeTest } from "@/prisma/seed/factories";

describe("IBAN masqué", () => {
  it("garde le code pays, la clé et les 4 derniers caractères, au format imprimé", () => {
    expect(masquerIban("FR7630006000011234567890189")).toBe("FR76 **** **** **** **** ***0 189");
    // Whatever the input format.
    expect(masquerIban("fr76 3000 6000 0112 3456 7890 189")).toBe("FR76 **** **** **** **** ***0 189");
    expect(masquerIban("DE89370400440532013000")).toBe("DE89 **** **** **** **30 00");
  });

  it("ne laisse voir aucun autre chiffre, quelle que soit la longueur", () => {
    for (let i = 0; i < 50; i++) {
      const iban = ibanDeTest();
      const masque = masquerIban(iban).replace(/ /g, "");
      expect(masque).toHaveLength(iban.length);
      expect(masque.slice(0, 4)).toBe(iban.slice(0, 4));
      expect(masque.slice(-4)).toBe(iban.slice(-4));
      expect(masque.slice(4, -4)).toMatch(/^\*+$/);
    }
    // Too short to be an IBAN: only its first 4 characters show.
    expect(masquerIban("FR761234")).toBe("FR76 ****");
  });

  it("le format imprimé regroupe par 4", () => {
    expect(ibanImprime("FR7630006000011234567890189")).toBe("FR76 3000 6000 0112 3456 7890 189");
  });
});

describe("saisie des coordonnées bancaires", () => {
  const saisie = { libelle: " Compte principal ", titulaire: "BATIMENTS DU SUD-OUEST", iban: "fr76 3000 6000 0112 3456 7890 189", bic: "bnpa frpp xxx" };

  it("garde l'IBAN et le BIC au format électronique (sans espaces, en majuscules)", () => {
    expect(compteBancaireSchema.parse(saisie)).toEqual({
      libelle: "Compte principal",
      titulaire: "BATIMENTS DU SUD-OUEST",
      iban: "FR7630006000011234567890189",
      bic: "BNPAFRPPXXX",
    });
  });

  it("dit en français ce qui ne va pas dans l'IBAN", () => {
    expect(erreurIban("FR7630006000011234567890188")).toBe("L'IBAN saisi n'est pas valide : vérifiez sa clé de contrôle.");
    expect(erreurIban("FR763000600001123456789018")).toBe("L'IBAN saisi n'a pas la bonne longueur : 27 caractères pour ce pays, 26 saisis.");
    expect(erreurIban("3000600001123456789018")).toMatch(/^L'IBAN doit commencer par le code de son pays/);
    expect(erreurIban("")).toBe("L'IBAN est obligatoire.");
    expect(erreurIban("DE89370400440532013000")).toBeNull();
  });

  it("refuse un BIC mal formé ou d'un pays inconnu", () => {
    expect(erreurBic("BNPAFRP")).toMatch(/^Le BIC saisi n'est pas valide/);
    expect(erreurBic("BNPAZZPP")).toMatch(/^Le BIC saisi n'est pas valide/);
    expect(erreurBic("BNPAFRPP")).toBeNull();
  });

  it("rapporte chaque champ fautif sous son nom", () => {
    const r = compteBancaireSchema.safeParse({ libelle: "", titulaire: "", iban: "FR7630006000011234567890188", bic: "X" });
    expect(r.success).toBe(false);
    const champs = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(champs).toEqual({
      libelle: "Le libellé est obligatoire.",
      titulaire: "Le titulaire du compte est obligatoire.",
      iban: "L'IBAN saisi n'est pas valide : vérifiez sa clé de contrôle.",
      bic: "Le BIC saisi n'est pas valide : 8 ou 11 caractères, par exemple BNPAFRPP ou BNPAFRPPXXX.",
    });
  });
});

describe("certificat de dépôt", () => {
  const base = {
    deposeLe: "2026-11-27T10:15:00.000Z",
    deposant: { raisonSociale: "BATIMENTS DU SUD-OUEST", identifiant: "41278935600026", utilisateur: "Jeanne Martin <jeanne.martin@example.fr>" },
    cadre: { code: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", court: "A4", libelle: "Projet de décompte mensuel" },
    moa: { raisonSociale: "MINISTERE DE LA CULTURE", identifiant: "13000509300112" },
    facture: {
      numero: "F-1",
      date: "2026-11-20",
      devise: "EUR",
      typeTva: "TVA sur les débits",
      montantHt: "100",
      montantTva: "20",
      montantTtc: "120",
      lignesTva: [],
    },
    fichiers: [],
    dossier: "DF00000042",
    statut: "Mise à disposition de la MOE",
  } as unknown as ContenuCertificat;
  const textes = (c: ContenuCertificat) =>
    modeleCertificat(c, "FT0000000001", "a".repeat(64)).blocs.flatMap((b) => ("libelle" in b ? [b.libelle, b.valeur] : [b.texte]));

  it("montre les références et les coordonnées bancaires, l'IBAN masqué", () => {
    const t = textes({
      ...base,
      references: { numeroMarche: "2026-TRAV-014", numeroEngagement: "1300045871" },
      compteBancaire: { titulaire: "BATIMENTS DU SUD-OUEST", ibanMasque: "FR76 **** **** **** **** ***0 189", bic: "BNPAFRPPXXX" },
    });
    expect(t).toEqual(expect.arrayContaining(["Références", "Numéro de marché", "2026-TRAV-014", "Numéro d'engagement juridique (EJ)", "1300045871"]));
    expect(t).toEqual(expect.arrayContaining(["Coordonnées bancaires de paiement", "IBAN (masqué)", "FR76 **** **** **** **** ***0 189", "BNPAFRPPXXX"]));
    expect(t).not.toContain("Numéro de bon de commande");
  });

  it("un certificat émis avant ces champs se dessine comme avant", () => {
    const t = textes(base);
    expect(t).not.toContain("Références");
    expect(t).not.toContain("Coordonnées bancaires de paiement");
  });
});
