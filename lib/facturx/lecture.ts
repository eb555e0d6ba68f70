import { AppError } from "@/lib/errors";
import { lireCii } from "./cii";
import { controler, verifierVendeur } from "./controles";
import { PdfIllisible, xmlIncorpore } from "./pdf";
import type { Anomalie, FactureLue, LectureFacture } from "./types";
import { lireUbl } from "./ubl";
import { analyserXml, decoderXml, erreurXml, Lecteur, un } from "./valeurs";

const illisible = (message: string) => new AppError("FACTURE_ELECTRONIQUE_ILLISIBLE", { fichier: message }, message);

const estPdf = (o: Uint8Array) => o.length >= 5 && Buffer.from(o.subarray(0, 1024)).includes("%PDF-");

/**
 * Reads a structured invoice: a PDF carrying a Factur-X / ZUGFeRD 2 XML, a CII XML or a UBL 2.1 Invoice/CreditNote.
 * A file that is none of them, or whose XML is not well-formed (embedded in a PDF or not), is refused
 * (FACTURE_ELECTRONIQUE_ILLISIBLE, the reason in the message); what does not respect EN 16931 is returned in
 * `anomalies`, each naming its rule (`exigerConforme` turns them into a refusal). `siretVendeur`: the depositing
 * structure's SIRET, which the seller's must be.
 */
export async function lireFactureElectronique(octets: Uint8Array, options: { nom?: string; siretVendeur?: string } = {}): Promise<LectureFacture> {
  const nom = options.nom ? `« ${options.nom} »` : "";
  let xml: Uint8Array;
  let pdf = false;
  if (estPdf(octets)) {
    let incorpore: Awaited<ReturnType<typeof xmlIncorpore>>;
    try {
      incorpore = await xmlIncorpore(octets);
    } catch (error) {
      if (error instanceof PdfIllisible) throw illisible(`Le PDF ${nom} ne peut pas être lu : ${error.message}.`.replace("  ", " "));
      throw error;
    }
    if (!incorpore) throw illisible(`Le PDF ${nom} n'est pas une facture Factur-X : il ne contient pas de fichier factur-x.xml joint.`.replace("  ", " "));
    const erreur = erreurXml(decoderXml(incorpore.octets));
    if (erreur) throw illisible(`Le fichier ${incorpore.nom} joint au PDF ${nom} est refusé : ${erreur}.`.replace("  ", " "));
    xml = incorpore.octets;
    pdf = true;
  } else xml = octets;

  const texte = decoderXml(xml);
  const erreur = erreurXml(texte);
  if (erreur) throw illisible(`Le fichier ${nom} n'est pas une facture électronique lisible : ${erreur}.`.replace("  ", " "));
  // An invoice declares no DOCTYPE: its entities could expand without bound.
  if (/<!DOCTYPE|<!ENTITY/i.test(texte)) throw illisible(`Le fichier ${nom} est refusé : il déclare un DOCTYPE, ce qu'une facture électronique ne fait pas.`);

  const doc = analyserXml(texte);
  const l = new Lecteur();
  let lue: Omit<FactureLue, "pdf" | "signe">;
  if (un(doc, "CrossIndustryInvoice")) lue = lireCii(un(doc, "CrossIndustryInvoice"), l);
  else if (un(doc, "Invoice")) lue = lireUbl(un(doc, "Invoice"), false, l);
  else if (un(doc, "CreditNote")) lue = lireUbl(un(doc, "CreditNote"), true, l);
  else
    throw illisible(
      `Le fichier ${nom} n'est pas une facture électronique : ni une facture CII (CrossIndustryInvoice), ni une facture ou un avoir UBL 2.1 (Invoice, CreditNote).`.replace(
        "  ",
        " ",
      ),
    );

  const brute: FactureLue = { ...lue, pdf, signe: 1 };
  const anomalies: Anomalie[] = [...l.anomalies, ...controler(brute)];
  if (options.siretVendeur) {
    const vendeur = verifierVendeur(brute, options.siretVendeur);
    if (vendeur) anomalies.push(vendeur);
  }
  return { facture: signer(brute), anomalies };
}

/**
 * A credit note's amounts are positive in the document; the portal's avoir carries them negative. A credit note already
 * written with negative amounts, or an invoice, keeps its signs.
 */
function signer(f: FactureLue): FactureLue {
  if (f.type !== "AVOIR" || (f.totaux.ttc ?? 0) < 0) return f;
  const n = (v: number | undefined) => (v === undefined ? undefined : v === 0 ? 0 : -v);
  const totaux = Object.fromEntries(Object.entries(f.totaux).map(([k, v]) => [k, n(v)])) as FactureLue["totaux"];
  return {
    ...f,
    signe: -1,
    lignes: f.lignes.map((l) => ({ ...l, montantHt: n(l.montantHt) as number })),
    remises: f.remises.map((r) => ({ ...r, montant: n(r.montant) as number })),
    frais: f.frais.map((r) => ({ ...r, montant: n(r.montant) as number })),
    tva: f.tva.map((t) => ({ ...t, baseHt: n(t.baseHt) as number, montantTva: n(t.montantTva) as number })),
    totaux,
  };
}

/** The reading, refused when the document breaks a rule: every anomaly in the message, each with its rule. */
export function exigerConforme(lecture: LectureFacture): FactureLue {
  if (lecture.anomalies.length === 0) return lecture.facture;
  const message = `La facture électronique ne respecte pas la norme EN 16931 : ${lecture.anomalies.map((a) => a.message).join(" ; ")}`;
  throw new AppError("FACTURE_ELECTRONIQUE_NON_CONFORME", { fichier: message }, message);
}
