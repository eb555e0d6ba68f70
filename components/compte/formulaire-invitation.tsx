"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { accepterInvitationSchema, type AccepterInvitationForm } from "@/lib/structures/services-utilisateurs-schema";
import type { ActionResult } from "@/lib/errors";
import { Champ } from "@/components/form/champ";
import { ReglesMotDePasse } from "./regles-mot-de-passe";

type Props = { token: string; email: string; structure: string; action: (input: unknown) => Promise<ActionResult> };

/** « Créer mon compte » from an invitation: name, phone, password; the address and the structure are the invitation's. */
export function FormulaireInvitation({ token, email, structure, action }: Props) {
  const form = useForm<AccepterInvitationForm>({
    resolver: zodResolver(accepterInvitationSchema),
    mode: "onTouched",
    defaultValues: { token, firstName: "", lastName: "", phone: "", password: "", confirmation: "", acceptTerms: false as unknown as true },
  });
  const password = useWatch({ control: form.control, name: "password" }) ?? "";
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const onSubmit = form.handleSubmit((values) =>
    start(async () => {
      setError(null);
      const result = await action(values);
      if (result.ok) setDone(true);
      else setError(result.message);
    }),
  );

  if (done)
    return (
      <Alert
        severity="success"
        title="Votre compte est créé"
        description={
          <>
            Il est rattaché à la structure {structure}. Vous pouvez maintenant{" "}
            <Link href={`/connexion?email=${encodeURIComponent(email)}`}>vous connecter</Link> avec l&apos;adresse {email}.
          </>
        }
      />
    );

  const erreurCgu = form.formState.errors.acceptTerms?.message;
  return (
    <form onSubmit={onSubmit} noValidate>
      {error && <Alert className="fr-mb-3w" severity="error" title="Le compte n'a pas été créé" description={error} />}
      <p>
        Adresse électronique de connexion : <strong>{email}</strong>
      </p>
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <Champ form={form} name="firstName" label="Prénom" required inputProps={{ autoComplete: "given-name" }} />
      <Champ form={form} name="lastName" label="Nom" required inputProps={{ autoComplete: "family-name" }} />
      <Champ form={form} name="phone" label="Téléphone" hint="Par exemple 01 23 45 67 89" required inputProps={{ type: "tel", autoComplete: "tel" }} />
      <Champ
        form={form}
        name="password"
        label="Mot de passe"
        required
        inputProps={{ type: "password", autoComplete: "new-password", "aria-describedby": "regles-mdp" }}
      />
      <ReglesMotDePasse id="regles-mdp" password={password} />
      <Champ form={form} name="confirmation" label="Confirmation du mot de passe" required inputProps={{ type: "password", autoComplete: "new-password" }} />
      <p className="fr-text--sm">
        Lire les <Link href="/conditions-generales-utilisation">conditions générales d&apos;utilisation</Link>.
      </p>
      <Checkbox
        state={erreurCgu ? "error" : "default"}
        stateRelatedMessage={erreurCgu}
        options={[{ label: "J'accepte les conditions générales d'utilisation", nativeInputProps: { ...form.register("acceptTerms") } }]}
      />
      <Button type="submit" disabled={pending} className="fr-mt-2w">
        {pending ? "Création…" : "Créer mon compte"}
      </Button>
    </form>
  );
}
