"use client";

import { useEffect, useId, useState } from "react";
import { type UseFormReturn, useWatch } from "react-hook-form";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import Link from "next/link";
import { type Difference, differences, valeursDuFichier } from "@/lib/facturx/formulaire";
import type { FactureLue } from "@/lib/facturx/types";
import { formaterMontantDevise } from "@/lib/invoices/montants";
import type { FactureForm } from "@/lib/invoices/schemas";

type Props = {
  pieceId: string;
  form: UseFormReturn<FactureForm>;
  /** Replaces the « Détail TVA » lines (the form's field array). */
  remplacerLignesTva: (lignes: FactureForm["lignesTva"]) => void;
};

const CHAMPS_COMPARES = ["numero", "dateFacture", "devise", "typePiece", "montantHt", "montantTva", "montantTtc", "netAPayer"] as const;

/**
 * « Importer une facture électronique »: a Factur-X PDF, a CII or a UBL file is read by the portal
 * (POST /api/factures-travaux/pieces/[id]/facture-electronique), the step's fields are filled with what it says, what
 * was read is shown, and every field typed differently from the file afterwards is listed before sending.
 */
export function ImportFactureElectronique({ pieceId, form, remplacerLignesTva }: Props) {
  const id = useId();
  const [lue, setLue] = useState<FactureLue | null>(null);
  // What step « Parties » says otherwise than the file (read by the server, which knows the draft's parties).
  const [ecartsParties, setEcartsParties] = useState<Difference[]>([]);
  const [erreur, setErreur] = useState<string | null>(null);
  const [enCours, setEnCours] = useState(false);
  // Enabled once hydrated: a file chosen before would go nowhere.
  const [pret, setPret] = useState(false);
  useEffect(() => setPret(true), []);
  const saisis = useWatch({ control: form.control, name: [...CHAMPS_COMPARES] });
  const ecarts = lue ? differences(Object.fromEntries(CHAMPS_COMPARES.map((c, i) => [c, saisis[i]])) as Partial<FactureForm>, lue) : [];

  async function importer(fichier: File) {
    setEnCours(true);
    setErreur(null);
    try {
      const reponse = await fetch(`/api/factures-travaux/pieces/${pieceId}/facture-electronique`, {
        method: "POST",
        headers: { "X-Nom-Fichier": encodeURIComponent(fichier.name) },
        body: fichier,
      });
      const corps = (await reponse.json().catch(() => null)) as { ok: boolean; facture?: FactureLue; ecartsParties?: Difference[]; message?: string } | null;
      if (!reponse.ok || !corps?.ok || !corps.facture) {
        setLue(null);
        setEcartsParties([]);
        setErreur(corps?.message ?? "La facture électronique n'a pas pu être lue. Réessayez dans quelques instants.");
        return;
      }
      const valeurs = valeursDuFichier(corps.facture, form.getValues());
      for (const [champ, valeur] of Object.entries(valeurs)) {
        if (champ === "lignesTva") remplacerLignesTva(valeur as FactureForm["lignesTva"]);
        else form.setValue(champ as keyof FactureForm, valeur as never, { shouldDirty: true, shouldValidate: true });
      }
      setLue(corps.facture);
      setEcartsParties(corps.ecartsParties ?? []);
    } catch {
      setErreur("La facture électronique n'a pas pu être envoyée. Vérifiez votre connexion et réessayez.");
    } finally {
      setEnCours(false);
    }
  }

  return (
    <section className="fr-mb-4w" aria-labelledby={`${id}-titre`}>
      <h2 id={`${id}-titre`} className="fr-h6 fr-mb-1w">
        Importer une facture électronique
      </h2>
      <div className="fr-upload-group">
        <label className="fr-label" htmlFor={`${id}-fichier`}>
          Fichier de la facture électronique
          <span className="fr-hint-text">
            Factur-X (PDF avec son fichier factur-x.xml), CII ou UBL 2.1 (XML) : les champs de cette étape sont remplis avec ce qu'elle contient.
          </span>
        </label>
        <input
          className="fr-upload"
          type="file"
          id={`${id}-fichier`}
          accept=".pdf,.xml,application/pdf,application/xml,text/xml"
          disabled={!pret || enCours}
          aria-describedby={`${id}-etat`}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importer(f);
            e.target.value = "";
          }}
        />
      </div>
      <div id={`${id}-etat`} aria-live="polite">
        {enCours && <p className="fr-mt-1w fr-text--sm">Lecture de la facture électronique…</p>}
        {erreur && <Alert className="fr-mt-2w" severity="error" small description={erreur} />}
        {lue && (
          <Alert
            className="fr-mt-2w"
            severity="success"
            small
            description={`Facture électronique lue (${lue.pdf ? "Factur-X" : lue.syntaxe}, profil ${lue.profil ?? "non indiqué"}) : ${
              lue.type === "AVOIR" ? "avoir" : "facture"
            } n° ${lue.numero ?? "?"} du ${lue.date ?? "?"}, vendeur ${lue.vendeur.nom ?? "?"}${lue.vendeur.siret ? ` (SIRET ${lue.vendeur.siret})` : ""}, acheteur ${
              lue.acheteur.nom ?? "?"
            }${lue.referenceAcheteur ? ` (code service ${lue.referenceAcheteur})` : ""}, total TTC ${formaterMontantDevise(lue.totaux.ttc, lue.devise ?? "EUR")}${
              lue.totaux.netAPayer !== undefined && lue.totaux.netAPayer !== lue.totaux.ttc
                ? `, à payer ${formaterMontantDevise(lue.totaux.netAPayer, lue.devise ?? "EUR")}`
                : ""
            }. Les champs de l'étape ont été remplis.`}
          />
        )}
      </div>
      {(ecarts.length > 0 || ecartsParties.length > 0) && (
        <div className="fr-alert fr-alert--warning fr-mt-2w" role="status">
          <h3 className="fr-alert__title">Différences avec la facture électronique importée</h3>
          <p>Ce qui est saisi ne correspond pas au fichier importé : corrigez la saisie ou importez la bonne facture avant d'envoyer.</p>
          {ecarts.length > 0 && <ListeEcarts ecarts={ecarts} />}
          {ecartsParties.length > 0 && (
            <>
              <p className="fr-mb-0">À l'étape 2 « Maîtrise d'œuvre et maîtrise d'ouvrage » :</p>
              <ListeEcarts ecarts={ecartsParties} />
              <p>
                Enregistrez cette étape, puis <Link href={`/factures-travaux/deposer/${pieceId}/parties`}>corrigez l'étape 2</Link>.
              </p>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** Each difference as « libellé : saisi « … », dans le fichier « … » ». */
function ListeEcarts({ ecarts }: { ecarts: Difference[] }) {
  return (
    <ul>
      {ecarts.map((d) => (
        <li key={d.champ}>
          {d.libelle} : saisi « {d.saisi} », dans le fichier « {d.fichier} »
        </li>
      ))}
    </ul>
  );
}
