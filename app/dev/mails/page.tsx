import Link from "next/link";
import { notFound } from "next/navigation";
import { listDevMails } from "@/scripts/devmail/mailbox";
import { Tableau } from "@/components/ui/tableau";

export const dynamic = "force-dynamic";
export const metadata = { title: "Courriels reçus (développement)" };

const dateFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeStyle: "medium", timeZone: "Europe/Paris" });

/** The dev mailbox: what the embedded SMTP server caught. Absent in production. */
export default async function DevMailsPage() {
  if (process.env.NODE_ENV === "production") notFound();
  const mails = await listDevMails();

  return (
    <div className="fr-container fr-my-6w">
      <h1>Courriels reçus</h1>
      <p className="fr-text--sm">
        Courriels captés par le serveur SMTP de développement, du plus récent au plus ancien. Cette page n’existe pas en production.
      </p>
      {mails.length === 0 ? (
        <p>Aucun courriel reçu pour le moment.</p>
      ) : (
        <Tableau className="fr-table--no-caption">
          <caption>Courriels reçus</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">À</th>
              <th scope="col">Objet</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((mail) => (
              <tr key={mail.id}>
                <td>{dateFormat.format(mail.receivedAt)}</td>
                <td>{mail.to}</td>
                <td>
                  <Link href={`/dev/mails/${mail.id}`}>{mail.subject || "(sans objet)"}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </Tableau>
      )}
    </div>
  );
}
