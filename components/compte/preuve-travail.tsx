"use client";

import type {} from "altcha/types/react";
import { useEffect, useRef, useState } from "react";

type Props = {
  /** The signed challenge the server made (lib/captcha/captcha.ts, kind « preuve »). */
  challenge: unknown;
  /** The widget's payload once the work is done (the server checks it), or null when it is lost again. */
  onResolue: (payload: string | null) => void;
};

/**
 * The captcha's accessible alternative: ALTCHA's widget, a checkbox « Je ne suis pas un robot » that makes the
 * browser compute for a few seconds. Nothing to read or to hear; the widget announces its states to screen readers.
 * The widget (a web component) and its French wording load on the client only.
 */
export function PreuveTravail({ challenge, onResolue }: Props) {
  const ref = useRef<HTMLElement>(null);
  const [pret, setPret] = useState(false);
  const rappel = useRef(onResolue);
  rappel.current = onResolue;

  useEffect(() => {
    let vivant = true;
    Promise.all([import("altcha"), import("altcha/i18n/fr-fr")]).then(() => vivant && setPret(true));
    return () => {
      vivant = false;
    };
  }, []);

  useEffect(() => {
    const widget = ref.current;
    if (!pret || !widget) return;
    const ecouter = (e: Event) => {
      const { state, payload } = (e as CustomEvent<{ state: string; payload?: string }>).detail;
      if (state === "verified" && payload) rappel.current(payload);
      else if (state !== "verifying") rappel.current(null);
    };
    widget.addEventListener("statechange", ecouter);
    return () => widget.removeEventListener("statechange", ecouter);
  }, [pret]);

  if (!pret) return <p className="fr-text--sm">Chargement de la vérification…</p>;
  return (
    <altcha-widget
      ref={ref}
      challenge={JSON.stringify(challenge)}
      language="fr-fr"
      name="preuve"
      configuration={JSON.stringify({ hideFooter: true, hideLogo: true })}
    />
  );
}
