// biome-ignore-all lint/security/noDangerouslySetInnerHtml: the captcha image is an SVG drawn by the portal's server (svg-captcha), no user input
// biome-ignore-all lint/correctness/useExhaustiveDependencies: a new challenge is loaded when the kind changes or the form asks for a new one (resetKey), not when `load` is recreated
"use client";

import { useEffect, useState, useTransition } from "react";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import type { CaptchaChallengeView, CaptchaKind } from "@/lib/captcha/captcha";
import type { ActionResult } from "@/lib/errors";
import { LibelleRequis } from "@/components/form/champ";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";

type Props = {
  nouveau: (kind: CaptchaKind) => Promise<CaptchaChallengeView>;
  valider: (input: { id: string; answer: string }) => Promise<ActionResult>;
  /** Called with the id of the solved challenge (or null when a new one replaces it). */
  onChange: (challengeId: string | null) => void;
  error?: string;
  /** Bumped by the parent when the server spent or refused the challenge: a new one is fetched. */
  resetKey: number;
};

/** « Reproduisez la suite de caractères » then « Valider le Captcha »; a question in words as the accessible alternative. */
export function Captcha({ nouveau, valider, onChange, error, resetKey }: Props) {
  const [kind, setKind] = useState<CaptchaKind>("image");
  const [challenge, setChallenge] = useState<CaptchaChallengeView | null>(null);
  const [answer, setAnswer] = useState("");
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const load = (k: CaptchaKind) =>
    startTransition(async () => {
      onChange(null);
      setAnswer("");
      setStatus(null);
      setChallenge(await nouveau(k));
    });

  useEffect(() => {
    load(kind);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind, resetKey]);

  const submit = () =>
    startTransition(async () => {
      if (!challenge) return;
      const result = await valider({ id: challenge.id, answer });
      if (result.ok) {
        setStatus({ ok: true, message: "Captcha validé : vous pouvez créer votre compte." });
        onChange(challenge.id);
      } else {
        setStatus({ ok: false, message: result.message });
        onChange(null);
        setAnswer("");
        setChallenge(await nouveau(kind));
      }
    });

  const solved = status?.ok === true;
  return (
    <fieldset className="fr-fieldset" aria-labelledby="captcha-legend">
      <legend id="captcha-legend" className="fr-fieldset__legend">
        Vérification anti-robot
      </legend>
      <div className="fr-fieldset__element">
        {kind === "image" ? (
          <p className="fr-mb-1w">Pour finaliser la création de votre compte, reproduisez la suite de caractères ci-dessous.</p>
        ) : (
          <p className="fr-mb-1w">Répondez à la question ci-dessous.</p>
        )}
        <div aria-busy={pending} aria-live="polite">
          {challenge?.svg && (
            <div
              role="img"
              aria-label="Image contenant la suite de caractères à reproduire"
              className="fr-mb-1w"
              style={{ display: "inline-block", border: "1px solid var(--border-default-grey)" }}
              dangerouslySetInnerHTML={{ __html: challenge.svg }}
            />
          )}
          {challenge?.question && (
            <p className="fr-text--lg fr-mb-1w" id="captcha-question">
              {challenge.question}
            </p>
          )}
        </div>
        <GroupeBoutons className="fr-btns-group--inline fr-btns-group--sm">
          <li>
            <Button type="button" priority="tertiary" iconId="fr-icon-refresh-line" onClick={() => load(kind)} disabled={pending}>
              {kind === "image" ? "Afficher une autre image" : "Poser une autre question"}
            </Button>
          </li>
          <li>
            <Button
              type="button"
              priority="tertiary"
              iconId={kind === "image" ? "fr-icon-questionnaire-line" : "fr-icon-image-line"}
              onClick={() => {
                setStatus(null);
                setKind(kind === "image" ? "question" : "image");
              }}
              disabled={pending}
            >
              {kind === "image" ? "Je ne peux pas lire l'image : poser une question à la place" : "Revenir à l'image"}
            </Button>
          </li>
        </GroupeBoutons>
      </div>
      <div className="fr-fieldset__element">
        <Input
          label={<LibelleRequis>{kind === "image" ? "Suite de caractères" : "Réponse"}</LibelleRequis>}
          state={error && !solved ? "error" : status ? (status.ok ? "success" : "error") : "default"}
          stateRelatedMessage={status?.message ?? error}
          nativeInputProps={{
            value: answer,
            onChange: (e) => setAnswer(e.target.value),
            onKeyDown: (e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                submit();
              }
            },
            autoComplete: "off",
            disabled: solved,
            "aria-describedby": challenge?.question ? "captcha-question" : undefined,
            name: "captcha",
          }}
        />
        <Button type="button" priority="secondary" onClick={submit} disabled={pending || solved || !answer.trim()}>
          Valider le Captcha
        </Button>
      </div>
    </fieldset>
  );
}
