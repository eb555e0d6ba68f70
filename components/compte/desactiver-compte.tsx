"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { desactivationSchema, type DesactivationForm } from "@/lib/accounts/compte-schemas";
import type { StructureBloquante } from "@/lib/accounts/compte";
import type { ActionResult } from "@/lib/errors";
import { Champ } from "@/components/form/champ";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";

const dialogue = createModal({ id: "confirmer-desactivation-compte", isOpenedByDefault: false });

type Props = { email: string; bloquantes: StructureBloquante[]; desactiver: (input: unknown) => Promise<ActionResult> };

/**
 * « Désactiver mon compte »: explained, then confirmed in a dialog by the password. While the user is the only
 * gestionnaire principal of a structure, the page says which and what to do first (the server refuses it anyway).
 */
export function DesactiverCompte({ email, bloquantes, desactiver }: Props) {
  const form = useForm<DesactivationForm>({ resolver: zodResolver(desactivationSchema), mode: "onSubmit", defaultValues: { motDePasse: "" } });
  const [erreur, setErreur] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const confirmer = form.handleSubmit((values) =>
    start(async () => {
      setErreur(null);
      // On success the action signs the session out and goes to « Se connecter »: only a failure comes back.
      const r = await desactiver(values);
      if (r && !r.ok) {
        form.reset({ motDePasse: "" });
        for (const [champ, texte] of Object.entries(r.fieldErrors)) form.setError(champ as keyof DesactivationForm, { message: texte });
        setErreur(r.message);
      }
    }),
  );

  return (
    <section className="fr-mb-6w" aria-labelledby="titre-desactivation">
      <h2 id="titre-desactivation">Désactiver mon compte</h2>
      <p>
        Votre compte sera fermé : vous ne pourrez plus vous connecter, vos rattachements aux structures prendront fin et vous ne recevrez plus de courriels du
        portail. Les pièces que vous avez déposées ou traitées restent à vos structures.
      </p>
      {bloquantes.length > 0 ? (
        <Alert
          severity="warning"
          small
          className="fr-mb-3w"
          description={
            <>
              Vous êtes le seul gestionnaire principal de {bloquantes.map((s) => `${s.raisonSociale} (${s.identifier})`).join(", ")} : une structure doit
              toujours en garder un. Nommez d&apos;abord un autre gestionnaire principal dans{" "}
              <Link href="/structures/utilisateurs">« Gérer les utilisateurs »</Link>, puis revenez désactiver votre compte.
            </>
          }
        />
      ) : null}
      <Button className="bouton-destructif" priority="tertiary" iconId="fr-icon-close-circle-line" onClick={() => dialogue.open()} disabled={pending}>
        Désactiver mon compte
      </Button>
      <dialogue.Component title="Désactiver votre compte ?">
        <form onSubmit={confirmer} noValidate>
          <p>
            Le compte <strong>{email}</strong> sera désactivé et toutes ses sessions fermées, y compris celle-ci. Saisissez votre mot de passe pour confirmer.
          </p>
          <div aria-live="polite">
            {erreur && <Alert className="fr-mb-3w" small severity="error" title="Votre compte n'a pas été désactivé" description={erreur} />}
          </div>
          <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
          <Champ form={form} name="motDePasse" label="Mot de passe" required inputProps={{ type: "password", autoComplete: "current-password" }} />
          <GroupeBoutons className="fr-btns-group--inline-md fr-btns-group--right">
            <li>
              <Button type="button" priority="secondary" onClick={() => dialogue.close()}>
                Annuler
              </Button>
            </li>
            <li>
              <Button type="submit" className="bouton-destructif" priority="tertiary" disabled={pending}>
                {pending ? "Désactivation…" : "Désactiver définitivement mon compte"}
              </Button>
            </li>
          </GroupeBoutons>
        </form>
      </dialogue.Component>
    </section>
  );
}
