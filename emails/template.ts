import type { ReactElement } from "react";

/** What a template needs besides its own data: where the portal lives, for absolute links. */
export type MailContext = { appUrl: string };

/**
 * A mail template: its subject and its body as a React Email element, both from the same data.
 * The body is rendered twice by `renderMail`, to HTML and to plain text.
 */
export type MailTemplate<Data> = {
  subject: (data: Data) => string;
  body: (data: Data, context: MailContext) => ReactElement;
  /**
   * For the portal's notification (written with the mail, see lib/mail/outbox.ts): a one-line summary, and the
   * portal path it leads to. Both optional: without `resume`, the notification says a mail was sent.
   */
  resume?: (data: Data) => string;
  lien?: (data: Data) => string;
};

export function defineTemplate<Data>(template: MailTemplate<Data>): MailTemplate<Data> {
  return template;
}

/** An absolute link into the portal; each path segment is URL-encoded (tokens, identifiers). */
export function portalLink(context: MailContext, ...segments: string[]): string {
  const base = context.appUrl.replace(/\/+$/, "");
  return [base, ...segments.map((s) => encodeURIComponent(s))].join("/");
}

/** A path inside the portal (for notifications), each segment URL-encoded: `portalPath("factures-travaux", "pieces", id)`. */
export function portalPath(...segments: string[]): string {
  return `/${segments.map((s) => encodeURIComponent(s)).join("/")}`;
}

/** Validity of the links sent by mail (activation, password reset), as set by the accounts domain. */
export const LINK_VALIDITY_MINUTES = 60;
