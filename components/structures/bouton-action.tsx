"use client";

import { useId, useState, useTransition } from "react";
import { Button, type ButtonProps } from "@codegouvfr/react-dsfr/Button";

/** Any server action's result (ActionResult with or without data). */
type Resultat = { ok: true } | { ok: false; message: string };

type Props = {
  action: (input: unknown) => Promise<Resultat>;
  input: unknown;
  libelle: string;
  /** Shown on the button while the server works. */
  enCours: string;
  /** Accessible description (which row the button acts on). */
  titre?: string;
  /** Said (role="status") once done, when the page does not show the change itself. */
  succes?: string;
  priority?: ButtonProps["priority"];
};

/** One server action behind one button, with progress and its result or error announced next to it. */
export function BoutonAction({ action, input, libelle, enCours, titre, succes, priority = "secondary" }: Props) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<Resultat | null>(null);
  const id = useId();
  return (
    <div>
      <Button
        size="small"
        priority={priority}
        disabled={pending || (!!result?.ok && !!succes)}
        title={titre}
        aria-describedby={result ? id : undefined}
        onClick={() => start(async () => setResult(await action(input)))}
      >
        {pending ? enCours : libelle}
      </Button>
      <p id={id} role="status" className="fr-text--sm fr-mb-0">
        {result && !result.ok && <span className="fr-error-text fr-mt-1v">{result.message}</span>}
        {result?.ok && succes}
      </p>
    </div>
  );
}
