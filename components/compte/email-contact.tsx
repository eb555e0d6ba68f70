"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { emailContactSchema, type EmailContactForm } from "@/lib/accounts/email-contact-schema";
import type { MonEmailContact } from "@/lib/accounts/email-contact";
import type { ActionResult } from "@/lib/errors";
import { Champ } from "@/components/form/champ";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";

type Props = {
  contact: MonEmailContact;
  actions: {
    modifier: (input: unknown) => Promise<ActionResult<{ confirmee: boolean; lienEnvoye: boolean }>>;
    renvoyer: (input: unknown) => Promise<ActionResult>;
  };
};

/** « E-mail du contact » in « Mon compte »: the address, whether it is confirmed, changing it, a new confirmation link. */
export function EmailContact({ contact, actions }: Props) {
  const form = useForm<EmailContactForm>({
    resolver: zodResolver(emailContactSchema),
    mode: "onTouched",
    defaultValues: { contactEmail: contact.contactEmail },
  });
  const [message, setMessage] = useState<{ severity: "success" | "error"; texte: string } | null>(null);
  const [pending, start] = useTransition();

  const modifier = form.handleSubmit((values) =>
    start(async () => {
      setMessage(null);
      const r = await actions.modifier(values);
      if (!r.ok) return setMessage({ severity: "error", texte: r.message });
      setMessage({
        severity: "success",
        texte: r.data.lienEnvoye
          ? `Un lien de confirmation, valable 60 minutes, a été envoyé à l'adresse ${values.contactEmail}. Jusqu'à sa confirmation, les courriels du portail sont envoyés à votre adresse de connexion.`
          : r.data.confirmee
            ? "Votre adresse électronique de contact est enregistrée et confirmée."
            : "Aucune modification.",
      });
    }),
  );
  const renvoyer = () =>
    start(async () => {
      setMessage(null);
      const r = await actions.renvoyer({});
      setMessage(
        r.ok
          ? { severity: "success", texte: `Un nouveau lien de confirmation, valable 60 minutes, a été envoyé à l'adresse ${contact.contactEmail}.` }
          : { severity: "error", texte: r.message },
      );
    });

  return (
    <section className="fr-mb-6w" aria-labelledby="titre-email-contact">
      <h2 id="titre-email-contact">E-mail du contact</h2>
      <p className="fr-mb-1w">
        <strong>{contact.contactEmail}</strong>{" "}
        {contact.confirmeLe ? (
          <Badge as="span" severity="success" small>
            Confirmée
          </Badge>
        ) : (
          <Badge as="span" severity="warning" small>
            En attente de confirmation
          </Badge>
        )}
      </p>
      <p className="fr-text--sm">
        {contact.confirmeLe
          ? "Les courriels du portail sont envoyés à cette adresse."
          : `Cette adresse ne recevra les courriels du portail qu'une fois confirmée par le lien qui lui a été envoyé. D'ici là, ils sont envoyés à votre adresse de connexion (${contact.email}).`}
      </p>
      <div aria-live="polite">{message && <Alert className="fr-mb-3w" severity={message.severity} small description={message.texte} />}</div>
      <form onSubmit={modifier} noValidate>
        <Champ
          form={form}
          name="contactEmail"
          label="E-mail du contact"
          hint="Une nouvelle adresse doit être confirmée par le lien qui lui sera envoyé."
          required
          inputProps={{ type: "email", autoComplete: "email" }}
        />
        <GroupeBoutons className="fr-btns-group--inline-md">
          <li>
            <Button type="submit" disabled={pending}>
              Modifier l&apos;e-mail du contact
            </Button>
          </li>
          {!contact.confirmeLe && (
            <li>
              <Button type="button" priority="secondary" onClick={renvoyer} disabled={pending}>
                Renvoyer le lien de confirmation
              </Button>
            </li>
          )}
        </GroupeBoutons>
      </form>
    </section>
  );
}
