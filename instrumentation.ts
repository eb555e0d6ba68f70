// Runs once when a Next.js server process starts (dev and production).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  const config = env(); // stops the server with a clear message when the configuration is wrong
  const { journal } = await import("./lib/journal-technique");
  if (config.CAPTCHA_TEST_TEXT) {
    journal.warn(
      "ATTENTION : CAPTCHA_TEST_TEXT est défini — chaque captcha affiche ce texte. À n'utiliser que pour les tests automatisés, jamais en production.",
    );
  }
  // SIGTERM: a graceful stop within ARRET_DELAI_MS (lib/processus/arret.ts), when the start script hands the
  // signals to the application (NEXT_MANUAL_SIG_HANDLE=true, package.json); else Next's own handler applies.
  if (process.env.NEXT_MANUAL_SIG_HANDLE && process.env.NEXT_PHASE !== "phase-production-build") {
    const { installerArretDuPortail } = await import("./lib/processus/arret");
    installerArretDuPortail(config.ARRET_DELAI_MS);
  }
  const { startWorkers } = await import("./lib/jobs/worker");
  await startWorkers();
}
