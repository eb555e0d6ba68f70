// npm run lint (after Biome): no "use client" module reaches the database, even through other modules.
//
// Biome checks the direct import boundaries (biome.json: components/ and lib/ never import app/ or scripts/, lib/
// never imports prisma/seed). What it cannot see is a chain: a client component that imports a helper that imports
// the Prisma client ships server code to the browser (or fails the build late). This walks the import graph from
// every "use client" file and fails on the first chain that reaches `lib/db.ts`, the generated Prisma client, or a
// module marked `server-only`. Server actions ("use server" files) are where the walk stops: Next.js sends the
// browser a reference to them, not their code. Type-only imports are skipped (erased at compile time).
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const racine = path.resolve(__dirname, "..");
const DOSSIERS = ["app", "components", "lib", "emails"];
const INTERDITS = [path.join(racine, "lib", "db.ts"), path.join(racine, "lib", "generated", "prisma", "client.ts")];

function fichiers(dossier: string): string[] {
  if (!existsSync(dossier)) return [];
  return readdirSync(dossier).flatMap((nom) => {
    const chemin = path.join(dossier, nom);
    if (statSync(chemin).isDirectory()) return nom === "generated" ? [] : fichiers(chemin);
    return /\.(tsx?|mjs)$/.test(nom) && !nom.endsWith(".d.ts") ? [chemin] : [];
  });
}

const sources = new Map<string, string>();
const lire = (f: string) => {
  let s = sources.get(f);
  if (s === undefined) {
    s = readFileSync(f, "utf8");
    sources.set(f, s);
  }
  return s;
};

/** The directive a module starts with ("use client", "use server"), comments and blank lines aside. */
function directive(source: string): string | null {
  const sans = source.replace(/^(\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/))*\s*/, "");
  return /^["']use (client|server)["']/.exec(sans)?.[1] ?? null;
}

/** The module specifiers a file imports at run time (not `import type` / `export type`). */
function imports(source: string): string[] {
  const out: string[] = [];
  const statique = /(?:^|\n)\s*(import|export)\s+(type\s+)?([\s\S]*?)\s*from\s*["']([^"']+)["']/g;
  for (let m = statique.exec(source); m; m = statique.exec(source)) if (!m[2] && !/^\{?\s*type\s/.test(m[3])) out.push(m[4]);
  for (const m of source.matchAll(/(?:^|\n)\s*import\s+["']([^"']+)["']/g)) out.push(m[1]);
  for (const m of source.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1]);
  return out;
}

function resoudre(depuis: string, specifieur: string): string | null {
  const base = specifieur.startsWith("@/")
    ? path.join(racine, specifieur.slice(2))
    : specifieur.startsWith(".")
      ? path.resolve(path.dirname(depuis), specifieur)
      : null;
  if (!base) return null; // a package
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, path.join(base, "index.ts"), path.join(base, "index.tsx")])
    if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

/** The first chain of imports from `depart` to a forbidden module, or null. */
function chaineVersLaBase(depart: string): string[] | null {
  const vus = new Set<string>();
  const pile: string[][] = [[depart]];
  while (pile.length) {
    const chaine = pile.pop()!;
    const f = chaine.at(-1)!;
    if (vus.has(f)) continue;
    vus.add(f);
    const source = lire(f);
    if (chaine.length > 1 && directive(source) === "server") continue;
    for (const s of imports(source)) {
      if (s === "server-only") return chaine;
      const cible = resoudre(f, s);
      if (!cible) continue;
      if (INTERDITS.includes(cible)) return [...chaine, cible];
      pile.push([...chaine, cible]);
    }
  }
  return null;
}

const clients = DOSSIERS.flatMap((d) => fichiers(path.join(racine, d))).filter((f) => directive(lire(f)) === "client");
const fautes = clients.flatMap((f) => {
  const chaine = chaineVersLaBase(f);
  return chaine ? [chaine.map((c) => path.relative(racine, c)).join(" → ")] : [];
});

if (fautes.length) {
  console.error("Des modules « use client » atteignent la base de données ou un module server-only :");
  for (const f of fautes) console.error(`  ${f}`);
  console.error("Passez les données en props depuis la page, ou les actions serveur depuis un fichier « use server ».");
  process.exit(1);
}
console.log(`Frontières : ${clients.length} modules « use client » vérifiés, aucun n'atteint la base de données.`);
