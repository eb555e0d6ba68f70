"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { motDePasseSchema, type MotDePasseForm } from "@/lib/accounts/schemas";
import type { ActionResult } from "@/lib/errors";
import { Champ } from "@/components/form/champ";
import { ReglesMotDePasse } from "./regles-mot-de-passe";

type Props = {
  token: string;
  purpose: "ACTIVATION" | "REINITIALISATION";
  email: string;
  action: (input: unknown) => Promise<ActionResult>;
};

/** Password setting with the guide's rules shown live as a checklist (and enforced again on the server). */
export function FormulaireMotDePasse({ token, purpose, email, action }: Props) {
  const form = useForm<MotDePasseForm>({ resolver: zodResolver(motDePasseSchema), mode: "onTouched", defaultValues: { password: "", confirmation: "" } });
  const password = useWatch({ control: form.control, name: "password" }) ?? "";
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const onSubmit = form.handleSubmit((values) =>
    start(async () => {
      setError(null);
      const result = await action({ token, purpose, ...values });
      if (result.ok) setDone(true);
      else setError(result.message);
    }),
  );

  if (done) {
    return (
      <Alert
        severity="success"
        title={purpose === "ACTIVATION" ? "Votre compte est activé" : "Votre mot de passe a été modifié"}
        description={
          <>
            Vous pouvez maintenant <Link href={`/connexion?email=${encodeURIComponent(email)}`}>vous connecter</Link> avec l&apos;adresse {email}.
          </>
        }
      />
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      {error && <Alert className="fr-mb-3w" severity="error" title="Le mot de passe n'a pas été enregistré" description={error} />}
      <p>
        Compte : <strong>{email}</strong>
      </p>
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <Champ
        form={form}
        name="password"
        label="Mot de passe"
        required
        inputProps={{ type: "password", autoComplete: "new-password", "aria-describedby": "regles-mdp" }}
      />
      <ReglesMotDePasse id="regles-mdp" password={password} />
      <Champ form={form} name="confirmation" label="Confirmation du mot de passe" required inputProps={{ type: "password", autoComplete: "new-password" }} />
      <Button type="submit" disabled={pending}>
        {pending ? "Enregistrement…" : "Soumettre"}
      </Button>
    </form>
  );
}
