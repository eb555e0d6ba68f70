// A worker of the PDF pool (lib/pdf/fil.ts): draws certificates and reads uploaded PDFs off the request thread, one
// task at a time. The pool stops it (terminate) when a task runs over its time, and V8 when it runs over its memory
// (resourceLimits): it holds nothing that needs closing.
import { parentPort } from "node:worker_threads";
import { dessinerCertificat } from "./dessin-certificat.mjs";
import { lirePdf } from "./lecture-pdf.mjs";
import { xmlIncorpore } from "./xml-incorpore.mjs";

parentPort.on("message", async ({ id, tache, modele, octets }) => {
  // Started: the task's time counts from here (not from the worker's start, loading pdf-lib takes a while).
  parentPort.postMessage({ id, debut: true });
  try {
    if (tache === "dessiner") {
      const pdf = await dessinerCertificat(modele);
      parentPort.postMessage({ id, resultat: pdf }, [pdf.buffer]);
    } else if (tache === "lire") {
      parentPort.postMessage({ id, resultat: await lirePdf(octets) });
    } else if (tache === "xml") {
      parentPort.postMessage({ id, resultat: await xmlIncorpore(octets) });
    } else throw new Error(`tâche inconnue : ${tache}`);
  } catch (error) {
    parentPort.postMessage({ id, erreur: error instanceof Error ? error.message : String(error) });
  }
});
