"use client";

import { useState, useTransition } from "react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import type { ActionResult } from "@/lib/errors";

const NOTES = [
  { note: 5, libelle: "Très satisfait" },
  { note: 4, libelle: "Satisfait" },
  { note: 3, libelle: "Moyennement satisfait" },
  { note: 2, libelle: "Peu satisfait" },
  { note: 1, libelle: "Pas satisfait" },
];

/** « Je donne mon avis » on the online deposit service: a rating and an optional comment. */
export function DonnerAvis({ pieceId, action }: { pieceId: string; action: (input: unknown) => Promise<ActionResult> }) {
  const [ouvert, setOuvert] = useState(false);
  const [note, setNote] = useState<number | null>(null);
  const [commentaire, setCommentaire] = useState("");
  const [resultat, setResultat] = useState<ActionResult | null>(null);
  const [pending, start] = useTransition();

  if (resultat?.ok) return <Alert severity="success" small description="Merci : votre avis a été enregistré." />;
  if (!ouvert)
    return (
      <Button priority="secondary" iconId="fr-icon-chat-3-line" onClick={() => setOuvert(true)}>
        Je donne mon avis
      </Button>
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => setResultat(await action({ id: pieceId, note: note ?? 0, commentaire })));
      }}
    >
      {resultat && !resultat.ok && <Alert className="fr-mb-2w" small severity="error" description={resultat.fieldErrors.note ?? resultat.message} />}
      <RadioButtons
        legend="Êtes-vous satisfait du service en ligne de dépôt de vos factures ?"
        orientation="horizontal"
        options={NOTES.map((n) => ({
          label: n.libelle,
          nativeInputProps: { name: "note", value: n.note, checked: note === n.note, onChange: () => setNote(n.note) },
        }))}
      />
      <Input
        label="Commentaire (facultatif)"
        textArea
        nativeTextAreaProps={{ value: commentaire, onChange: (e) => setCommentaire(e.target.value), maxLength: 1000, rows: 3 }}
      />
      <Button type="submit" disabled={pending || note === null}>
        Envoyer mon avis
      </Button>
    </form>
  );
}
