"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { identiteSchema, type IdentiteForm } from "@/lib/accounts/compte-schemas";
import type { ActionResult } from "@/lib/errors";
import { Champ } from "@/components/form/champ";

type Props = { identite: { firstName: string; lastName: string; phone: string }; email: string; modifier: (input: unknown) => Promise<ActionResult> };

/** « Mes informations » in « Mon compte »: first name, last name and phone; the sign-in address is shown, not changed. */
export function InformationsCompte({ identite, email, modifier }: Props) {
  const form = useForm<IdentiteForm>({ resolver: zodResolver(identiteSchema), mode: "onTouched", defaultValues: identite });
  const [message, setMessage] = useState<{ severity: "success" | "error"; texte: string } | null>(null);
  const [pending, start] = useTransition();

  const enregistrer = form.handleSubmit((values) =>
    start(async () => {
      setMessage(null);
      const r = await modifier(values);
      if (!r.ok) {
        for (const [champ, texte] of Object.entries(r.fieldErrors)) form.setError(champ as keyof IdentiteForm, { message: texte });
        return setMessage({ severity: "error", texte: r.message });
      }
      setMessage({ severity: "success", texte: "Vos informations sont enregistrées." });
    }),
  );

  return (
    <section className="fr-mb-6w" aria-labelledby="titre-informations">
      <h2 id="titre-informations">Mes informations</h2>
      <p className="fr-text--sm">
        Adresse électronique de connexion : <strong>{email}</strong> (elle identifie votre compte et ne se modifie pas).
      </p>
      <form onSubmit={enregistrer} noValidate>
        <div aria-live="polite">
          {message && (
            <Alert
              className="fr-mb-3w"
              small
              severity={message.severity}
              description={message.texte}
              title={message.severity === "error" ? "Vos informations n'ont pas été enregistrées" : undefined}
            />
          )}
        </div>
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-6">
            <Champ form={form} name="firstName" label="Prénom" required inputProps={{ autoComplete: "given-name" }} />
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <Champ form={form} name="lastName" label="Nom" required inputProps={{ autoComplete: "family-name" }} />
          </div>
        </div>
        <Champ
          form={form}
          name="phone"
          label="Téléphone"
          hint="Par exemple 01 23 45 67 89 ou +33 1 23 45 67 89"
          required
          inputProps={{ type: "tel", autoComplete: "tel" }}
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Enregistrement…" : "Enregistrer mes informations"}
        </Button>
      </form>
    </section>
  );
}
