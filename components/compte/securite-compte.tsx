"use client";

import { useState, useTransition } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { changementMotDePasseSchema, type ChangementMotDePasseForm } from "@/lib/accounts/schemas";
import type { ActionResult } from "@/lib/errors";
import { Champ } from "@/components/form/champ";
import { ReglesMotDePasse } from "./regles-mot-de-passe";

type Action = (input: unknown) => Promise<ActionResult>;

const confirmation = createModal({ id: "confirmer-deconnexion-partout", isOpenedByDefault: false });

type Props = { email: string; actions: { changerMotDePasse: Action; deconnecterPartout: Action } };

/**
 * « Sécurité » in « Mon compte »: « Modifier mon mot de passe » (this session stays open, the others end) and
 * « Se déconnecter de tous les appareils » (after a confirmation: every session ends, this one included).
 */
export function SecuriteCompte({ email, actions }: Props) {
  const form = useForm<ChangementMotDePasseForm>({
    resolver: zodResolver(changementMotDePasseSchema),
    mode: "onTouched",
    defaultValues: { actuel: "", password: "", confirmation: "" },
  });
  const password = useWatch({ control: form.control, name: "password" }) ?? "";
  const [message, setMessage] = useState<{ severity: "success" | "error"; texte: string } | null>(null);
  const [erreurDeconnexion, setErreurDeconnexion] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const changer = form.handleSubmit((values) =>
    start(async () => {
      setMessage(null);
      const r = await actions.changerMotDePasse(values);
      form.reset({ actuel: "", password: "", confirmation: "" });
      setMessage(
        r.ok
          ? {
              severity: "success",
              texte: "Votre mot de passe a été modifié. Vos sessions ouvertes sur d'autres appareils ont été fermées ; celle-ci reste ouverte.",
            }
          : { severity: "error", texte: r.message },
      );
    }),
  );

  const deconnecter = () =>
    start(async () => {
      setErreurDeconnexion(null);
      // On success the action signs this session out and goes to « Se connecter »: only a failure comes back.
      const r = await actions.deconnecterPartout({});
      if (r && !r.ok) setErreurDeconnexion(r.message);
    });

  return (
    <section className="fr-mb-6w" aria-labelledby="titre-securite">
      <h2 id="titre-securite">Sécurité</h2>
      <h3 className="fr-h5">Modifier mon mot de passe</h3>
      <form onSubmit={changer} noValidate>
        <div aria-live="polite">
          {message && (
            <Alert
              className="fr-mb-3w"
              small
              severity={message.severity}
              description={message.texte}
              title={message.severity === "success" ? undefined : "Le mot de passe n'a pas été modifié"}
            />
          )}
        </div>
        <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
        <Champ form={form} name="actuel" label="Mot de passe actuel" required inputProps={{ type: "password", autoComplete: "current-password" }} />
        <Champ
          form={form}
          name="password"
          label="Nouveau mot de passe"
          required
          inputProps={{ type: "password", autoComplete: "new-password", "aria-describedby": "regles-nouveau-mdp" }}
        />
        <ReglesMotDePasse id="regles-nouveau-mdp" password={password} />
        <Champ
          form={form}
          name="confirmation"
          label="Confirmation du nouveau mot de passe"
          required
          inputProps={{ type: "password", autoComplete: "new-password" }}
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Enregistrement…" : "Modifier mon mot de passe"}
        </Button>
      </form>

      <h3 className="fr-h5 fr-mt-6w">Sessions ouvertes</h3>
      <p>
        Vous avez utilisé le portail sur un appareil partagé, ou un appareil vous a été volé ? Fermez toutes vos sessions : il faudra vous reconnecter partout,
        ici aussi.
      </p>
      {erreurDeconnexion && <Alert className="fr-mb-3w" small severity="error" description={erreurDeconnexion} />}
      <Button className="bouton-destructif" priority="tertiary" iconId="fr-icon-logout-box-r-line" disabled={pending} onClick={() => confirmation.open()}>
        Se déconnecter de tous les appareils
      </Button>
      <confirmation.Component
        title="Se déconnecter de tous les appareils ?"
        buttons={[
          { children: "Annuler", priority: "secondary" },
          { children: "Me déconnecter partout", onClick: deconnecter },
        ]}
      >
        <p>
          Toutes les sessions ouvertes avec le compte <strong>{email}</strong> seront fermées, sur tous les appareils, y compris celui-ci. Vous devrez vous
          reconnecter avec votre mot de passe.
        </p>
      </confirmation.Component>
    </section>
  );
}
