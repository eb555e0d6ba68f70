import { createWriteStream, type WriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { once } from "node:events";
import { ETABLISSEMENT_HEADER, UNITE_LEGALE_HEADER, csvLine, withLuhnKey, type EtablissementRecord, type UniteLegaleRecord } from "./sirene-format";

/**
 * Writes a realistic pair of Sirene stock files in INSEE's official layout: `etablissements` establishments
 * and their legal units, sorted by SIREN as INSEE's files are, with INSEE's proportions of individual
 * entrepreneurs, closed establishments, confidential entries ([ND]) and foreign addresses.
 */

export type GeneratedPair = {
  unitesLegales: number;
  etablissements: number;
  /** A uniform random sample of the generated SIRETs. */
  sampleSirets: string[];
  bytes: number;
};

/** Small, fast, seeded PRNG (mulberry32): the same files every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRENOMS = [
  "JEAN",
  "MARIE",
  "PIERRE",
  "NATHALIE",
  "MICHEL",
  "ISABELLE",
  "PHILIPPE",
  "SYLVIE",
  "ALAIN",
  "CATHERINE",
  "NICOLAS",
  "SOPHIE",
  "DAVID",
  "CELINE",
  "THOMAS",
  "JULIE",
  "ERIC",
  "SANDRINE",
  "LAURENT",
  "CHRISTINE",
  "JEAN-LUC",
  "MARIE-CLAIRE",
  "KARIM",
  "FATIMA",
  "YANNICK",
  "GAELLE",
  "MATHIEU",
  "ELODIE",
];
const NOMS = [
  "MARTIN",
  "BERNARD",
  "THOMAS",
  "PETIT",
  "ROBERT",
  "RICHARD",
  "DURAND",
  "DUBOIS",
  "MOREAU",
  "LAURENT",
  "SIMON",
  "MICHEL",
  "LEFEBVRE",
  "LEROY",
  "ROUX",
  "DAVID",
  "BERTRAND",
  "MOREL",
  "FOURNIER",
  "GIRARD",
  "BONNET",
  "DUPONT",
  "LAMBERT",
  "FONTAINE",
  "ROUSSEAU",
  "VINCENT",
  "MULLER",
  "LEFEVRE",
  "FAURE",
  "ANDRE",
  "MERCIER",
  "BLANC",
  "GUERIN",
  "BOYER",
  "GARNIER",
  "CHEVALIER",
  "FRANCOIS",
  "LEGRAND",
  "GAUTHIER",
  "GARCIA",
  "N'DIAYE",
  "LE GALL",
];
const METIERS = [
  "BATIMENT",
  "CONSTRUCTION",
  "MACONNERIE",
  "PLOMBERIE",
  "ELECTRICITE",
  "MENUISERIE",
  "COUVERTURE",
  "CHARPENTE",
  "PEINTURE",
  "CARRELAGE",
  "TERRASSEMENT",
  "RENOVATION",
  "ISOLATION",
  "CHAUFFAGE",
  "ETANCHEITE",
  "SERRURERIE",
  "PLATRERIE",
  "TRAVAUX PUBLICS",
  "INGENIERIE",
  "ARCHITECTURE",
  "CONSEIL",
  "TRANSPORTS",
  "IMMOBILIER",
  "RESTAURATION",
  "COMMERCE",
];
const QUALIFS = [
  "GENERALE",
  "DU SUD",
  "DE L'OUEST",
  "DU NORD",
  "DE L'EST",
  "DU CENTRE",
  "ET FILS",
  "ET ASSOCIES",
  "SERVICES",
  "INDUSTRIE",
  "DES ALPES",
  "DE BRETAGNE",
  "MODERNE",
  "PLUS",
  "ET CIE",
  "DU LITTORAL",
  "DES PYRENEES",
  "DE PROVENCE",
];
const FORMES: Array<[cj: string, weight: number, sigle: string]> = [
  ["5710", 0.42, "SAS"],
  ["5499", 0.3, "SARL"],
  ["6540", 0.12, "SCI"],
  ["9220", 0.08, "ASSOCIATION"],
  ["5599", 0.04, "SA"],
  ["5720", 0.04, "SASU"],
];
const NAF = [
  "41.20A",
  "41.20B",
  "43.21A",
  "43.22A",
  "43.22B",
  "43.31Z",
  "43.32A",
  "43.33Z",
  "43.34Z",
  "43.39Z",
  "43.91A",
  "43.91B",
  "43.99C",
  "71.11Z",
  "71.12B",
  "68.20B",
  "56.10A",
  "47.11B",
  "49.41A",
  "62.01Z",
  "70.22Z",
  "86.21Z",
  "96.02A",
];
const TYPES_VOIE = ["RUE", "RUE", "RUE", "AV", "BD", "CHE", "RTE", "PL", "IMP", "ALL", "QUAI", "CRS", "LD", "ZA"];
const VOIES = [
  "DE LA REPUBLIQUE",
  "VICTOR HUGO",
  "JEAN JAURES",
  "DU GENERAL DE GAULLE",
  "PASTEUR",
  "DE LA GARE",
  "DES ECOLES",
  "DU MOULIN",
  "DE L'EGLISE",
  "DE PARIS",
  "GAMBETTA",
  "DES LILAS",
  "DU STADE",
  "JEAN MOULIN",
  "DE LA LIBERATION",
  "FOCH",
  "DES ARTISANS",
  "DE LA MAIRIE",
  "DU 8 MAI 1945",
  "DES CHENES",
  "SAINT-MARTIN",
  "DE LA PAIX",
  "CLEMENCEAU",
  "DU COMMERCE",
];
const COMMUNES: Array<[cp: string, code: string, libelle: string]> = [
  ["75011", "75111", "PARIS"],
  ["75015", "75115", "PARIS"],
  ["13001", "13201", "MARSEILLE"],
  ["69003", "69383", "LYON"],
  ["31000", "31555", "TOULOUSE"],
  ["06000", "06088", "NICE"],
  ["44000", "44109", "NANTES"],
  ["34000", "34172", "MONTPELLIER"],
  ["67000", "67482", "STRASBOURG"],
  ["33000", "33063", "BORDEAUX"],
  ["59000", "59350", "LILLE"],
  ["35000", "35238", "RENNES"],
  ["51100", "51454", "REIMS"],
  ["83000", "83137", "TOULON"],
  ["38000", "38185", "GRENOBLE"],
  ["21000", "21231", "DIJON"],
  ["49000", "49007", "ANGERS"],
  ["30000", "30189", "NIMES"],
  ["63000", "63113", "CLERMONT-FERRAND"],
  ["37000", "37261", "TOURS"],
  ["64000", "64445", "PAU"],
  ["64100", "64102", "BAYONNE"],
  ["33700", "33281", "MERIGNAC"],
  ["24000", "24322", "PERIGUEUX"],
  ["47000", "47001", "AGEN"],
  ["40100", "40088", "DAX"],
  ["65000", "65440", "TARBES"],
  ["81000", "81004", "ALBI"],
  ["12000", "12202", "RODEZ"],
  ["46000", "46042", "CAHORS"],
  ["97400", "97411", "SAINT-DENIS"],
  ["20000", "2A004", "AJACCIO"],
  ["29200", "29019", "BREST"],
  ["14000", "14118", "CAEN"],
  ["76000", "76540", "ROUEN"],
];
const PAYS: Array<[code: string, libelle: string, ville: string]> = [
  ["99131", "BELGIQUE", "1000 BRUXELLES"],
  ["99109", "ALLEMAGNE", "10115 BERLIN"],
  ["99134", "ESPAGNE", "28001 MADRID"],
  ["99140", "SUISSE", "1201 GENEVE"],
  ["99137", "LUXEMBOURG", "L-1118 LUXEMBOURG"],
  ["99127", "ITALIE", "20121 MILANO"],
  ["99132", "ROYAUME-UNI", "LONDON EC1A 1BB"],
];
const TRANCHES = ["NN", "NN", "NN", "00", "01", "02", "03", "11", "12", "21", "22", "31"];

export async function generateSirenePair(opts: {
  unitesLegalesPath: string;
  etablissementsPath: string;
  etablissements: number;
  sampleSize?: number;
  seed?: number;
}): Promise<GeneratedPair> {
  const rnd = prng(opts.seed ?? 20251118);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const date = (from: number, to: number) => {
    const y = from + Math.floor(rnd() * (to - from + 1));
    return `${y}-${String(1 + Math.floor(rnd() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rnd() * 28)).padStart(2, "0")}`;
  };
  const ulOut = new Batcher(opts.unitesLegalesPath, UNITE_LEGALE_HEADER.join(","));
  const etOut = new Batcher(opts.etablissementsPath, ETABLISSEMENT_HEADER.join(","));
  const sampleSize = opts.sampleSize ?? 2000;
  const sample: string[] = [];
  let sirenBase = 30_000_000;
  let unites = 0;
  let etabs = 0;

  while (etabs < opts.etablissements) {
    sirenBase += 1 + Math.floor(rnd() * 90);
    const siren = withLuhnKey(String(sirenBase));
    const r = rnd();
    const count = Math.min(opts.etablissements - etabs, r < 0.74 ? 1 : r < 0.9 ? 2 : r < 0.96 ? 3 : 4 + Math.floor(rnd() * 8));
    const ei = rnd() < 0.45;
    const confidential = ei && rnd() < 0.08;
    const cessee = rnd() < 0.35;
    const created = date(1975, 2025);
    const naf = pick(NAF);
    const nics = Array.from({ length: count }, (_, i) => withLuhnKey(`${siren}${String(i + 1).padStart(4, "0")}`).slice(9));
    const siegeIndex = count - 1;
    const ul: UniteLegaleRecord = {
      siren,
      statutDiffusionUniteLegale: confidential ? "P" : "O",
      dateCreationUniteLegale: created,
      trancheEffectifsUniteLegale: pick(TRANCHES),
      dateDernierTraitementUniteLegale: `${date(2015, 2025)}T${String(Math.floor(rnd() * 24)).padStart(2, "0")}:14:37`,
      nombrePeriodesUniteLegale: String(1 + Math.floor(rnd() * 6)),
      categorieEntreprise: rnd() < 0.97 ? "PME" : "ETI",
      anneeCategorieEntreprise: "2022",
      dateDebut: date(2008, 2025),
      etatAdministratifUniteLegale: cessee ? "C" : "A",
      activitePrincipaleUniteLegale: naf,
      nomenclatureActivitePrincipaleUniteLegale: "NAFRev2",
      nicSiegeUniteLegale: nics[siegeIndex],
      economieSocialeSolidaireUniteLegale: "N",
      caractereEmployeurUniteLegale: rnd() < 0.3 ? "O" : "N",
    };
    if (ul.trancheEffectifsUniteLegale !== "NN") ul.anneeEffectifsUniteLegale = "2023";
    if (ei) {
      ul.categorieJuridiqueUniteLegale = "1000";
      if (confidential) {
        Object.assign(ul, { sexeUniteLegale: "[ND]", prenom1UniteLegale: "[ND]", prenomUsuelUniteLegale: "[ND]", nomUniteLegale: "[ND]" });
      } else {
        const prenom = pick(PRENOMS);
        Object.assign(ul, { sexeUniteLegale: rnd() < 0.5 ? "M" : "F", prenom1UniteLegale: prenom, prenomUsuelUniteLegale: prenom, nomUniteLegale: pick(NOMS) });
        if (rnd() < 0.3) ul.prenom2UniteLegale = pick(PRENOMS);
      }
    } else {
      let x = rnd();
      const forme =
        FORMES.find(([, w]) => {
          x -= w;
          return x < 0;
        }) ?? FORMES[0];
      ul.categorieJuridiqueUniteLegale = forme[0];
      const q = rnd();
      const name =
        q < 0.01
          ? `${pick(METIERS)} ${pick(NOMS)}, ${pick(QUALIFS)}`
          : q < 0.012
            ? `${forme[2]} "${pick(NOMS)} ${pick(METIERS)}"`
            : q < 0.5
              ? `${pick(METIERS)} ${pick(QUALIFS)}`
              : `${pick(NOMS)} ${pick(METIERS)}${rnd() < 0.4 ? ` ${pick(QUALIFS)}` : ""}`;
      ul.denominationUniteLegale = name;
      if (rnd() < 0.15)
        ul.sigleUniteLegale = name
          .split(" ")
          .map((w) => w[0])
          .join("")
          .replace(/[^A-Z]/g, "");
    }
    ulOut.push(csvLine(UNITE_LEGALE_HEADER, ul));
    unites++;

    for (let i = 0; i < count; i++) {
      const nic = nics[i];
      const siret = siren + nic;
      const foreign = rnd() < 0.003;
      const [cp, code, libelle] = pick(COMMUNES);
      const et: EtablissementRecord = {
        siren,
        nic,
        siret,
        statutDiffusionEtablissement: confidential ? "P" : "O",
        dateCreationEtablissement: date(1975, 2025),
        trancheEffectifsEtablissement: pick(TRANCHES),
        dateDernierTraitementEtablissement: `${date(2015, 2025)}T0${Math.floor(rnd() * 10)}:42:17`,
        etablissementSiege: i === siegeIndex ? "true" : "false",
        nombrePeriodesEtablissement: String(1 + Math.floor(rnd() * 4)),
        dateDebut: date(2008, 2025),
        etatAdministratifEtablissement: cessee || (i < siegeIndex && rnd() < 0.5) || rnd() < 0.15 ? "F" : "A",
        activitePrincipaleEtablissement: naf,
        nomenclatureActivitePrincipaleEtablissement: "NAFRev2",
        caractereEmployeurEtablissement: rnd() < 0.3 ? "O" : "N",
      };
      if (et.trancheEffectifsEtablissement !== "NN") et.anneeEffectifsEtablissement = "2023";
      const numero = String(1 + Math.floor(rnd() * 250));
      if (confidential) {
        Object.assign(et, {
          numeroVoieEtablissement: "[ND]",
          typeVoieEtablissement: "[ND]",
          libelleVoieEtablissement: "[ND]",
          codePostalEtablissement: "[ND]",
          libelleCommuneEtablissement: libelle,
          codeCommuneEtablissement: code,
          identifiantAdresseEtablissement: "[ND]",
          coordonneeLambertAbscisseEtablissement: "[ND]",
          coordonneeLambertOrdonneeEtablissement: "[ND]",
        });
      } else if (foreign) {
        const [codePays, pays, ville] = pick(PAYS);
        Object.assign(et, {
          numeroVoieEtablissement: numero,
          libelleVoieEtablissement: `${pick(["RUE", "AVENUE", "STRASSE", "CALLE"])} ${pick(NOMS)}`,
          libelleCommuneEtrangerEtablissement: ville,
          codePaysEtrangerEtablissement: codePays,
          libellePaysEtrangerEtablissement: pays,
        });
      } else {
        const type = pick(TYPES_VOIE);
        Object.assign(et, {
          numeroVoieEtablissement: type === "LD" ? "" : numero,
          indiceRepetitionEtablissement: rnd() < 0.06 ? pick(["B", "T"]) : "",
          typeVoieEtablissement: type,
          libelleVoieEtablissement: type === "LD" ? `LE ${pick(NOMS)}` : pick(VOIES),
          complementAdresseEtablissement: rnd() < 0.12 ? (rnd() < 0.1 ? `BATIMENT ${pick(["A", "B", "C"])}, ${numero} ETAGE` : `ZA ${pick(VOIES)}`) : "",
          codePostalEtablissement: cp,
          libelleCommuneEtablissement: libelle,
          codeCommuneEtablissement: code,
          identifiantAdresseEtablissement: `${code}_${String(1000 + Math.floor(rnd() * 8999))}_${numero.padStart(5, "0")}`,
          coordonneeLambertAbscisseEtablissement: (300000 + rnd() * 800000).toFixed(1),
          coordonneeLambertOrdonneeEtablissement: (6100000 + rnd() * 1000000).toFixed(1),
        });
      }
      if (!confidential && rnd() < 0.1) et.enseigne1Etablissement = `${pick(METIERS)} ${pick(NOMS)}`;
      etOut.push(csvLine(ETABLISSEMENT_HEADER, et));
      etabs++;
      // Reservoir sampling: a uniform sample of the SIRETs without keeping them all.
      if (sample.length < sampleSize) sample.push(siret);
      else {
        const j = Math.floor(rnd() * etabs);
        if (j < sampleSize) sample[j] = siret;
      }
    }
    if (ulOut.pending > 4_000_000) await ulOut.flush();
    if (etOut.pending > 4_000_000) await etOut.flush();
  }
  const bytes = (await ulOut.close()) + (await etOut.close());
  return { unitesLegales: unites, etablissements: etabs, sampleSirets: sample, bytes };
}

/** Accumulates lines and writes them in large chunks, honouring back-pressure. */
class Batcher {
  private readonly out: WriteStream;
  private lines: string[] = [];
  pending = 0;
  private written = 0;
  constructor(
    private readonly path: string,
    header: string,
  ) {
    this.out = createWriteStream(path);
    this.push(header);
  }
  push(line: string): void {
    this.lines.push(line);
    this.pending += line.length + 1;
  }
  async flush(): Promise<void> {
    if (!this.lines.length) return;
    const chunk = `${this.lines.join("\n")}\n`;
    this.lines = [];
    this.pending = 0;
    this.written += Buffer.byteLength(chunk);
    if (!this.out.write(chunk)) await once(this.out, "drain");
  }
  async close(): Promise<number> {
    await this.flush();
    this.out.end();
    await once(this.out, "close");
    // On disk before the import is timed: its writing back must not count against the import.
    const handle = await open(this.path, "r+");
    await handle.sync();
    await handle.close();
    return this.written;
  }
}
