import { afterEach, describe, expect, it, vi } from "vitest";
import { redirect } from "next/navigation";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { z } from "zod";
import { action, fabriquerAction, formulaire } from "@/lib/actions";
import type { Acteur } from "@/lib/auth/acteur";
import { AppError, MESSAGES } from "@/lib/errors";
import { capturerJournal } from "@/lib/journal-technique";
import { route } from "@/lib/routes";

const schema = z.object({ id: z.string({ error: "L'identifiant est obligatoire." }), note: z.coerce.number().int().min(1, "Choisissez une note.") });

const acteur: Acteur = { userId: "u1", email: "a@b.fr", name: "A B", structure: null };

afterEach(() => vi.restoreAllMocks());

describe("action : l'enveloppe de toutes les server actions", () => {
  it("une saisie invalide donne SAISIE_INVALIDE et l'erreur de chaque champ, sans appeler le domaine", async () => {
    const appel = vi.fn(async () => "jamais");
    const r = await action({ session: "aucune", schema }, appel)({ note: "0" });
    expect(r).toEqual({
      ok: false,
      code: "SAISIE_INVALIDE",
      message: MESSAGES.SAISIE_INVALIDE,
      fieldErrors: { id: "L'identifiant est obligatoire.", note: "Choisissez une note." },
    });
    expect(appel).not.toHaveBeenCalled();
  });

  it("le domaine reçoit la saisie analysée ; ce qu'il rend devient data (rien : { ok: true })", async () => {
    expect(await action({ session: "aucune", schema }, async (v) => v)({ id: "x", note: "3", autre: 1 })).toEqual({ ok: true, data: { id: "x", note: 3 } });
    expect(await action({ session: "aucune", schema }, async () => {})({ id: "x", note: 3 })).toEqual({ ok: true });
  });

  it("une AppError garde son code, son message français et ses erreurs de champ", async () => {
    const r = await action({ session: "aucune", schema }, async () => {
      throw new AppError("NUMERO_EN_DOUBLE", { numero: "Déjà pris." });
    })({ id: "x", note: 2 });
    expect(r).toEqual({ ok: false, code: "NUMERO_EN_DOUBLE", message: MESSAGES.NUMERO_EN_DOUBLE, fieldErrors: { numero: "Déjà pris." } });
  });

  it("une erreur inattendue donne ERREUR_INTERNE, journalisée une fois et jamais montrée", async () => {
    const lignes: string[] = [];
    const fin = capturerJournal((l) => lignes.push(l), "error");
    const r = await action({ session: "aucune", schema }, async () => {
      throw new Error("disque plein");
    })({ id: "x", note: 2 });
    fin();
    expect(r).toEqual({ ok: false, code: "ERREUR_INTERNE", message: MESSAGES.ERREUR_INTERNE, fieldErrors: {} });
    expect(lignes.map((l) => JSON.parse(l).err.message)).toEqual(["disque plein"]);
  });

  it("redirect() traverse l'enveloppe : c'est le contrôle de Next, pas un échec", async () => {
    const a = action({ session: "aucune", schema: z.unknown() }, async () => redirect("/mon-compte"));
    await expect(a(undefined)).rejects.toSatisfy(isRedirectError);
  });

  it("session requise : NON_CONNECTE sans acteur, avant même d'analyser la saisie ; sinon le domaine reçoit l'acteur", async () => {
    const appel = vi.fn(async (_v: unknown, a: Acteur) => a.userId);
    expect(await fabriquerAction(async () => null)({ session: "requise", schema }, appel)({})).toMatchObject({
      ok: false,
      code: "NON_CONNECTE",
      message: MESSAGES.NON_CONNECTE,
    });
    expect(appel).not.toHaveBeenCalled();
    expect(await fabriquerAction(async () => acteur)({ session: "requise", schema }, appel)({ id: "x", note: 1 })).toEqual({ ok: true, data: "u1" });
  });

  it("session facultative : le domaine reçoit null sans session ; aucune : la session n'est pas lue", async () => {
    expect(await fabriquerAction(async () => null)({ session: "facultative", schema: z.unknown() }, async (_v, a) => a === null)(undefined)).toEqual({
      ok: true,
      data: true,
    });
    const lire = vi.fn(async () => acteur);
    expect(await fabriquerAction(lire)({ session: "aucune", schema: z.unknown() }, async (_v, a) => a)(undefined)).toEqual({ ok: true, data: null });
    expect(lire).not.toHaveBeenCalled();
  });

  it("un caractère NUL (que PostgreSQL refuse) est une saisie invalide nommant son champ, sans appeler le domaine", async () => {
    const appel = vi.fn(async () => "jamais");
    const r = await action(
      { session: "aucune", schema: z.object({ service: z.object({ libelle: z.string().trim() }) }) },
      appel,
    )({ service: { libelle: "a\u0000b" } });
    expect(r).toMatchObject({ ok: false, code: "SAISIE_INVALIDE", fieldErrors: { "service.libelle": "Ce champ contient un caractère interdit." } });
    expect(appel).not.toHaveBeenCalled();
  });

  it("formulaire : un échec mène à la page d'erreur (levé), une réussite ne rend rien", async () => {
    const f = formulaire(action({ session: "aucune", schema: z.instanceof(FormData) }, async () => {}));
    await expect(f(new FormData())).resolves.toBeUndefined();
    const g = formulaire(action({ session: "aucune", schema: z.unknown() }, async () => Promise.reject(new AppError("INTROUVABLE"))));
    await expect(g(new FormData())).rejects.toMatchObject({ code: "INTROUVABLE", message: MESSAGES.INTROUVABLE });
  });
});

describe("route : l'enveloppe des route handlers", () => {
  const params = z.object({ id: z.uuid({ error: "Identifiant invalide." }) });
  const query = z.object({
    affichage: z
      .string()
      .optional()
      .transform((v) => v !== undefined),
  });
  const contexte = (id: string) => ({ params: Promise.resolve({ id }) });
  const ID = "5f0c5d2e-7b8a-4c1e-9d3f-2a6b8c0d1e2f";

  it("analyse params et query, puis rend la réponse du domaine", async () => {
    const GET = route({ session: "aucune", params, query }, async (e) => Response.json(e.params.id + (e.query.affichage ? " affiché" : "")));
    expect(await (await GET(new Request("http://x/f?affichage"), contexte(ID))).json()).toBe(`${ID} affiché`);
  });

  it("répond en français avec le bon statut HTTP : 400 pour une saisie invalide, 404 pour INTROUVABLE, 500 pour l'inattendu", async () => {
    const introuvable = route({ session: "aucune", params, query }, async () => Promise.reject(new AppError("INTROUVABLE")));
    let r = await introuvable(new Request("http://x/f"), contexte("pas-un-uuid"));
    expect([r.status, await r.json()]).toEqual([400, { ok: false, code: "SAISIE_INVALIDE", message: MESSAGES.SAISIE_INVALIDE }]);
    r = await introuvable(new Request("http://x/f"), contexte(ID));
    expect([r.status, await r.json()]).toEqual([404, { ok: false, code: "INTROUVABLE", message: MESSAGES.INTROUVABLE }]);
    r = await route({ session: "aucune", params, query }, async () => Promise.reject(new Error("disque plein")))(new Request("http://x/f"), contexte(ID));
    expect([r.status, await r.json()]).toEqual([500, { ok: false, code: "ERREUR_INTERNE", message: MESSAGES.ERREUR_INTERNE }]);
  });
});
