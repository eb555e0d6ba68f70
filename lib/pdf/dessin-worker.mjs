// Worker thread of lib/pdf/certificat.ts: draws certificates off the request thread, one message at a time.
import { parentPort } from "node:worker_threads";
import { dessinerCertificat } from "./dessin-certificat.mjs";

parentPort.on("message", async ({ id, modele }) => {
  try {
    const pdf = await dessinerCertificat(modele);
    parentPort.postMessage({ id, pdf }, [pdf.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, erreur: error instanceof Error ? error.message : String(error) });
  }
});
