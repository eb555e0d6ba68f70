"use client";

import type { ReactNode, InputHTMLAttributes } from "react";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";

/** The guide marks mandatory fields with a red asterisk; screen readers get « obligatoire » from `required`. */
export function LibelleRequis({ children }: { children: ReactNode }) {
  return (
    <>
      {children}{" "}
      <span style={{ color: "var(--text-default-error)" }} aria-hidden="true">
        *
      </span>
    </>
  );
}

/**
 * After a refused submit, the focus goes to the first field in error in reading order (RGAA 11.10): a field marked
 * invalid, or the control of a DSFR group in its error state (a select, radios). Waits for the errors to be drawn.
 */
export function focaliserPremiereErreur(formulaire: HTMLElement | null) {
  setTimeout(() =>
    formulaire
      ?.querySelector<HTMLElement>('[aria-invalid="true"], .fr-input-group--error input, .fr-select-group--error select, .fr-fieldset--error input')
      ?.focus(),
  );
}

export function erreurDe<T extends FieldValues>(form: UseFormReturn<T>, name: Path<T>): string | undefined {
  const parts = String(name).split(".");
  let node: unknown = form.formState.errors;
  for (const p of parts) node = (node as Record<string, unknown> | undefined)?.[p];
  return (node as { message?: string } | undefined)?.message;
}

type ChampProps<T extends FieldValues> = {
  form: UseFormReturn<T>;
  name: Path<T>;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  inputProps?: InputHTMLAttributes<HTMLInputElement>;
  onBlur?: () => void;
};

export function Champ<T extends FieldValues>({ form, name, label, hint, required, disabled, inputProps, onBlur }: ChampProps<T>) {
  const error = erreurDe(form, name);
  const registered = form.register(name);
  return (
    <Input
      label={required ? <LibelleRequis>{label}</LibelleRequis> : label}
      hintText={hint}
      disabled={disabled}
      state={error ? "error" : "default"}
      stateRelatedMessage={error}
      nativeInputProps={{
        ...inputProps,
        ...registered,
        required,
        "aria-invalid": error ? true : undefined,
        onBlur: (e) => {
          void registered.onBlur(e);
          onBlur?.();
        },
      }}
    />
  );
}

type ListeProps<T extends FieldValues> = {
  form: UseFormReturn<T>;
  name: Path<T>;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  options: { value: string; label: string }[];
  placeholder?: string;
};

export function Liste<T extends FieldValues>({ form, name, label, hint, required, options, placeholder }: ListeProps<T>) {
  const error = erreurDe(form, name);
  return (
    <Select
      label={required ? <LibelleRequis>{label}</LibelleRequis> : label}
      hint={hint}
      state={error ? "error" : "default"}
      stateRelatedMessage={error}
      nativeSelectProps={{ ...form.register(name), required, "aria-invalid": error ? true : undefined }}
    >
      <option value="">{placeholder ?? "Sélectionnez une option"}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </Select>
  );
}
