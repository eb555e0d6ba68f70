// `npm run test:a11y`: the RGAA's automated part. Runs the screens' audit (tests/e2e/ecrans.spec.ts: every screen, signed
// out and for each role, at 1280 and 375 px, axe-core on each) and the keyboard-only deposit (tests/e2e/clavier.spec.ts),
// then prints every axe violation (rule, screen, element), the count by rule, and `axe_violations: N` last. Fails when
// a test fails or N > 0. The reference images are left to `npm run test:e2e` (a look, not accessibility).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { EcranAxe } from "./support/axe";
import { E2E_AXE_FILE } from "./support/context";

rmSync(E2E_AXE_FILE, { force: true });
const playwright = spawnSync(
  "npx",
  [
    "playwright",
    "test",
    ...["tests/e2e/ecrans.spec.ts", "tests/e2e/clavier.spec.ts", "tests/e2e/api-docs.spec.ts"].filter((f) => existsSync(f)),
    "--grep-invert",
    "images de référence",
    // Its own results folder: another run in the same tree (E2E_INSTANCE) empties `test-results` when it starts.
    "--output",
    path.join(path.dirname(E2E_AXE_FILE), "resultats"),
    ...process.argv.slice(2),
  ],
  { stdio: "inherit", env: { ...process.env, A11Y_BILAN: "1" } },
);

const ecrans: EcranAxe[] = existsSync(E2E_AXE_FILE)
  ? readFileSync(E2E_AXE_FILE, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as EcranAxe)
  : [];
const parRegle = new Map<string, number>();
let violations = 0;
console.log("");
for (const e of ecrans)
  for (const v of e.violations) {
    violations += 1;
    parRegle.set(v.regle, (parRegle.get(v.regle) ?? 0) + 1);
    console.log(`violation : ${v.regle} (${v.impact}) | ${e.ecran} | ${v.cible} | ${v.aide}`);
  }
const autres = ecrans.flatMap((e) => (e.problemes ?? []).map((p) => `${e.ecran} : ${p}`));
for (const p of autres) console.log(`autre problème : ${p}`);
for (const [regle, n] of [...parRegle].sort((a, b) => b[1] - a[1])) console.log(`par règle : ${regle} ${n}`);
const audites = ecrans.filter((e) => !e.problemes);
const ms = audites.reduce((s, e) => s + e.ms, 0);
console.log(`autres_problemes: ${autres.length}`);
console.log(`ecrans_audites: ${audites.length}`);
console.log(`axe_ms_par_ecran: ${audites.length ? Math.round(ms / audites.length) : 0}`);
console.log(`tests_playwright: ${playwright.status === 0 ? "réussis" : "en échec"}`);
console.log(`axe_violations: ${violations}`);
process.exit(playwright.status !== 0 || violations > 0 || autres.length > 0 || audites.length === 0 ? 1 : 0);
