"use client";

import { useId, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import type { ActionResult } from "@/lib/errors";
import { controleAvantEnvoi, formaterTaille, REGLES_PIECES_JOINTES } from "@/lib/files/limites";
import { GroupeBoutons } from "@/components/ui/groupe-boutons";
import { Tableau } from "@/components/ui/tableau";

export type FichierListe = {
  id: string;
  nature: "FACTURE" | "COMPLEMENTAIRE" | "ATTESTATION_PAIEMENT_DIRECT" | "MEMOIRE_RECLAMATION";
  nom: string;
  typeMime: string;
  taille: number;
  sha256: string;
};

type Props = {
  pieceId: string;
  fichiers: FichierListe[];
  modifiable: boolean;
  supprimer?: (input: unknown) => Promise<ActionResult>;
  /** A10, the titulaire: joins (or takes back) the direct-payment attestation, and nothing else. */
  attestation?: boolean;
  /** The A8 signing a décompte général: its mémoire en réclamation may be joined (required with reserves). */
  memoire?: boolean;
};

const NATURES: Record<FichierListe["nature"], string> = {
  FACTURE: "Facture (PDF)",
  COMPLEMENTAIRE: "Pièce jointe",
  ATTESTATION_PAIEMENT_DIRECT: "Attestation de paiement direct",
  MEMOIRE_RECLAMATION: "Mémoire en réclamation",
};

const VISUALISABLES = ["application/pdf", "image/png", "image/jpeg", "image/gif", "image/bmp"];

type Envoi = { nom: string; progression: number } | null;

/** « Gestion des pièces jointes »: add (with a real progress bar), view, download, delete. */
export function GestionPiecesJointes({ pieceId, fichiers, modifiable, supprimer, attestation, memoire }: Props) {
  const router = useRouter();
  const [envoi, setEnvoi] = useState<Envoi>(null);
  const [message, setMessage] = useState<{ ok: boolean; texte: string } | null>(null);
  const [pending, start] = useTransition();
  const facture = fichiers.find((f) => f.nature === "FACTURE");
  const autres = fichiers.filter((f) => f.nature !== "FACTURE");
  const total = fichiers.reduce((s, f) => s + f.taille, 0);

  const televerser = (fichier: File, nature: FichierListe["nature"]) => {
    setMessage(null);
    const avant = controleAvantEnvoi(fichier.name, fichier.size);
    if (avant) return setMessage({ ok: false, texte: avant });
    if (nature === "FACTURE" && !/\.pdf$/i.test(fichier.name)) return setMessage({ ok: false, texte: "La facture elle-même doit être un fichier PDF." });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/factures-travaux/pieces/${pieceId}/pieces-jointes?nature=${nature}`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("X-Nom-Fichier", encodeURIComponent(fichier.name));
    xhr.upload.onprogress = (e) => e.lengthComputable && setEnvoi({ nom: fichier.name, progression: Math.round((e.loaded / e.total) * 100) });
    xhr.onload = () => {
      setEnvoi(null);
      let corps: { ok?: boolean; message?: string } = {};
      try {
        corps = JSON.parse(xhr.responseText);
      } catch {
        /* a proxy's error page */
      }
      if (xhr.status >= 200 && xhr.status < 300 && corps.ok) {
        setMessage({ ok: true, texte: `Le fichier « ${fichier.name} » a été ajouté.` });
        router.refresh();
      } else setMessage({ ok: false, texte: corps.message ?? `Le fichier « ${fichier.name} » n'a pas pu être ajouté (erreur ${xhr.status}).` });
    };
    xhr.onerror = () => {
      setEnvoi(null);
      setMessage({ ok: false, texte: "Le fichier n'a pas pu être envoyé : vérifiez votre connexion et réessayez." });
    };
    setEnvoi({ nom: fichier.name, progression: 0 });
    xhr.send(fichier);
  };

  const retirer = (f: FichierListe) => {
    if (!supprimer || !window.confirm(`Supprimer la pièce jointe « ${f.nom} » ?`)) return;
    start(async () => {
      const r = await supprimer({ id: pieceId, pieceJointeId: f.id });
      setMessage(r.ok ? { ok: true, texte: `Le fichier « ${f.nom} » a été supprimé.` } : { ok: false, texte: r.message });
      if (r.ok) router.refresh();
    });
  };

  const url = (f: FichierListe, affichage?: boolean) => `/api/factures-travaux/pieces/${pieceId}/pieces-jointes/${f.id}${affichage ? "?affichage=1" : ""}`;

  const ligne = (f: FichierListe) => (
    <tr key={f.id}>
      <td>{f.nom}</td>
      <td>{NATURES[f.nature]}</td>
      <td>{formaterTaille(f.taille)}</td>
      <td>
        <GroupeBoutons className="fr-btns-group--inline fr-btns-group--sm fr-mb-0">
          {VISUALISABLES.includes(f.typeMime) && (
            <li>
              <a
                className="fr-btn fr-btn--sm fr-btn--tertiary"
                href={url(f, true)}
                target="_blank"
                rel="noopener"
                title={`Consulter ${f.nom} (nouvelle fenêtre)`}
              >
                Consulter
              </a>
            </li>
          )}
          <li>
            <a className="fr-btn fr-btn--sm fr-btn--tertiary" href={url(f)} download title={`Télécharger ${f.nom}`}>
              Télécharger
            </a>
          </li>
          {(modifiable || (attestation && f.nature === "ATTESTATION_PAIEMENT_DIRECT")) && (
            <li>
              <Button size="small" priority="tertiary" onClick={() => retirer(f)} disabled={pending} title={`Supprimer ${f.nom}`}>
                Supprimer
              </Button>
            </li>
          )}
        </GroupeBoutons>
      </td>
    </tr>
  );

  return (
    <div>
      {/* One live region, always in the page (a region added with its text is not read): the upload's progress, then its outcome. */}
      <div role="status">
        {message && <Alert className="fr-mb-3w" small severity={message.ok ? "success" : "error"} description={message.texte} />}
        {envoi && (
          <div className="fr-mb-3w">
            <label htmlFor="progression-envoi" className="fr-label">
              Envoi de « {envoi.nom} » : {envoi.progression} %
            </label>
            <progress id="progression-envoi" max={100} value={envoi.progression} style={{ width: "100%" }}>
              {envoi.progression} %
            </progress>
          </div>
        )}
      </div>

      {fichiers.length > 0 ? (
        <Tableau>
          <caption>
            Fichiers joints ({fichiers.length} {fichiers.length > 1 ? "fichiers" : "fichier"}, {formaterTaille(total)} au total)
          </caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Nature</th>
              <th scope="col">Taille</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>{[...(facture ? [facture] : []), ...autres].map(ligne)}</tbody>
        </Tableau>
      ) : (
        <p>Aucun fichier n&apos;est encore joint.</p>
      )}

      {modifiable && (
        <>
          <p className="fr-hint-text">{REGLES_PIECES_JOINTES}</p>
          {!facture && (
            <ChoixFichier
              label="Ajouter la facture (PDF, obligatoire)"
              accept=".pdf,application/pdf"
              desactive={!!envoi}
              onFichier={(f) => televerser(f, "FACTURE")}
            />
          )}
          {memoire && (
            <ChoixFichier
              label="Joindre le mémoire en réclamation (obligatoire si vous acceptez le décompte général avec réserves)"
              desactive={!!envoi}
              onFichier={(f) => televerser(f, "MEMOIRE_RECLAMATION")}
            />
          )}
          <ChoixFichier label="Ajouter une pièce jointe" desactive={!!envoi} onFichier={(f) => televerser(f, "COMPLEMENTAIRE")} />
        </>
      )}
      {attestation && (
        <>
          <p className="fr-hint-text">{REGLES_PIECES_JOINTES}</p>
          <ChoixFichier
            label="Joindre l'attestation de paiement direct (obligatoire pour valider)"
            desactive={!!envoi}
            onFichier={(f) => televerser(f, "ATTESTATION_PAIEMENT_DIRECT")}
          />
        </>
      )}
    </div>
  );
}

function ChoixFichier({ label, accept, desactive, onFichier }: { label: string; accept?: string; desactive: boolean; onFichier: (f: File) => void }) {
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);
  return (
    <div className="fr-upload-group fr-mb-3w">
      <label className="fr-label" htmlFor={id}>
        {label}
      </label>
      <input
        ref={ref}
        className="fr-upload"
        type="file"
        id={id}
        accept={accept}
        disabled={desactive}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onFichier(f);
          if (ref.current) ref.current.value = "";
        }}
      />
    </div>
  );
}
