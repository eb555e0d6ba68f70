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
import { PreuveTravail } from "./preuve-travail";

type Props = {
  nouveau: (kind: CaptchaKind) => Promise<ActionResult<CaptchaChallengeView>>;
  valider: (input: { id: string; answer: string }) => Promise<ActionResult>;
  /** Called with the id of the solved challenge (or null when a new one replaces it). */
  onChange: (challengeId: string | null) => void;
  error?: string;
  /** Bumped by the parent when the server spent or refused the challenge: a new one is fetched. */
  resetKey: number;
};

/**
 * « Reproduisez la suite de caractères » then « Valider le Captcha »; the accessible alternative is a proof of work
 * (a checkbox, a few seconds of computation, validated at once).
 */
export function Captcha({ nouveau, valider, onChange, error, resetKey }: Props) {
  const [kind, setKind] = useState<CaptchaKind>("image");
  const [challenge, setChallenge] = useState<CaptchaChallengeView | null>(null);
  const [answer, setAnswer] = useState("");
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, startTransition] = useTransition();

  /** A new challenge; refused (too many asked from this address), the message says when to try again. */
  const charger = async (k: CaptchaKind) => {
    const r = await nouveau(k);
    setChallenge(r.ok ? r.data : null);
    if (!r.ok) setStatus({ ok: false, message: r.message });
  };

  const load = (k: CaptchaKind) =>
    startTransition(async () => {
      onChange(null);
      setAnswer("");
      setStatus(null);
      await charger(k);
    });

  useEffect(() => {
    load(kind);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind, resetKey]);

  const submit = (reponse = answer) =>
    startTransition(async () => {
      if (!challenge) return;
      const result = await valider({ id: challenge.id, answer: reponse });
      if (result.ok) {
        setStatus({
          ok: true,
          message: kind === "image" ? "Captcha validé : vous pouvez créer votre compte." : "Vérification réussie : vous pouvez créer votre compte.",
        });
        onChange(challenge.id);
      } else {
        setStatus({ ok: false, message: result.message });
        onChange(null);
        setAnswer("");
        await charger(kind);
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
          <p className="fr-mb-1w">
            Cochez la case ci-dessous : votre navigateur effectue alors une vérification de quelques secondes, sans rien à lire ni à écouter.
          </p>
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
          {challenge?.preuve && !solved && (
            <div className="fr-mb-1w">
              <PreuveTravail key={challenge.id} challenge={challenge.preuve} onResolue={(payload) => payload && submit(payload)} />
            </div>
          )}
        </div>
        <GroupeBoutons className="fr-btns-group--inline fr-btns-group--sm">
          <li>
            <Button type="button" priority="tertiary" iconId="fr-icon-refresh-line" onClick={() => load(kind)} disabled={pending}>
              {kind === "image" ? "Afficher une autre image" : "Recommencer la vérification"}
            </Button>
          </li>
          <li>
            <Button
              type="button"
              priority="tertiary"
              iconId={kind === "image" ? "fr-icon-checkbox-circle-line" : "fr-icon-image-line"}
              onClick={() => {
                setStatus(null);
                setKind(kind === "image" ? "preuve" : "image");
              }}
              disabled={pending}
            >
              {kind === "image" ? "Je ne peux pas lire l'image : vérification sans image" : "Revenir à l'image"}
            </Button>
          </li>
        </GroupeBoutons>
      </div>
      {kind === "image" ? (
        <div className="fr-fieldset__element">
          <Input
            label={<LibelleRequis>Suite de caractères</LibelleRequis>}
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
              name: "captcha",
            }}
          />
          <Button type="button" priority="secondary" onClick={() => submit()} disabled={pending || solved || !answer.trim()}>
            Valider le Captcha
          </Button>
        </div>
      ) : (
        <div className="fr-fieldset__element" aria-live="polite">
          {(status || error) && <p className={status?.ok ? "fr-message fr-message--valid" : "fr-message fr-message--error"}>{status?.message ?? error}</p>}
        </div>
      )}
    </fieldset>
  );
}
