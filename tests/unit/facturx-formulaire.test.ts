import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { differences, differencesParties, valeursDuFichier } from "@/lib/facturx/formulaire";
import { lireFactureElectronique } from "@/lib/facturx/lecture";

const lire = async (nom: string) => (await lireFactureElectronique(readFileSync(path.join(__dirname, "../fixtures/en16931", nom)))).facture;

describe("« Importer une facture électronique » : le formulaire rempli et les différences", () => {
  it("les champs de l'étape « Facture » remplis avec le fichier, montants comme on les saisit", async () => {
    const f = await lire("CII_example1.xml");
    expect(valeursDuFichier(f)).toEqual({
      numero: "12115118",
      dateFacture: "2015-01-09",
      devise: "EUR",
      typePiece: "FACTURE",
      typeTva: "TVA_SUR_DEBIT",
      lignesTva: [
        { taux: "6", baseHt: "183,23", montantTva: "10,99" },
        { taux: "21", baseHt: "46,37", montantTva: "9,74" },
      ],
      montantHt: "229,60",
      montantTva: "20,73",
      montantTtc: "250,33",
    });
    // An acompte already paid: the net à payer too.
    expect(valeursDuFichier(await lire("CII_example2.xml"))).toMatchObject({ montantTtc: "1 801,78", netAPayer: "801,78" });
  });

  it("un avoir exonéré : montants négatifs, TVA « Exonéré » avec son motif", async () => {
    expect(valeursDuFichier(await lire("ubl-tc434-creditnote1.xml"))).toMatchObject({
      typePiece: "AVOIR",
      typeTva: "EXONERATION",
      motifExonerationTva: "Taxes are not applicable",
      montantHt: "-100,11",
      montantTtc: "-100,11",
    });
  });

  it("chaque champ saisi autrement que dans le fichier est signalé, les montants comparés en centimes", async () => {
    const f = await lire("CII_example1.xml");
    const saisie = { ...valeursDuFichier(f), montantHt: "229.6" };
    expect(differences(saisie, f)).toEqual([]);
    expect(differences({ ...saisie, montantTtc: "250,00", numero: "12115119" }, f)).toEqual([
      { champ: "numero", libelle: "Numéro de la facture", saisi: "12115119", fichier: "12115118" },
      { champ: "montantTtc", libelle: "Montant total TTC", saisi: "250,00", fichier: "250,33" },
    ]);
  });

  it("l'étape « Parties » comparée au fichier : SIRET de l'acheteur, code service, marché, commande (bon de commande ou engagement)", async () => {
    const f = await lire("CII_example1.xml");
    const fichier = {
      ...f,
      acheteur: { ...f.acheteur, siret: "21750001600019" },
      referenceAcheteur: "DEPT-IMMO",
      contrat: "M-2026-014",
      commande: "EJ-4500012345",
    };
    const conforme = { moaSiret: "21750001600019", moaNom: "Ville", codeService: "dept-immo", numeroMarche: "M-2026-014", numeroEngagement: "EJ-4500012345" };
    expect(differencesParties(conforme, fichier)).toEqual([]);
    // The order matches a bon de commande as well as an engagement juridique.
    expect(differencesParties({ ...conforme, numeroEngagement: null, numeroBonCommande: "EJ-4500012345" }, fichier)).toEqual([]);
    expect(differencesParties({ moaSiret: "13000000000019", moaNom: "Autre acheteur", codeService: "DEPT-IMMO", numeroMarche: null }, fichier)).toEqual([
      { champ: "moaSiret", libelle: "SIRET de la maîtrise d'ouvrage", saisi: "13000000000019 (Autre acheteur)", fichier: "21750001600019" },
      { champ: "numeroMarche", libelle: "Numéro de marché", saisi: "(vide)", fichier: "M-2026-014" },
      { champ: "numeroBonCommande", libelle: "Numéro de bon de commande ou d'engagement juridique", saisi: "(vide)", fichier: "EJ-4500012345" },
    ]);
    // A file that names no buyer SIRET, reference or order flags nothing of them.
    const muet = { ...f, acheteur: { ...f.acheteur, siret: undefined }, referenceAcheteur: undefined, contrat: undefined, commande: undefined };
    expect(differencesParties({ moaSiret: "13000000000019" }, muet)).toEqual([]);
  });
});
