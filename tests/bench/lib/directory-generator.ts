import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { withLuhnKey } from "../../../lib/identifiers/siret";

/**
 * A realistic directory of structures for the search benchmark: raisons sociales built the way French
 * companies are named (trade + surname, legal form + surname, trade + place, individual entrepreneurs
 * « NOM PRENOM », public buyers « COMMUNE DE … »), towns drawn from the official commune list weighted by
 * population (so Paris or Toulouse hold thousands of structures, a hamlet a few), INSEE's upper case
 * without accents for most rows and accented mixed case for those typed on the portal, 3 % confidential.
 * Seeded: the same directory every run.
 */

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The most frequent French surnames, most frequent first (drawn with a Zipf-like law). */
const NOMS_COURANTS =
  "MARTIN BERNARD THOMAS PETIT ROBERT RICHARD DURAND DUBOIS MOREAU LAURENT SIMON MICHEL LEFÈVRE LEROY ROUX DAVID BERTRAND MOREL FOURNIER GIRARD BONNET DUPONT LAMBERT FONTAINE ROUSSEAU VINCENT MULLER LEFEBVRE FAURE ANDRÉ MERCIER BLANC GUÉRIN BOYER GARNIER CHEVALIER FRANÇOIS LEGRAND GAUTHIER GARCIA PERRIN ROBIN CLÉMENT MORIN NICOLAS HENRY ROUSSEL MATHIEU GAUTIER MASSON MARCHAND DUVAL DENIS DUMONT MARIE LEMAIRE NOËL MEYER DUFOUR MEUNIER BRUN BLANCHARD GIRAUD JOLY RIVIÈRE LUCAS BRUNET GAILLARD BARBIER ARNAUD MARTINEZ GÉRARD ROCHE RENARD SCHMITT ROY LEROUX COLIN VIDAL CARON PICARD ROGER FABRE AUBERT LEMOINE RENAUD DUMAS LACROIX OLIVIER PHILIPPE BOURGEOIS PIERRE BENOÎT REY LECLERC PAYET ROLLAND LECLERCQ GUILLAUME LECOMTE LOPEZ JEAN DUPUY GUILLOT HUBERT BERGER CARPENTIER SANCHEZ DUPUIS MOULIN LOUIS DESCHAMPS HUET VASSEUR PEREZ BOUCHER FLEURY ROYER KLEIN JACQUET ADAM PARIS POIRIER MARTY AUBRY GUYOT CARRÉ CHARLES RENAULT CHARPENTIER MÉNARD MAILLARD BARON BERTIN BAILLY HERVÉ SCHNEIDER FERNANDEZ LE GALL COLLET LÉGER BOUVIER JULIEN PRÉVOST MILLET PERROT DANIEL LE ROUX COUSIN GERMAIN BRETON BESSON LANGLOIS RÉMY LE GOFF PELLETIER LÉVÊQUE PERRIER LEBLANC BARRÉ LEBRUN MARCHAL WEBER MALLET HAMON BOULANGER JACOB MONNIER MICHAUD RODRIGUEZ GUICHARD GILLET ÉTIENNE GRONDIN POULAIN TESSIER CHEVALLIER COLLIN CHAUVIN DA SILVA BOUCHET GAY LEMAÎTRE BÉNARD MARÉCHAL HUMBERT REYNAUD ANTOINE HOARAU PERRET BARTHÉLEMY CORDIER PICHON LEJEUNE GILBERT LAMY DELAUNAY PASQUIER CARLIER LAPORTE N'DIAYE DIALLO TRAORÉ HAMIDI BENALI MARTINS FERREIRA"
    .split(" ")
    .map((n) => n.replace(/_/g, " "));
const RACINES =
  "BOUR CHAR GAR MAR BEL ROU FOUR MOR LAN BER CHEV DUR GIR BON FONT VIL MONT BEAU BRUN CLAV DESC PER TOUR MAS LAC VAL ROCH BRET COUR GOD LAB CAST MALL SAV PRAD TEYS VERD QUEN JOUB PLAN GOUR MARS BAST DELP CAZ LAF SOUL TRAV".split(
    " ",
  );
const SUFFIXES = "ET IN ON ARD AND EAU IER OT AUD EL AT ERT ONNET ILLON AIS OUX Y ÈRE AUX ENS AC AN ES OUL ADE IGNE".split(" ");
const PARTICULES = ["", "", "", "", "", "LE ", "DE ", "DU ", "LA ", "DES "];
const PRENOMS =
  "JEAN MARIE PIERRE NATHALIE MICHEL ISABELLE PHILIPPE SYLVIE ALAIN CATHERINE NICOLAS SOPHIE DAVID CÉLINE THOMAS JULIE ÉRIC SANDRINE LAURENT CHRISTINE JEAN-LUC MARIE-CLAIRE KARIM FATIMA YANNICK GAËLLE MATHIEU ÉLODIE FRANÇOIS HÉLÈNE JÉRÔME AURÉLIE STÉPHANE VALÉRIE".split(
    " ",
  );
const METIERS = [
  "BÂTIMENT",
  "CONSTRUCTION",
  "MAÇONNERIE",
  "PLOMBERIE",
  "ÉLECTRICITÉ",
  "MENUISERIE",
  "COUVERTURE",
  "CHARPENTE",
  "PEINTURE",
  "CARRELAGE",
  "TERRASSEMENT",
  "RÉNOVATION",
  "ISOLATION",
  "CHAUFFAGE",
  "ÉTANCHÉITÉ",
  "SERRURERIE",
  "PLÂTRERIE",
  "TRAVAUX PUBLICS",
  "INGÉNIERIE",
  "ARCHITECTURE",
  "ÉLECTRICITÉ GÉNÉRALE",
  "PLOMBERIE CHAUFFAGE",
  "CHARPENTE COUVERTURE",
  "PEINTURE ET DÉCORATION",
  "MENUISERIES ALUMINIUM",
  "MÉTALLERIE",
  "ÉBÉNISTERIE",
  "VRD",
  "FORAGE",
  "DÉMOLITION",
  "DÉSAMIANTAGE",
  "FAÇADES",
  "PAYSAGE",
  "ESPACES VERTS",
  "CLIMATISATION",
  "ASCENSEURS",
  "VITRERIE",
  "SOLS SOUPLES",
  "BUREAU D'ÉTUDES",
  "ÉCONOMIE DE LA CONSTRUCTION",
  "GÉOMÈTRES EXPERTS",
  "CONTRÔLE TECHNIQUE",
  "NETTOYAGE",
  "TRANSPORTS",
  "IMMOBILIER",
  "CONSEIL",
];
const FORMES = ["SARL", "SAS", "SASU", "EURL", "SA", "SCI", "SNC", "SCOP"];
const QUALIFS = [
  "GÉNÉRALE",
  "DU SUD",
  "DE L'OUEST",
  "DU NORD",
  "DE L'EST",
  "DU CENTRE",
  "ET FILS",
  "ET ASSOCIÉS",
  "SERVICES",
  "INDUSTRIE",
  "DES ALPES",
  "DE BRETAGNE",
  "MODERNE",
  "ET CIE",
  "DU LITTORAL",
  "DES PYRÉNÉES",
  "DE PROVENCE",
  "DE LA GARONNE",
  "DU RHÔNE",
  "DE NORMANDIE",
  "DU VAL DE LOIRE",
  "D'AQUITAINE",
];
const PUBLICS = [
  "COMMUNE DE",
  "CENTRE HOSPITALIER DE",
  "COMMUNAUTÉ D'AGGLOMÉRATION DE",
  "OFFICE PUBLIC DE L'HABITAT DE",
  "SYNDICAT DES EAUX DE",
  "LYCÉE PROFESSIONNEL DE",
  "CENTRE COMMUNAL D'ACTION SOCIALE DE",
  "MAIRIE DE",
];
const VOIES = [
  "RUE DE LA RÉPUBLIQUE",
  "AVENUE VICTOR HUGO",
  "RUE JEAN JAURÈS",
  "BOULEVARD DU GÉNÉRAL DE GAULLE",
  "RUE PASTEUR",
  "AVENUE DE LA GARE",
  "RUE DES ÉCOLES",
  "CHEMIN DU MOULIN",
  "PLACE DE L'ÉGLISE",
  "RUE GAMBETTA",
  "ZA DES ARTISANS",
  "ROUTE NATIONALE",
  "RUE DU COMMERCE",
  "QUAI DE LA LOIRE",
];

type Commune = { nom: string; codesPostaux: string[]; cumul: number };

function chargerCommunes(): Commune[] {
  const file = path.join(process.cwd(), "node_modules", "@etalab", "decoupage-administratif", "data", "communes.json");
  const list = (JSON.parse(readFileSync(file, "utf8")) as Array<{ nom: string; type: string; codesPostaux?: string[]; population?: number }>).filter(
    (c) => c.type === "commune-actuelle" && c.codesPostaux?.length && c.population,
  );
  let cumul = 0;
  return list.map((c) => {
    cumul += c.population!;
    return { nom: c.nom, codesPostaux: c.codesPostaux!, cumul };
  });
}

export const sansAccents = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "");
const insee = (s: string) => sansAccents(s).toUpperCase();
const casse = (s: string) => s.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, l: string) => sep + l.toUpperCase());

export type StructureGeneree = {
  siret: string | null;
  raisonSociale: string;
  ville: string | null;
  codePostal: string | null;
  isPublicBuyer: boolean;
  diffusionPartielle: boolean;
};

const esc = (v: string | null) => (v === null ? "\\N" : v.replace(/\\/g, "\\\\").replace(/\t/g, " ").replace(/\n/g, " "));

export const STRUCTURE_COLUMNS = [
  "id",
  "identifierType",
  "identifier",
  "countryCode",
  "raisonSociale",
  "libelle",
  "adresse",
  "codePostal",
  "ville",
  "pays",
  "diffusionPartielle",
  "isPublicBuyer",
  "worksSpaceOpen",
  "active",
  "updatedAt",
] as const;
export const SERVICE_COLUMNS = ["id", "structureId", "code", "libelle", "active", "updatedAt"] as const;

/**
 * Yields COPY text lines (tab-separated) for "Structure" and, for public buyers, "Service", in batches.
 * `onRow` sees every generated structure (to draw the benchmark's queries from real rows).
 */
export function* genererAnnuaire(opts: {
  count: number;
  seed?: number;
  onRow?: (s: StructureGeneree) => void;
}): Generator<{ structures: string; services: string }> {
  const rnd = prng(opts.seed ?? 20261127);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const zipf = <T>(list: readonly T[]): T => list[Math.min(list.length - 1, Math.floor(list.length * rnd() ** 2.2))];
  const communes = chargerCommunes();
  const total = communes[communes.length - 1].cumul;
  const commune = (): Commune => {
    const x = rnd() * total;
    let lo = 0;
    let hi = communes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (communes[mid].cumul < x) lo = mid + 1;
      else hi = mid;
    }
    return communes[lo];
  };
  const nom = () => (rnd() < 0.6 ? zipf(NOMS_COURANTS) : pick(PARTICULES) + pick(RACINES) + pick(SUFFIXES));
  const now = new Date().toISOString();
  const batch = 10_000;
  let structures: string[] = [];
  let services: string[] = [];

  for (let i = 0; i < opts.count; i++) {
    const c = commune();
    const ville = c.nom;
    const publicBuyer = rnd() < 0.02;
    const r = rnd();
    let raison: string;
    if (publicBuyer) raison = `${pick(PUBLICS)} ${ville.toUpperCase()}`;
    else if (r < 0.2) raison = `${nom()} ${pick(PRENOMS)}`;
    else if (r < 0.38) raison = `${pick(METIERS)} ${nom()}`;
    else if (r < 0.48) raison = `${pick(FORMES)} ${nom()}`;
    else if (r < 0.56) raison = `${nom()} ${pick(METIERS)}`;
    else if (r < 0.64) raison = `${pick(METIERS)} ${pick(QUALIFS)}`;
    else if (r < 0.7) raison = `${pick(["ÉTABLISSEMENTS", "ENTREPRISE", "GROUPE", "ATELIER"])} ${nom()}`;
    else if (r < 0.75) raison = `${nom()} ET FILS`;
    else if (r < 0.82) raison = `${pick(METIERS)} DE ${ville.toUpperCase()}`;
    else if (r < 0.88)
      raison = `${String.fromCharCode(65 + Math.floor(rnd() * 26))}${String.fromCharCode(65 + Math.floor(rnd() * 26))}${pick(["BTP", "TP", "B", "R", "E"])} ${pick(METIERS)}`;
    else if (r < 0.94) raison = `${pick(FORMES)} ${pick(METIERS)} ${nom()} ${nom()}`;
    else
      raison = `SCI ${pick(["LES ", "LE ", "DU ", ""])}${pick(["CHÊNES", "TILLEULS", "MOULIN", "PRÉS", "VIGNES", "JARDINS", "HORIZON", "SOLEIL", "PORT", "CLOS"])} ${nom()}`;

    // Most rows come from the INSEE directory (upper case, no accents); some were typed on the portal.
    const portail = rnd() < 0.25;
    const raisonSociale = portail ? casse(raison) : insee(raison);
    const villeStockee = portail ? ville : insee(ville).replace(/-/g, " ").replace(/'/g, " ");
    const codePostal = pick(c.codesPostaux);
    const confidential = !publicBuyer && rnd() < 0.03;
    const siren8 = String(10_000_000 + i * 7 + (i % 7));
    const siret = withLuhnKey(withLuhnKey(siren8) + String(1 + (i % 3)).padStart(4, "0"));
    const id = randomUUID();
    const adresse = `${1 + Math.floor(rnd() * 180)} ${pick(VOIES)}`;
    structures.push(
      [
        id,
        "SIRET",
        siret,
        "FR",
        esc(raisonSociale),
        "\\N",
        esc(adresse),
        codePostal,
        esc(villeStockee),
        "FRANCE",
        confidential ? "t" : "f",
        publicBuyer ? "t" : "f",
        publicBuyer || rnd() < 0.1 ? "t" : "f",
        rnd() < 0.98 ? "t" : "f",
        now,
      ].join("\t"),
    );
    if (publicBuyer) {
      const n = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < n; k++) {
        services.push(
          [
            randomUUID(),
            id,
            `SRV-${k + 1}`,
            esc(pick(["Service technique", "Direction des bâtiments", "Service des marchés", "Département Immobilier", "Services généraux"])),
            "t",
            now,
          ].join("\t"),
        );
      }
    }
    opts.onRow?.({ siret, raisonSociale, ville: villeStockee, codePostal, isPublicBuyer: publicBuyer, diffusionPartielle: confidential });
    if (structures.length === batch) {
      yield { structures: `${structures.join("\n")}\n`, services: services.length ? `${services.join("\n")}\n` : "" };
      structures = [];
      services = [];
    }
  }
  if (structures.length) yield { structures: `${structures.join("\n")}\n`, services: services.length ? `${services.join("\n")}\n` : "" };
}
