import type { ReactNode } from "react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { requireActeur } from "@/lib/auth/session";
import { espaceTravauxVisible, MESSAGE_ESPACE_FERME } from "@/lib/structures/services-utilisateurs";

export const dynamic = "force-dynamic";

/**
 * The « Factures de travaux » space: closed to a user limited to services whose space is all closed (read from the
 * database). Every domain function still checks what the user sees (lib/invoices/acces.ts).
 */
export default async function FacturesTravauxLayout({ children }: { children: ReactNode }) {
  const acteur = await requireActeur("/factures-travaux");
  if (!(await espaceTravauxVisible(acteur)))
    return (
      <div className="fr-container fr-my-6w">
        <h1>Factures de travaux</h1>
        <Alert severity="info" title="Espace fermé pour vos services" description={MESSAGE_ESPACE_FERME} />
      </div>
    );
  return <>{children}</>;
}
