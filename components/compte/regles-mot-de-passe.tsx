"use client";

import { checkPassword, PASSWORD_KINDS, PASSWORD_MIN_LENGTH } from "@/lib/accounts/password";

/** The guide's password rules as a live checklist (`id` is what the password field's `aria-describedby` names). */
export function ReglesMotDePasse({ id, password }: { id: string; password: string }) {
  const check = checkPassword(password);
  const item = (ok: boolean, label: string) => (
    <li className={ok ? "fr-message fr-message--valid" : "fr-message fr-message--info"}>
      {label}
      <span className="fr-sr-only">{ok ? " : respecté" : " : non respecté"}</span>
    </li>
  );
  return (
    <div id={id} className="fr-messages-group fr-mb-3w" aria-live="polite">
      <p className="fr-message">Votre mot de passe doit contenir :</p>
      <ul className="fr-raw-list">
        {item(check.longEnough, `${PASSWORD_MIN_LENGTH} caractères minimum`)}
        {item(check.kindCount >= 3, "au moins 3 types de caractères parmi les 4 suivants :")}
      </ul>
      <ul>
        {PASSWORD_KINDS.map((k) => (
          <li key={k.key} className={check.kinds[k.key] ? "fr-message fr-message--valid" : "fr-message fr-message--info"}>
            {k.label}
            <span className="fr-sr-only">{check.kinds[k.key] ? " : présent" : " : absent"}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
