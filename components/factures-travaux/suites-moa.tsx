"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import type { ActionResult } from "@/lib/errors";
import { Tableau } from "@/components/ui/tableau";

/** A piece the MOA may continue, as « Déposer » lists it (formatted by the page). */
export type LigneSuiteMoa = {
  id: string;
  /** « A15 – Projet de décompte mensuel (état d'acompte de la MOE) ». */
  cadre: string;
  numero: string | null;
  dossier: string | null;
  fournisseur: string | null;
  moe: string;
  montant: string;
  dateFacture: string;
  priseEnCompteLe: string;
  /** « Déposer l'état d'acompte validé (A19) », « Déposer le décompte général (A20) ». */
  action: string;
  /** A draft of it already started: the button takes it up again (« Reprendre le brouillon de l'état d'acompte validé (A19) »). */
  brouillon: boolean;
  reprise: string;
};

type Props = {
  pieces: LigneSuiteMoa[];
  total: number;
  suivante: (input: unknown) => Promise<ActionResult<{ id: string }>>;
};

/**
 * « Déposer » for a maîtrise d'ouvrage: the MOE's statements it has taken into account and may continue now — its
 * état d'acompte validé (A19) from an état d'acompte (A15), its décompte général (A20) from a projet de décompte général
 * (A17). Each button prepares the prefilled piece (or takes up its draft) and opens it at « Parties ».
 */
export function SuitesMoa({ pieces, total, suivante }: Props) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [erreur, setErreur] = useState<string | null>(null);

  const deposer = (id: string) =>
    start(async () => {
      setErreur(null);
      const r = await suivante({ id });
      if (r.ok) router.push(`/factures-travaux/deposer/${r.data.id}/parties`);
      else setErreur(r.message);
    });

  if (pieces.length === 0)
    return (
      <Alert
        severity="info"
        title="Aucune pièce à poursuivre pour l'instant"
        description="Votre structure est une maîtrise d'ouvrage : elle ne dépose pas de pièce seule. Quand vous aurez pris en compte un état d'acompte (A15) ou un projet de décompte général (A17) que la maîtrise d'œuvre vous a transmis (« Prendre en compte », sur la pièce), vous pourrez déposer ici l'état d'acompte validé (A19) ou le décompte général (A20) qui lui fait suite."
      />
    );

  return (
    <>
      {erreur && <Alert className="fr-mb-3w" small severity="error" description={erreur} />}
      <Tableau>
        <caption>Pièces que vous pouvez poursuivre ({total > pieces.length ? `les ${pieces.length} plus anciennes sur ${total}` : total})</caption>
        <thead>
          <tr>
            <th scope="col">Pièce de la maîtrise d&apos;œuvre</th>
            <th scope="col">Dossier de facturation</th>
            <th scope="col">Fournisseur titulaire</th>
            <th scope="col">Maîtrise d&apos;œuvre</th>
            <th scope="col">Montant TTC</th>
            <th scope="col">Date de la facture</th>
            <th scope="col">Prise en compte le</th>
            <th scope="col">Pièce suivante</th>
          </tr>
        </thead>
        <tbody>
          {pieces.map((p) => (
            <tr key={p.id}>
              <td id={`suite-${p.id}`}>
                <Link href={`/factures-travaux/pieces/${p.id}`}>{p.numero ? `n° ${p.numero}` : "(sans numéro)"}</Link>
                <br />
                <span className="fr-text--xs">{p.cadre}</span>
              </td>
              <td>{p.dossier}</td>
              <td>{p.fournisseur}</td>
              <td>{p.moe}</td>
              <td>{p.montant}</td>
              <td>{p.dateFacture}</td>
              <td>{p.priseEnCompteLe}</td>
              <td>
                <Button
                  size="small"
                  priority={p.brouillon ? "secondary" : "primary"}
                  iconId="fr-icon-add-line"
                  onClick={() => deposer(p.id)}
                  disabled={pending}
                  nativeButtonProps={{ "aria-describedby": `suite-${p.id}` }}
                >
                  {p.brouillon ? p.reprise : p.action}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </Tableau>
    </>
  );
}
