import type { Metadata } from "next";
import { etatLien } from "@/lib/accounts/mot-de-passe";
import { PageLien } from "@/components/compte/page-lien";
import { definirMotDePasseAction, demanderLienAction } from "@/app/(public)/activation/actions";

export const metadata: Metadata = { title: "Réinitialiser votre mot de passe", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function ReinitialisationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <PageLien
      token={token}
      purpose="REINITIALISATION"
      etat={await etatLien(token, "REINITIALISATION")}
      actions={{ definirMotDePasse: definirMotDePasseAction, demanderLien: demanderLienAction }}
    />
  );
}
