// biome-ignore-all lint/suspicious/noArrayIndexKey: the parts of a fixed text, never reordered
import { Fragment } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDevMail } from "@/scripts/devmail/mailbox";

export const dynamic = "force-dynamic";
export const metadata = { title: "Courriel reçu (développement)" };

const dateFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "full", timeStyle: "medium", timeZone: "Europe/Paris" });

// Links of the mail open in the whole tab (the iframe is sandboxed: no script, no same origin).
function withTopTarget(html: string): string {
  const base = '<base target="_top">';
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => head + base) : base + html;
}

// The plain-text version with its addresses made clickable.
function linkify(text: string) {
  return text.split(/(https?:\/\/[^\s<>"]+)/g).map((part, i) =>
    i % 2 === 1 ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}

export default async function DevMailPage({ params }: { params: Promise<{ id: string }> }) {
  if (process.env.NODE_ENV === "production") notFound();
  const mail = await getDevMail((await params).id);
  if (!mail) notFound();

  return (
    <div className="fr-container fr-my-6w">
      <p>
        <Link href="/dev/mails" className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
          Retour aux courriels reçus
        </Link>
      </p>
      <h1>{mail.subject || "(sans objet)"}</h1>
      <dl>
        <dt className="fr-text--bold">De</dt>
        <dd>{mail.from}</dd>
        <dt className="fr-text--bold">À</dt>
        <dd>{mail.to}</dd>
        <dt className="fr-text--bold">Reçu le</dt>
        <dd>{dateFormat.format(mail.receivedAt)}</dd>
      </dl>

      {mail.html && (
        <section className="fr-mt-4w">
          <h2>Version HTML</h2>
          <iframe
            title="Version HTML du courriel"
            sandbox="allow-top-navigation-by-user-activation"
            srcDoc={withTopTarget(mail.html)}
            style={{ width: "100%", height: "40rem", border: "1px solid var(--border-default-grey)" }}
          />
        </section>
      )}
      {mail.text && (
        <section className="fr-mt-4w">
          <h2>Version texte</h2>
          <pre style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{linkify(mail.text)}</pre>
        </section>
      )}
    </div>
  );
}
