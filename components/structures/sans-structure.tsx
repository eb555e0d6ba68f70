import Link from "next/link";
import { Alert } from "@codegouvfr/react-dsfr/Alert";

/** What a structure page shows to someone who may not use it for the structure he acts for. */
export function SansStructure({ message }: { message: string }) {
  return (
    <Alert
      severity="warning"
      title="Accès impossible"
      description={
        <>
          {message} <Link href="/structures/mes-structures">Mes structures</Link>
        </>
      }
    />
  );
}
