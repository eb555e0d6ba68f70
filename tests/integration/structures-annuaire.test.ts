import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import { rechercherStructures } from "@/lib/structures/annuaire";
import { randomSiret, seedStructure, uniqueSuffix } from "@/prisma/seed/factories";

/** A word no other test uses, always with a letter: an all-digit query is read as a SIRET or a SIREN, not as a name. */
const motUnique = () => `z${uniqueSuffix()}`;

const noms = (r: { results: { raisonSociale: string }[] }) => r.results.map((s) => s.raisonSociale);

describe("annuaire des structures : recherche avancée", () => {
  it("trouve par raison sociale sans tenir compte des accents, de la casse ni des mots entiers", async () => {
    const suf = motUnique();
    await seedStructure({ raisonSociale: `ÉBÉNISTERIE DU LAC ${suf}` });
    await seedStructure({ raisonSociale: `Société Générale d'Œuvres ${suf}` });
    expect(noms(await rechercherStructures({ q: `ebenist ${suf}`, page: 1, pageSize: 10 }))).toEqual([`ÉBÉNISTERIE DU LAC ${suf}`]);
    expect(noms(await rechercherStructures({ q: `Ébénisterie ${suf.toUpperCase()}`, page: 1, pageSize: 10 }))).toEqual([`ÉBÉNISTERIE DU LAC ${suf}`]);
    expect(noms(await rechercherStructures({ q: `oeuvres ${suf} generale`, page: 1, pageSize: 10 }))).toEqual([`Société Générale d'Œuvres ${suf}`]);
    expect((await rechercherStructures({ q: `menuiserie ${suf}`, page: 1, pageSize: 10 })).total).toBe(0);
  });

  it("classe par pertinence : les noms qui commencent par les mots cherchés, puis les plus proches", async () => {
    const suf = motUnique();
    await seedStructure({ raisonSociale: `ENTREPRISE GENERALE DE BATIMENT ${suf}ZZ` });
    await seedStructure({ raisonSociale: `${suf}ZZ` });
    await seedStructure({ raisonSociale: `${suf}ZZ BATIMENT` });
    const r = await rechercherStructures({ q: `${suf}zz`, page: 1, pageSize: 10 });
    expect(noms(r)).toEqual([`${suf}ZZ`, `${suf}ZZ BATIMENT`, `ENTREPRISE GENERALE DE BATIMENT ${suf}ZZ`]);
  });

  it("trouve par SIRET complet ou par ses premiers chiffres (SIREN), y compris saisi dans la raison sociale", async () => {
    const siret = randomSiret();
    const s = await seedStructure({ identifier: siret });
    expect((await rechercherStructures({ siret, page: 1, pageSize: 10 })).results.map((x) => x.id)).toEqual([s.id]);
    expect((await rechercherStructures({ siret: siret.slice(0, 9), page: 1, pageSize: 50 })).results.map((x) => x.id)).toContain(s.id);
    const spaced = `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;
    expect((await rechercherStructures({ q: spaced, page: 1, pageSize: 10 })).results.map((x) => x.id)).toEqual([s.id]);
  });

  it("trouve par ville (accents et tirets ignorés, début du nom) et par code postal (début)", async () => {
    const suf = motUnique();
    const a = await seedStructure({ raisonSociale: `PLOMBERIE ${suf}`, ville: "SAINT-ÉTIENNE", codePostal: "42000" });
    await seedStructure({ raisonSociale: `CHAUFFAGE ${suf}`, ville: "LYON", codePostal: "69003" });
    expect(noms(await rechercherStructures({ q: suf, ville: "saint etienne", page: 1, pageSize: 10 }))).toEqual([a.raisonSociale]);
    expect(noms(await rechercherStructures({ q: suf, ville: "St", page: 1, pageSize: 10 }))).toEqual([]);
    expect(noms(await rechercherStructures({ q: suf, codePostal: "42", page: 1, pageSize: 10 }))).toEqual([a.raisonSociale]);
    expect(noms(await rechercherStructures({ q: suf, codePostal: "69003", page: 1, pageSize: 10 }))).toEqual([`CHAUFFAGE ${suf}`]);
  });

  it("trouve une structure en diffusion partielle par son nom, adresse masquée, jamais par son adresse", async () => {
    const suf = motUnique();
    await seedStructure({ raisonSociale: `CONFIDENTIELLE ${suf}`, diffusionPartielle: true, ville: "TOULOUSE", codePostal: "31000" });
    const r = await rechercherStructures({ q: `confidentielle ${suf}`, page: 1, pageSize: 10 });
    expect(r.results).toHaveLength(1);
    expect(r.results[0]).toMatchObject({ ville: null, codePostal: null });
    expect((await rechercherStructures({ q: suf, ville: "toulouse", page: 1, pageSize: 10 })).total).toBe(0);
    expect((await rechercherStructures({ q: suf, codePostal: "31000", page: 1, pageSize: 10 })).total).toBe(0);
  });

  it("pagine avec le nombre total de résultats, même au-delà de la dernière page", async () => {
    const suf = motUnique();
    for (let i = 0; i < 23; i++) await seedStructure({ raisonSociale: `PAGINATION ${suf} ${String(i).padStart(2, "0")}` });
    const pages = await Promise.all([1, 2, 3, 4].map((page) => rechercherStructures({ q: `pagination ${suf}`, page, pageSize: 10 })));
    expect(pages.map((p) => p.total)).toEqual([23, 23, 23, 23]);
    expect(pages.map((p) => p.results.length)).toEqual([10, 10, 3, 0]);
    expect(new Set(pages.flatMap((p) => p.results.map((s) => s.id))).size).toBe(23);
  });

  it("filtre acheteurs publics et espaces ouverts, ignore les structures désactivées, donne les services actifs", async () => {
    const suf = motUnique();
    const moa = await seedStructure({
      raisonSociale: `MINISTERE ${suf}`,
      // A ministry: a public buyer by its INSEE legal category (administration centrale, 7120).
      categorieJuridique: "7120",
      services: [
        { code: "IMMO", libelle: "Département Immobilier" },
        { code: "ANC", libelle: "Ancien service" },
      ],
    });
    await db.service.update({ where: { structureId_code: { structureId: moa.id, code: "ANC" } }, data: { active: false } });
    const moe = await seedStructure({ raisonSociale: `ARCHITECTE ${suf}`, worksSpaceOpen: true });
    const closed = await seedStructure({ raisonSociale: `FERMEE ${suf}` });
    await db.structure.update({ where: { id: closed.id }, data: { active: false } });

    const moas = await rechercherStructures({ q: suf, filtre: { publicBuyer: true }, page: 1, pageSize: 10 });
    expect(moas.results.map((s) => s.id)).toEqual([moa.id]);
    expect(moas.results[0].services).toEqual([expect.objectContaining({ code: "IMMO", libelle: "Département Immobilier" })]);
    expect((await rechercherStructures({ q: suf, filtre: { worksSpaceOpen: true }, page: 1, pageSize: 10 })).results.map((s) => s.id)).toEqual([moe.id]);
    expect((await rechercherStructures({ q: suf, page: 1, pageSize: 10 })).total).toBe(2);
  });

  it("la raison sociale modifiée se cherche aussitôt (colonnes tenues à jour par la base)", async () => {
    const suf = motUnique();
    const s = await seedStructure({ raisonSociale: `ANCIEN NOM ${suf}` });
    await db.structure.update({ where: { id: s.id }, data: { raisonSociale: `NOUVELLE DÉNOMINATION ${suf}`, libelle: "Agence de Nîmes" } });
    expect(noms(await rechercherStructures({ q: `denomination ${suf}`, page: 1, pageSize: 10 }))).toEqual([`NOUVELLE DÉNOMINATION ${suf}`]);
    expect((await rechercherStructures({ q: `nimes ${suf}`, page: 1, pageSize: 10 })).total).toBe(1);
    expect((await rechercherStructures({ q: `ancien ${suf}`, page: 1, pageSize: 10 })).total).toBe(0);
  });

  it("refuse une recherche trop courte et ne renvoie rien sans critère", async () => {
    await expect(rechercherStructures({ q: "ab", page: 1, pageSize: 10 })).rejects.toBeInstanceOf(ZodError);
    await expect(rechercherStructures({ siret: "12", page: 1, pageSize: 10 })).rejects.toBeInstanceOf(ZodError);
    expect(await rechercherStructures({ page: 1, pageSize: 10 })).toEqual({ total: 0, page: 1, pageSize: 10, results: [] });
  });
});
