import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractCommuneCodes, isKnownCommuneCode } from "@/lib/identifiers/communes.server";

type Commune = { code: string; type: string; anciensCodes?: string[] };
const readPackageList = () =>
  JSON.parse(readFileSync(path.join(process.cwd(), "node_modules/@etalab/decoupage-administratif/data/communes.json"), "utf8")) as Commune[];

describe("isKnownCommuneCode", () => {
  // First test of the file: the list is not loaded yet (vitest isolates each test file).
  it("charge la liste au premier appel en moins de 300 ms", () => {
    const start = performance.now();
    expect(isKnownCommuneCode("75056")).toBe(true);
    expect(performance.now() - start).toBeLessThan(300);
    const again = performance.now();
    for (let i = 0; i < 10_000; i++) isKnownCommuneCode("13055");
    expect(performance.now() - again).toBeLessThan(50);
  });

  it("connaît les communes de tous les types, la Corse (2A/2B, et 20 avant 1976), l'outre-mer et les anciens codes", () => {
    for (const code of ["75056", "75101", "13201", "69381", "2A004", "2b033", "20004", "97411", "97611", "97701", "98735", "98811", "01340"]) {
      expect(isKnownCommuneCode(code), code).toBe(true);
    }
    for (const code of ["75999", "20999", "00000", "99100", "96001", "2C004"]) {
      expect(isKnownCommuneCode(code), code).toBe(false);
    }
  });

  it("connaît exactement les codes de la liste officielle (communes et anciens codes)", () => {
    const communes = readPackageList();
    expect(new Set(communes.map((c) => c.type))).toEqual(new Set(["commune-actuelle", "commune-deleguee", "commune-associee", "arrondissement-municipal"]));
    const expected = new Set(communes.flatMap((c) => [c.code, ...(c.anciensCodes ?? [])]));
    const file = readFileSync(path.join(process.cwd(), "node_modules/@etalab/decoupage-administratif/data/communes.json"));
    expect(extractCommuneCodes(file)).toEqual(expected);
    for (const code of expected) expect(isKnownCommuneCode(code)).toBe(true);
  });

  it("lit aussi une liste dont la mise en page changerait (repli sur JSON.parse)", () => {
    const sample = [
      { code: "01001", nom: "A" },
      { code: "2A004", anciensCodes: ["2A005", "2A006"] },
    ];
    const expected = new Set(["01001", "2A004", "2A005", "2A006"]);
    expect(extractCommuneCodes(Buffer.from(JSON.stringify(sample)))).toEqual(expected);
    expect(extractCommuneCodes(Buffer.from(JSON.stringify(sample, null, 2)))).toEqual(expected);
    // An unexpected code length: scanning stops, JSON.parse reads it as it is.
    expect(extractCommuneCodes(Buffer.from(JSON.stringify([{ code: "123456" }])))).toEqual(new Set(["123456"]));
  });
});
