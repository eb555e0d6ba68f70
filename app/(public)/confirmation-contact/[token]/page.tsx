import type { Metadata } from "next";
import { etatLienConfirmation } from "@/lib/accounts/email-contact";
import { ConfirmationContact } from "@/components/compte/confirmation-contact";
import { confirmerEmailContactAction } from "@/app/(public)/confirmation-contact/actions";

export const metadata: Metadata = { title: "Confirmer l'adresse électronique de contact", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function ConfirmationContactPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <ConfirmationContact token={token} etat={await etatLienConfirmation(token)} action={confirmerEmailContactAction} />;
}
