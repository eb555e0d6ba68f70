"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { type FormatValeur, formaterValeur } from "./format";

export type Serie = { cle: string; libelle: string; couleur: string };

const compact = new Intl.NumberFormat("fr-FR", { notation: "compact", maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

/** The axis' ticks: short (« 12,5 k€ »). */
function graduation(v: number, format: FormatValeur): string {
  if (format === "euros") return `${compact.format(v / 100)} €`;
  if (format === "jours") return `${decimal.format(v)} j`;
  return compact.format(v);
}

/**
 * A bar chart in the DSFR's colours (CSS variables of its palette), for the eye: the same figures are in the data
 * table beside it, which screen readers read instead (the chart is hidden from them).
 */
export function GraphiqueBarres({
  donnees,
  cleCategorie,
  series,
  format,
  hauteur = 280,
  empile = false,
  horizontal = false,
}: {
  donnees: Record<string, string | number | null>[];
  cleCategorie: string;
  series: Serie[];
  format: FormatValeur;
  hauteur?: number;
  empile?: boolean;
  /** Categories down the side (long names: services). */
  horizontal?: boolean;
}) {
  const tick = { fill: "var(--text-mention-grey)", fontSize: 12 };
  const valeurs = {
    tickFormatter: (v: number) => graduation(v, format),
    tick,
    stroke: "var(--border-default-grey)",
    allowDecimals: format === "jours",
  };
  return (
    <div aria-hidden="true" style={{ width: "100%", height: hauteur }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={donnees} layout={horizontal ? "vertical" : "horizontal"} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border-default-grey)" vertical={horizontal} horizontal={!horizontal} />
          {horizontal ? (
            <>
              <XAxis type="number" {...valeurs} />
              <YAxis type="category" dataKey={cleCategorie} tick={tick} stroke="var(--border-default-grey)" width={120} />
            </>
          ) : (
            <>
              <XAxis dataKey={cleCategorie} tick={tick} stroke="var(--border-default-grey)" />
              <YAxis {...valeurs} width={format === "euros" ? 72 : 48} />
            </>
          )}
          <Tooltip
            formatter={(v) => formaterValeur(typeof v === "number" ? v : Number(v), format)}
            contentStyle={{ background: "var(--background-default-grey)", border: "1px solid var(--border-default-grey)", color: "var(--text-default-grey)" }}
            cursor={{ fill: "var(--background-alt-grey)" }}
          />
          <Legend wrapperStyle={{ color: "var(--text-default-grey)", fontSize: 14 }} />
          {series.map((s) => (
            <Bar key={s.cle} dataKey={s.cle} name={s.libelle} fill={s.couleur} stackId={empile ? "pile" : undefined} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
