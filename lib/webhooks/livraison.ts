import http from "node:http";
import https from "node:https";
import { db } from "@/lib/db";
import { journal } from "@/lib/journal-technique";
import { dechiffrer, lookupVerifie, signer, verifierUrl } from "./securite";

/**
 * One delivery of a webhook (a job of the « webhook.livrer » queue, whose id is the delivery's): POST of the event as
 * JSON, signed, 10 seconds at most, to the checked address. A 2xx answer delivers it; anything else is recorded
 * (code, error) and the job fails, so pg-boss tries again later with an exponential backoff (lib/jobs/boss.ts). After
 * the last attempt the delivery is « ECHEC ». A subscription deactivated meanwhile: nothing is sent.
 */

export const DELAI_WEBHOOK_MS = 10_000;
export const ENTETE_SIGNATURE = "Signature-Webhook";

export class EchecLivraison extends Error {}

function poster(url: URL, corps: string, entetes: Record<string, string>): Promise<{ code: number; extrait: string }> {
  const module = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const requete = module.request(
      url,
      {
        method: "POST",
        headers: { ...entetes, "Content-Length": Buffer.byteLength(corps).toString() },
        lookup: lookupVerifie as never,
        timeout: DELAI_WEBHOOK_MS,
      },
      (reponse) => {
        let extrait = "";
        reponse.setEncoding("utf8");
        reponse.on("data", (morceau: string) => {
          if (extrait.length < 500) extrait += morceau.slice(0, 500 - extrait.length);
        });
        reponse.on("end", () => resolve({ code: reponse.statusCode ?? 0, extrait }));
        reponse.on("error", reject);
      },
    );
    requete.on("timeout", () => requete.destroy(new Error(`Pas de réponse en ${DELAI_WEBHOOK_MS / 1000} secondes`)));
    requete.on("error", reject);
    requete.end(corps);
  });
}

/** Delivers `livraisonId`; `derniere`: this is the last attempt (a failure then is final). Throws EchecLivraison to be retried. */
export async function livrerWebhook(livraisonId: string, o: { derniere: boolean; now?: () => Date } = { derniere: false }): Promise<"livree" | "ignoree"> {
  const l = await db.livraisonWebhook.findUnique({
    where: { id: livraisonId },
    select: { id: true, statut: true, evenement: true, abonnement: { select: { url: true, secretChiffre: true, actif: true } } },
  });
  if (!l || l.statut !== "EN_ATTENTE" || !l.abonnement.actif) return "ignoree";
  const maintenant = (o.now ?? (() => new Date()))();
  const corps = JSON.stringify({ id: l.id, ...(l.evenement as object) });
  let erreur: string | null = null;
  let code: number | null = null;
  const u = verifierUrl(l.abonnement.url);
  if (!u.ok) erreur = u.message;
  else {
    try {
      const r = await poster(u.url, corps, {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Portail-Factures-Travaux-Webhooks/1.0",
        "Webhook-Id": l.id,
        [ENTETE_SIGNATURE]: signer(dechiffrer(l.abonnement.secretChiffre), corps, Math.floor(maintenant.getTime() / 1000)),
      });
      code = r.code;
      if (r.code < 200 || r.code > 299) erreur = `Réponse HTTP ${r.code}${r.extrait ? ` : ${r.extrait.slice(0, 200)}` : ""}`;
    } catch (e) {
      erreur = (e as NodeJS.ErrnoException).code === "EADRESSEINTERNE" ? "Adresse interne refusée" : e instanceof Error ? e.message.slice(0, 300) : String(e);
    }
  }
  await db.livraisonWebhook.update({
    where: { id: l.id },
    data: {
      tentatives: { increment: 1 },
      derniereTentative: maintenant,
      dernierCode: code,
      derniereErreur: erreur,
      ...(erreur ? (o.derniere ? { statut: "ECHEC" } : {}) : { statut: "LIVREE", livreeLe: maintenant }),
    },
  });
  if (erreur) {
    journal.warn({ livraisonId: l.id, code, erreur, derniere: o.derniere }, "webhooks : livraison échouée");
    throw new EchecLivraison(erreur);
  }
  return "livree";
}
