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
};

export function defineTemplate<Data>(template: MailTemplate<Data>): MailTemplate<Data> {
  return template;
}

/** An absolute link into the portal; each path segment is URL-encoded (tokens, identifiers). */
export function portalLink(context: MailContext, ...segments: string[]): string {
  const base = context.appUrl.replace(/\/+$/, "");
  return [base, ...segments.map((s) => encodeURIComponent(s))].join("/");
}

/** Validity of the links sent by mail (activation, password reset), as set by the accounts domain. */
export const LINK_VALIDITY_MINUTES = 60;
