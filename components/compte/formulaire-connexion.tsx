"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { connexionSchema } from "@/lib/accounts/schemas";
import type { ActionResult } from "@/lib/errors";
import { Champ } from "@/components/form/champ";

type Props = { action: (input: unknown) => Promise<ActionResult>; email?: string; retour?: string };

export function FormulaireConnexion({ action, email, retour }: Props) {
  const form = useForm<z.input<typeof connexionSchema>>({ resolver: zodResolver(connexionSchema), defaultValues: { email: email ?? "", password: "" } });
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const onSubmit = form.handleSubmit((values) =>
    start(async () => {
      setError(null);
      const result = await action({ ...values, retour });
      // On success the action redirects; we only get here on failure.
      if (result && !result.ok) {
        setError(result.message);
        form.setValue("password", "");
      }
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <div aria-live="assertive">{error && <Alert className="fr-mb-3w" severity="error" title="Connexion impossible" description={error} />}</div>
      <Champ form={form} name="email" label="Adresse électronique de connexion" required inputProps={{ type: "email", autoComplete: "username" }} />
      <Champ form={form} name="password" label="Mot de passe" required inputProps={{ type: "password", autoComplete: "current-password" }} />
      <p className="fr-mb-3w">
        <Link href="/mot-de-passe-oublie" className="fr-link">
          Mot de passe oublié ?
        </Link>
      </p>
      <Button type="submit" disabled={pending}>
        {pending ? "Connexion…" : "Se connecter"}
      </Button>
    </form>
  );
}
