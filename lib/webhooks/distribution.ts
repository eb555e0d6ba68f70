import pg from "pg";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { getBoss, WEBHOOK_LIVRER_QUEUE } from "@/lib/jobs/boss";
import { journal } from "@/lib/journal-technique";

/**
 * From the deliveries the database trigger wrote (migration `webhooks`) to their jobs: `planifierLivraisons` creates one
 * « webhook.livrer » job per delivery not planned yet, its id the delivery's (pg-boss ignores an id it already has, so
 * two processes planning at once create it once), then marks them planned. It runs when the trigger's NOTIFY
 * « webhooks » wakes a job process (`ecouterWebhooks`), and every minute in case a notification was missed.
 */

export async function planifierLivraisons(): Promise<number> {
  let total = 0;
  for (;;) {
    const lot = await db.livraisonWebhook.findMany({
      where: { planifiee: false, statut: "EN_ATTENTE" },
      orderBy: { createdAt: "asc" },
      take: 200,
      select: { id: true },
    });
    if (lot.length === 0) return total;
    const boss = await getBoss();
    await boss.insert(
      WEBHOOK_LIVRER_QUEUE,
      lot.map(({ id }) => ({ id, singletonKey: id, data: { livraisonId: id } })),
    );
    await db.livraisonWebhook.updateMany({ where: { id: { in: lot.map((l) => l.id) } }, data: { planifiee: true } });
    total += lot.length;
    if (lot.length < 200) return total;
  }
}

/** LISTEN « webhooks » on a connection of its own: each notification plans the new deliveries. Returns how to stop. */
export async function ecouterWebhooks(databaseUrl = env().DATABASE_URL): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "portail-webhooks" });
  let enCours: Promise<unknown> | null = null;
  let encore = false;
  const planifier = () => {
    if (enCours) {
      encore = true;
      return;
    }
    enCours = planifierLivraisons()
      .catch((error: unknown) => journal.error({ err: error }, "webhooks : planification des livraisons impossible"))
      .finally(() => {
        enCours = null;
        if (encore) {
          encore = false;
          planifier();
        }
      });
  };
  client.on("notification", planifier);
  // A lost connection: the per-minute schedule still plans the deliveries; the listener is not restarted here.
  client.on("error", (error: unknown) => journal.warn({ err: error }, "webhooks : écoute des notifications interrompue"));
  await client.connect();
  await client.query("LISTEN webhooks");
  planifier();
  return async () => {
    await client.end().catch(() => {});
    await enCours;
  };
}
