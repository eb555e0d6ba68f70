import { appendFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { BrowserContext, Page } from "@playwright/test";
import type { AxeResults } from "axe-core";
import { E2E_AXE_FILE } from "./context";

// The RGAA's automated part: axe-core on the screen as it is (a dialog open, an upload running), with the WCAG 2.1
// A and AA rules. Each screen's result is appended to E2E_AXE_FILE (one JSON line) for `npm run test:a11y`'s summary.
// axe-core is the one @axe-core/playwright ships; it is loaded into each page by the context (`preparerAxe`) and run by
// `axe.run`, violations only: AxeBuilder's default mode injects its 500 kB into the page at each analysis and finishes
// in a new page, 10 to 20 times slower for the same result (measured: 1.6–6.8 s per screen against 0.1–0.6 s).

export const TAGS_WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** One element that breaks one rule. */
export type ViolationAxe = { regle: string; impact: string; cible: string; aide: string };

/** One audited screen, as written to E2E_AXE_FILE; or (`problemes`) what else a walk found, under `npm run test:a11y`. */
export type EcranAxe = { ecran: string; ms: number; violations: ViolationAxe[]; problemes?: string[] };

const SOURCE_AXE = readFileSync(createRequire(require.resolve("@axe-core/playwright")).resolve("axe-core/axe.min.js"), "utf8");

/** Loads axe-core into every page of the context (an init script: the portal's CSP does not apply to it). */
export const preparerAxe = (context: BrowserContext) => context.addInitScript(SOURCE_AXE);

export async function auditerAxe(page: Page, ecran: string): Promise<EcranAxe> {
  const debut = performance.now();
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(SOURCE_AXE);
  // A dialog just opened fades in (a CSS transition of its opacity): colours measured mid-way fail the contrast rule
  // for text that is fine once shown. Every running animation and transition is let finish first.
  // (Finite ones only, and 3 s at most: a spinner turns forever.)
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)))
          .map((a) => a.finished.catch(() => undefined)),
      ),
      new Promise((r) => setTimeout(r, 3000)),
    ]),
  );
  const resultat = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (c: Document, o: object) => Promise<AxeResults> } }).axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
      }),
    TAGS_WCAG,
  );
  const ms = Math.round(performance.now() - debut);
  const violations = resultat.violations.flatMap((v) =>
    v.nodes.map((n) => ({ regle: v.id, impact: v.impact ?? "", cible: n.target.map(String).join(" "), aide: v.help })),
  );
  const ligne: EcranAxe = { ecran, ms, violations };
  appendFileSync(E2E_AXE_FILE, `${JSON.stringify(ligne)}\n`);
  return ligne;
}

/** Under `npm run test:a11y`: the walk's other findings (a screen that did not load, a clipped label…), for its summary. */
export function noterProblemes(ecran: string, problemes: string[]) {
  if (problemes.length) appendFileSync(E2E_AXE_FILE, `${JSON.stringify({ ecran, ms: 0, violations: [], problemes } satisfies EcranAxe)}\n`);
}

/** The lines a test failure shows: rule, element, what the rule asks. */
export const decrireViolations = (a: EcranAxe) => a.violations.map((v) => `axe ${v.regle} (${v.impact}) : ${v.cible} — ${v.aide}`);

/**
 * `A11Y_BILAN=1` (set by `npm run test:a11y`): the screens' tests record axe's violations and their other findings
 * without failing on them, so that the walk goes on through every screen and role (the audit is serial: one failure
 * would skip the rest) and the summary counts them all; the summary fails instead. Otherwise (`npm test`), a violation
 * or a finding fails the screen's test.
 */
export const AXE_ECHOUE_AU_TEST = process.env.A11Y_BILAN !== "1";
