import path from "node:path";

// E2E_INSTANCE (a short name) runs a second, separate browser-test stack beside the usual one: its own database
// folder and ports (E2E_PG_PORT, E2E_SMTP_PORT), its own context file. Used to audit a build while another runs.
const INSTANCE = process.env.E2E_INSTANCE ? `-${process.env.E2E_INSTANCE}` : "";
export const E2E_CONTEXT_FILE = path.join(process.cwd(), ".data", `e2e${INSTANCE}`, "context.json");
/** axe-core's findings, one JSON line per audited screen (support/axe.ts), summed up by `npm run test:a11y`. */
export const E2E_AXE_FILE = path.join(process.cwd(), ".data", `e2e${INSTANCE}`, "axe.jsonl");
export const E2E_PG_DIR = path.join(process.cwd(), ".data", `e2e${INSTANCE}-pg`);
/** What every captcha shows in the browser tests (CAPTCHA_TEST_TEXT). */
export const E2E_CAPTCHA_TEXT = "TEST42";

/** Entries of the shipped INSEE sample (prisma/insee-sample) and of the demo seed the browser tests rely on. */
export const SAMPLE = {
  demoPassword: "Factures-Travaux-2026!",
  nouvelleEntreprise: { siret: "31874025500019", raisonSociale: "MENUISERIES BOIS ALU NORMANDES" },
  etablissementFerme: { siret: "38215764200010" },
  fournisseurDemo: { siret: "41278935600026", raisonSociale: "BATIMENTS DU SUD-OUEST", gestionnaire: "fournisseur@demo.factures-travaux.fr" },
};
