import { Alert } from "@codegouvfr/react-dsfr/Alert";

/** What a back-office page shows to a signed-in user who is not a portal administrator. */
export function AccesReserve({ message }: { message: string }) {
  return <Alert severity="warning" title="Accès réservé" description={message} />;
}
