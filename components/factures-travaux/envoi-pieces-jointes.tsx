"use client";

import type { ActionResult } from "@/lib/errors";
import { ConfirmerEnvoi } from "./confirmer-envoi";

/** « Valider et envoyer » from the attachments page: what was saved is sent as it is. */
export function EnvoiDepuisPiecesJointes({
  pieceId,
  resume,
  envoyer,
}: {
  pieceId: string;
  resume: string;
  envoyer: (input: unknown) => Promise<ActionResult<{ numeroDepot: string }>>;
}) {
  return <ConfirmerEnvoi pieceId={pieceId} resume={resume} envoyer={() => envoyer({ id: pieceId })} />;
}
