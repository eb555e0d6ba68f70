// The PDF worker thread (lib/pdf/fil.ts): draws certificates and reads attachments off the request thread, one
// message at a time.
import { parentPort } from "node:worker_threads";
import { dessinerCertificat } from "./dessin-certificat.mjs";
import { lirePdf } from "./lecture-pdf.mjs";

parentPort.on("message", async ({ id, tache, modele, octets }) => {
  try {
    if (tache === "dessiner") {
      const pdf = await dessinerCertificat(modele);
      parentPort.postMessage({ id, resultat: pdf }, [pdf.buffer]);
    } else if (tache === "lire") {
      parentPort.postMessage({ id, resultat: await lirePdf(octets) });
    } else throw new Error(`tâche inconnue : ${tache}`);
  } catch (error) {
    parentPort.postMessage({ id, erreur: error instanceof Error ? error.message : String(error) });
  }
});
