import type { ReactElement } from "react";
import { plainTextSelectors, render } from "@react-email/render";
import { compile } from "html-to-text";
import { templates, type TemplateData, type TemplateName } from "./index";
import type { MailContext } from "./template";

export type RenderedMail = { subject: string; html: string; text: string };

// The text version: React Email's own conversion (its selectors: no images, links without brackets, table cells as
// blocks), compiled once — `toPlainText` compiles html-to-text's options again for every mail (2 to 3 ms each).
// Headings keep their case (html-to-text upper-cases them by default).
const enTexte = compile({
  wordwrap: false,
  selectors: [...plainTextSelectors, { selector: "h1", options: { uppercase: false } }, { selector: "h2", options: { uppercase: false } }],
});

/** Renders one template to its subject, HTML and plain-text versions. */
export async function renderMail<N extends TemplateName>(template: N, data: TemplateData<N>, context: MailContext): Promise<RenderedMail> {
  const definition = templates[template] as unknown as {
    subject: (d: TemplateData<N>) => string;
    body: (d: TemplateData<N>, c: MailContext) => ReactElement;
  };
  if (!definition) throw new Error(`Modèle de courriel inconnu : ${String(template)}`);
  const element = definition.body(data, context);
  // React renders once; the text version is derived from that HTML (as render's plainText option does).
  const html = await render(element);
  const text = enTexte(html);
  return { subject: definition.subject(data), html, text: text.trim() };
}

export { templates, type TemplateData, type TemplateName };

/** The subject alone (a plain function of the data: no rendering). */
export function subjectOf<N extends TemplateName>(template: N, data: TemplateData<N>): string {
  const definition = templates[template] as unknown as { subject: (d: TemplateData<N>) => string } | undefined;
  if (!definition) throw new Error(`Modèle de courriel inconnu : ${String(template)}`);
  return definition.subject(data);
}

/** What the portal's notification says of a mail: a one-line summary and a portal path, when the template defines them. */
export function notificationOf<N extends TemplateName>(template: N, data: TemplateData<N>): { resume?: string; lien?: string } {
  const definition = templates[template] as unknown as {
    resume?: (d: TemplateData<N>) => string;
    lien?: (d: TemplateData<N>) => string;
  };
  return { resume: definition.resume?.(data), lien: definition.lien?.(data) };
}
