"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { demandeLienSchema } from "@/lib/accounts/schemas";
import type { ActionResult } from "@/lib/errors";
import { Champ } from "@/components/form/champ";

type Props = {
  purpose: "ACTIVATION" | "REINITIALISATION";
  action: (input: unknown) => Promise<ActionResult>;
  submitLabel: string;
};

/** Asks for a new activation or reset link. The answer never says whether the address has an account. */
export function DemandeLien({ purpose, action, submitLabel }: Props) {
  const form = useForm<z.input<typeof demandeLienSchema>>({ resolver: zodResolver(demandeLienSchema), mode: "onTouched" });
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const onSubmit = form.handleSubmit((values) =>
    start(async () => {
      const result = await action({ ...values, purpose });
      if (result.ok) setSent(true);
      else setError(result.message);
    }),
  );
  if (sent) {
    return (
      <Alert
        severity="success"
        title="Demande enregistrée"
        description="Si un compte correspond à cette adresse, un courriel contenant un nouveau lien, valable 60 minutes, vient de lui être envoyé."
      />
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate>
      {error && <Alert className="fr-mb-2w" severity="error" small description={error} />}
      <Champ form={form} name="email" label="Adresse électronique de connexion" required inputProps={{ type: "email", autoComplete: "email" }} />
      <Button type="submit" priority="secondary" disabled={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}
