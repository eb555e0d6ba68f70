"use client";

import { useState, useTransition } from "react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import type { ActionResult } from "@/lib/errors";
import { Tableau } from "@/components/ui/tableau";

export type LivraisonLigne = {
  id: string;
  le: string;
  statut: "EN_ATTENTE" | "LIVREE" | "ECHEC";
  resume: string;
  tentatives: number;
  dernierCode: number | null;
  derniereErreur: string | null;
};
export type AbonnementLigne = { id: string; url: string; actif: boolean; createdAt: string; livraisons: LivraisonLigne[] };
type Action<T = undefined> = (input: unknown) => Promise<ActionResult<T>>;
type Props = { abonnements: AbonnementLigne[]; actions: { creer: Action<{ id: string; secret: string }>; desactiver: Action } };

const confirmation = createModal({ id: "confirmer-desactivation-webhook", isOpenedByDefault: false });
const dateHeure = new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeStyle: "medium", timeZone: "Europe/Paris" });
const STATUTS = {
  EN_ATTENTE: { libelle: "En attente", severite: "info" },
  LIVREE: { libelle: "Livrée", severite: "success" },
  ECHEC: { libelle: "Échec", severite: "error" },
} as const;

/**
 * « Webhooks »: the addresses told of every status change of the structure's pieces, each with its last deliveries
 * (answer code, error, attempts); « Ajouter une adresse » (the signing secret shown once) and « Désactiver ».
 */
export function GestionWebhooks({ abonnements, actions }: Props) {
  const [url, setUrl] = useState("");
  const [erreurUrl, setErreurUrl] = useState<string | null>(null);
  const [statut, setStatut] = useState<{ ok: boolean; texte: string } | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [cible, setCible] = useState<AbonnementLigne | null>(null);
  const [pending, start] = useTransition();

  const ajouter = () =>
    start(async () => {
      setErreurUrl(null);
      setStatut(null);
      const r = await actions.creer({ url });
      if (r.ok) {
        setSecret({ url, secret: r.data.secret });
        setUrl("");
      } else {
        setErreurUrl(r.fieldErrors.url ?? null);
        if (!r.fieldErrors.url) setStatut({ ok: false, texte: r.message });
      }
    });
  const desactiver = (a: AbonnementLigne) =>
    start(async () => {
      const r = await actions.desactiver({ abonnementId: a.id });
      setStatut(r.ok ? { ok: true, texte: `L'adresse ${a.url} ne reçoit plus de notifications.` } : { ok: false, texte: r.message });
    });

  return (
    <>
      <p>
        À chaque changement de statut d&apos;une pièce dont la structure est partie (dépôt, prise en compte, suspension, refus, paiement…), le portail envoie un
        message JSON (méthode POST) à chacune de ces adresses, signé dans l&apos;en-tête <code>Signature-Webhook</code> (
        <code>t=&lt;horodatage&gt;,v1=&lt;HMAC-SHA256 de « horodatage.corps »&gt;</code>) avec le secret de l&apos;adresse. Refusez un horodatage de plus de 5
        minutes. Une réponse autre que 2xx est retentée pendant environ 4 heures, à intervalles croissants.
      </p>
      <div role="status" className="fr-mb-2w">
        {pending && <p className="fr-text--sm">Enregistrement en cours…</p>}
        {!pending && statut && <Alert small severity={statut.ok ? "success" : "error"} description={statut.texte} />}
      </div>
      {secret && (
        <Alert
          className="fr-mb-4w"
          severity="warning"
          title="Secret de signature de la nouvelle adresse"
          description={
            <>
              <p>Copiez ce secret maintenant : il ne sera plus jamais affiché. Votre logiciel s&apos;en sert pour vérifier la signature des messages.</p>
              <Input label={`Secret de ${secret.url}`} nativeInputProps={{ readOnly: true, value: secret.secret, spellCheck: false, autoComplete: "off" }} />
              <Button size="small" priority="secondary" onClick={() => setSecret(null)}>
                J'ai noté le secret
              </Button>
            </>
          }
        />
      )}
      {abonnements.length === 0 ? (
        <p>Aucune adresse n&apos;est enregistrée.</p>
      ) : (
        abonnements.map((a) => (
          <section key={a.id} className="fr-mb-4w" aria-label={`Adresse ${a.url}`}>
            <h3 className="fr-h6 fr-mb-1w" style={{ overflowWrap: "anywhere" }}>
              {a.url}{" "}
              <Badge as="span" small severity={a.actif ? "success" : "error"}>
                {a.actif ? "Active" : "Désactivée"}
              </Badge>
            </h3>
            {a.actif && (
              <Button
                size="small"
                priority="tertiary"
                className="bouton-destructif fr-mb-2w"
                disabled={pending}
                title={`Désactiver l'adresse ${a.url}`}
                onClick={() => {
                  setCible(a);
                  confirmation.open();
                }}
              >
                Désactiver
              </Button>
            )}
            {a.livraisons.length === 0 ? (
              <p className="fr-text--sm">Aucun envoi pour l&apos;instant.</p>
            ) : (
              <Tableau className="fr-table--sm">
                <caption>Derniers envois vers {a.url}</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Événement</th>
                    <th scope="col">État</th>
                    <th scope="col">Tentatives</th>
                    <th scope="col">Dernière réponse</th>
                  </tr>
                </thead>
                <tbody>
                  {a.livraisons.map((l) => (
                    <tr key={l.id}>
                      <td>{dateHeure.format(new Date(l.le))}</td>
                      <td>{l.resume}</td>
                      <td>
                        <Badge as="span" small severity={STATUTS[l.statut].severite}>
                          {STATUTS[l.statut].libelle}
                        </Badge>
                      </td>
                      <td>{l.tentatives}</td>
                      <td>{l.derniereErreur ?? (l.dernierCode ? `HTTP ${l.dernierCode}` : "—")}</td>
                    </tr>
                  ))}
                </tbody>
              </Tableau>
            )}
          </section>
        ))
      )}
      <form
        noValidate
        aria-labelledby="titre-ajout-webhook"
        onSubmit={(e) => {
          e.preventDefault();
          ajouter();
        }}
      >
        <h3 id="titre-ajout-webhook" className="fr-h6">
          Ajouter une adresse
        </h3>
        <Input
          label="Adresse (URL) de réception"
          hintText="Une adresse https de votre logiciel, par exemple https://erp.exemple.fr/webhooks/factures-travaux."
          state={erreurUrl ? "error" : "default"}
          stateRelatedMessage={erreurUrl ?? undefined}
          nativeInputProps={{ value: url, onChange: (e) => setUrl(e.target.value), type: "url", required: true, spellCheck: false, autoComplete: "url" }}
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Enregistrement…" : "Ajouter l'adresse"}
        </Button>
      </form>
      <confirmation.Component
        title="Désactiver cette adresse ?"
        buttons={[
          { children: "Annuler", priority: "secondary" },
          { children: "Confirmer la désactivation", onClick: () => cible && desactiver(cible) },
        ]}
      >
        {cible && (
          <p style={{ overflowWrap: "anywhere" }}>
            L&apos;adresse <strong>{cible.url}</strong> ne recevra plus aucune notification ; les envois en attente sont abandonnés. Pour la rétablir,
            ajoutez-la de nouveau (avec un nouveau secret).
          </p>
        )}
      </confirmation.Component>
    </>
  );
}
