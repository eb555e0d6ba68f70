// The tests of one lot of endpoints. The modules (actions.ts, route.ts) are split between the lot files
// (tests/fuzz/lot-*.test.ts), the biggest first to the lot with the fewest endpoints, so that the files run side by
// side (each on its own database) and every endpoint falls in exactly one lot. Each module is fuzzed in a world
// of its own (tests/fuzz/monde.ts).
import { afterAll, describe, expect, it } from "vitest";
import { decouvrir, NON_FUZZES } from "./decouverte";
import { construireMonde, type Monde } from "./monde";
import { fuzzer, type Bilan } from "./moteur";
import type { Point } from "./decouverte";

/** At least 1 000 calls per endpoint, the roles taking turns (FUZZ_RUNS for a shorter run while developing). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/** The endpoints of each lot: whole modules, the biggest first to the smallest lot. */
export function repartir(points: Point[], lots: number): Point[][] {
  const modules = new Map<string, Point[]>();
  for (const p of points) modules.set(p.fichier, [...(modules.get(p.fichier) ?? []), p]);
  const parLot: Point[][] = Array.from({ length: lots }, () => []);
  for (const m of [...modules.values()].sort((a, b) => b.length - a.length || a[0].fichier.localeCompare(b[0].fichier))) {
    parLot.reduce((min, l) => (l.length < min.length ? l : min)).push(...m);
  }
  return parLot;
}

export async function suiteDeFuzz(lot: number, lots: number): Promise<void> {
  const { points, anomalies } = await decouvrir();
  const duLot = repartir(points, lots)[lot - 1];
  const bilans: Bilan[] = [];
  let monde: { fichier: string; monde: Monde } | undefined;

  describe(`fuzz, lot ${lot}/${lots} (graine ${SEED}, FUZZ_SEED pour la rejouer)`, () => {
    it("chaque action serveur et chaque route est fuzzée : aucune n'est laissée de côté sans raison", () => {
      expect(anomalies).toEqual([]);
      expect(points.length).toBeGreaterThan(0);
      // Every endpoint in exactly one lot.
      expect(
        repartir(points, lots)
          .flat()
          .map((p) => p.nom)
          .sort(),
      ).toEqual(points.map((p) => p.nom).sort());
      // The allow-list names only endpoints that exist.
      for (const nom of Object.keys(NON_FUZZES)) expect(points.map((p) => p.nom)).toContain(nom);
    });

    for (const point of duLot) {
      const exclu = NON_FUZZES[point.nom];
      it.skipIf(exclu !== undefined)(point.nom, { timeout: 600_000 }, async () => {
        if (monde?.fichier !== point.fichier) monde = { fichier: point.fichier, monde: await construireMonde() };
        const bilan = await fuzzer(point, monde.monde, { runs: RUNS, seed: SEED });
        bilans.push(bilan);
        expect(bilan.runs).toBe(RUNS);
        const erreurs = bilan.bugs.slice(0, 8).map((b) => `— ${b.probleme}\n  rôle : ${b.role}\n  entrée : ${b.entree}\n  journal : ${b.journal}`);
        expect(bilan.bugs.length, `${bilan.bugs.length} appel(s) en erreur sur ${point.nom} :\n${erreurs.join("\n")}`).toBe(0);
      });
    }
  });

  afterAll(() => {
    const lignes = bilans.map((b) => {
      const codes = [...b.codes]
        .sort((a, c) => c[1] - a[1])
        .slice(0, 4)
        .map(([code, n]) => `${code} ${n}`)
        .join(", ");
      return `${b.point}: ${b.runs} runs, ${b.acceptes} accepted, ${b.refuses} refused${b.bugs.length ? `, ${b.bugs.length} ERRORS` : ""}${codes ? `  (${codes})` : ""}`;
    });
    console.log(`Fuzz, lot ${lot}/${lots} (seed ${SEED}):\n${lignes.join("\n")}`);
  });
}
