import Link from "next/link";
import { Information } from "@/components/ui/information";
import { formaterQuantite, LIBELLE_CAUTION, LIGNES_DECOMPTE, LIBELLES_DECOMPTE, type LigneDecompte, type RevisionEcran } from "@/lib/invoices/decompte";
import { formaterMontant, formaterMontantDevise, formaterTaux } from "@/lib/invoices/montants";
import { Tableau } from "@/components/ui/tableau";

type Montant = bigint | null;

/** The totals and the net are always shown; the other lines of the décompte only when the piece has them (not nil). */
const LIGNES_TOUJOURS = new Set<LigneDecompte>(["travauxPeriode", "montantHt", "montantTva", "montantTtc", "netAPayer"]);

/** What the block shows of a piece: its décompte, VAT detail, « postes ou prestations », and its exemption reason. */
export type PieceDecompte = Record<LigneDecompte, Montant> & {
  devise: string;
  cautionRemplaceRetenue: boolean;
  motifExonerationTva: string | null;
  lignesTva: { id: string; taux: number; baseHt: bigint; montantTva: bigint }[];
  lignesPoste: {
    id: string;
    reference: string | null;
    denomination: string;
    quantite: bigint;
    unite: string | null;
    prixUnitaireHt: bigint;
    montantHt: bigint;
    tauxTva: number;
  }[];
};

/**
 * « Décompte » on the piece's screen: every line in the CCAG's order (an avoir's with their minus sign), the caution,
 * the VAT detail, the « postes ou prestations », and — on an A15–A20 — the previous piece's amounts and the reason of
 * their revision.
 */
export function DecomptePiece({ piece: p, revision, titre = "h2" }: { piece: PieceDecompte; revision?: RevisionEcran | null; titre?: "h2" | "h3" }) {
  const Titre = titre;
  const Sous = titre === "h2" ? "h3" : "h4";
  const montant = (v: Montant) => (v === null ? null : formaterMontantDevise(v, p.devise));
  return (
    <>
      <Titre className="fr-h4 fr-mt-4w">Décompte</Titre>
      <dl>
        {LIGNES_DECOMPTE.map(([champ, libelle]) => (
          <Information key={champ} libelle={libelle} valeur={LIGNES_TOUJOURS.has(champ) || p[champ] ? montant(p[champ]) : null} />
        ))}
        {p.cautionRemplaceRetenue && <Information libelle="Caution" valeur={LIBELLE_CAUTION} />}
        <Information libelle="Motif d'exonération de TVA" valeur={p.motifExonerationTva} />
        {p.lignesTva.map((l) => (
          <Information
            key={l.id}
            libelle={`Détail TVA ${formaterTaux(l.taux)} %`}
            valeur={`base HT ${formaterMontant(l.baseHt)} — TVA ${formaterMontant(l.montantTva)} ${p.devise}`}
          />
        ))}
      </dl>

      {revision && (
        <>
          <Sous className="fr-h6 fr-mt-3w">Révision des montants de la pièce précédente</Sous>
          <Tableau className="fr-table--sm fr-table--no-caption">
            <caption>Montants de la pièce précédente et de cette pièce</caption>
            <thead>
              <tr>
                <th scope="col">Ligne</th>
                <th scope="col">
                  Pièce précédente (<Link href={`/factures-travaux/pieces/${revision.precedente.id}`}>{revision.precedente.libelle}</Link>)
                </th>
                <th scope="col">Cette pièce</th>
              </tr>
            </thead>
            <tbody>
              {revision.lignes.map((l) => (
                <tr key={l.champ}>
                  <th scope="row">{LIBELLES_DECOMPTE[l.champ]}</th>
                  <td style={{ whiteSpace: "nowrap" }}>{l.avant === null ? "—" : formaterMontantDevise(l.avant, revision.precedente.devise)}</td>
                  <td style={{ whiteSpace: "nowrap" }}>
                    {l.apres === null ? "—" : formaterMontantDevise(l.apres, p.devise)}
                    {l.revise ? " (révisé)" : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </Tableau>
          <dl>
            <Information
              libelle="Motif de la révision du montant"
              valeur={revision.motif ?? (revision.lignes.some((l) => l.revise) ? null : "Montants inchangés")}
            />
          </dl>
        </>
      )}

      {p.lignesPoste.length > 0 && (
        <>
          <Sous className="fr-h6 fr-mt-3w">Postes ou prestations</Sous>
          <Tableau className="fr-table--sm fr-table--no-caption">
            <caption>Postes ou prestations</caption>
            <thead>
              <tr>
                <th scope="col">Référence</th>
                <th scope="col">Dénomination</th>
                <th scope="col">Quantité</th>
                <th scope="col">Prix unitaire HT</th>
                <th scope="col">Montant HT</th>
                <th scope="col">Taux de TVA</th>
              </tr>
            </thead>
            <tbody>
              {p.lignesPoste.map((l) => (
                <tr key={l.id}>
                  <td>{l.reference ?? ""}</td>
                  <td style={{ overflowWrap: "anywhere" }}>{l.denomination}</td>
                  <td style={{ whiteSpace: "nowrap" }}>{`${formaterQuantite(l.quantite)}${l.unite ? ` ${l.unite}` : ""}`}</td>
                  <td style={{ whiteSpace: "nowrap" }}>{formaterMontantDevise(l.prixUnitaireHt, p.devise)}</td>
                  <td style={{ whiteSpace: "nowrap" }}>{formaterMontantDevise(l.montantHt, p.devise)}</td>
                  <td style={{ whiteSpace: "nowrap" }}>{`${formaterTaux(l.tauxTva)} %`}</td>
                </tr>
              ))}
            </tbody>
          </Tableau>
        </>
      )}
    </>
  );
}
