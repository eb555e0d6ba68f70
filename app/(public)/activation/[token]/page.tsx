import type { Metadata } from "next";
import { etatLien } from "@/lib/accounts/mot-de-passe";
import { PageLien } from "@/components/compte/page-lien";
import { definirMotDePasseAction, demanderLienAction } from "@/app/(public)/activation/actions";

export const metadata: Metadata = { title: "Activer votre compte", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function ActivationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <PageLien
      token={token}
      purpose="ACTIVATION"
      etat={await etatLien(token, "ACTIVATION")}
      actions={{ definirMotDePasse: definirMotDePasseAction, demanderLien: demanderLienAction }}
    />
  );
}
