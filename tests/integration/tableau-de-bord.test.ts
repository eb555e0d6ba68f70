import { describe, expect, it } from "vitest";
import type { Acteur } from "@/lib/auth/acteur";
import { db } from "@/lib/db";
import { Prisma, type CadreFacturation } from "@/lib/generated/prisma/client";
import { acteurDeLUtilisateur } from "@/lib/auth/acteur-de";
import { servicesDuMembre, visiblePar, visibleParSql } from "@/lib/invoices/acces";
import { creerBrouillon, enregistrerFacture, enregistrerParties } from "@/lib/invoices/brouillon";
import { envoyer } from "@/lib/invoices/envoi";
import { ajouterPieceJointe } from "@/lib/invoices/pieces-jointes";
import { factureSchema, partiesSchema } from "@/lib/invoices/schemas";
import { deposerPieceSuivante } from "@/lib/invoices/suivante";
import { tableauDeBord } from "@/lib/invoices/tableau-de-bord";
import { traiterPiece } from "@/lib/invoices/transitions";
import { seedStructure, seedUser, uniqueSuffix } from "@/prisma/seed/factories";
import { acteurDe, compteDe, pdfFacture, saisieFacture, scenario, type Scenario } from "./factures-fixtures";

/** The dashboard's clock: its 12 months are December 2025 to November 2026. */
const NOW = new Date("2026-11-20T10:00:00Z");
const le = (iso: string) => new Date(iso);

/** « 1 234,56 » typed as the form does, for a TTC of `euros` (VAT 20 %). */
function montants(ttcCentimes: number) {
  const ht = Math.round(ttcCentimes / 1.2);
  const tva = ttcCentimes - ht;
  const f = (c: number) => `${Math.trunc(c / 100)},${String(c % 100).padStart(2, "0")}`;
  return { montantHt: f(ht), montantTva: f(tva), montantTtc: f(ttcCentimes), lignesTva: [{ taux: "20", baseHt: f(ht), montantTva: f(tva) }] };
}

/** A piece of frame `cadre` drafted, completed with its PDF and sent by `acteur` at `now` (a new number each time). */
async function deposer(s: Scenario, acteur: Acteur, ttc: number, now: Date, o: { cadre?: CadreFacturation } = {}) {
  const cadre = o.cadre ?? "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR";
  const { id } = await creerBrouillon(acteur, { cadre });
  await enregistrerParties(
    acteur,
    id,
    partiesSchema.parse({
      cadre,
      moeSiret: cadre.startsWith("A4") ? s.moe.identifier : undefined,
      moaSiret: s.moa.identifier,
      serviceMoaId: s.serviceMoa.id,
      compteBancaireId: await compteDe(acteur.structure!.id),
    }),
  );
  return completer(acteur, id, ttc, now);
}

async function completer(acteur: Acteur, id: string, ttc: number, now: Date) {
  await enregistrerFacture(acteur, id, factureSchema.parse(saisieFacture({ ...montants(ttc), dateFacture: "2026-01-15" })));
  await ajouterPieceJointe(acteur, id, { nom: "facture.pdf", contenu: await pdfFacture(`Pièce ${id}`), nature: "FACTURE" });
  await envoyer(acteur, id, { now });
  return id;
}

async function membreDe(
  structure: { id: string; raisonSociale: string; identifier: string },
  o: { serviceFinancier?: boolean; role?: "UTILISATEUR_SIMPLE" } = {},
) {
  const role = o.role ?? "GESTIONNAIRE_PRINCIPAL";
  const user = await seedUser({ structureId: structure.id, role, email: `tdb-${uniqueSuffix()}@exemple.fr`, serviceFinancier: o.serviceFinancier });
  const acteur = acteurDe(user, structure, role);
  return { user, acteur: o.serviceFinancier ? ({ ...acteur, structure: { ...acteur.structure!, serviceFinancier: true } } as Acteur) : acteur };
}

/**
 * Two suppliers (F and G) depositing to one MOE and one MOA, at known dates: processed by the MOE after 2, 4, 10, 1 and 4
 * days, one piece left in its 7 days, one past them, F's first draft followed up to its payment, an A6 late at the
 * paying service.
 */
async function jeuDeDonnees() {
  const s = await scenario();
  const g = await seedStructure();
  const gUser = await membreDe(g);
  const payeur = await membreDe(s.moa, { serviceFinancier: true, role: "UTILISATEUR_SIMPLE" });
  const F = s.deposant.acteur;
  const moe = s.moeUser.acteur;

  // June: F's draft, taken into account 2 days later; then followed by the MOE's A15, the MOA's A19, paid in July.
  const a4 = await deposer(s, F, 120_000, le("2026-06-10T08:00:00Z"));
  await traiterPiece(moe, a4, "PRISE_EN_COMPTE", { now: le("2026-06-12T08:00:00Z") });
  const { id: a15 } = await deposerPieceSuivante(moe, a4, { now: le("2026-06-15T08:00:00Z") });
  await completer(moe, a15, 120_000, le("2026-06-15T09:00:00Z"));
  await traiterPiece(s.moaUser.acteur, a15, "PRISE_EN_COMPTE", { now: le("2026-06-20T08:00:00Z") });
  const { id: a19 } = await deposerPieceSuivante(s.moaUser.acteur, a15, { now: le("2026-06-25T08:00:00Z") });
  await completer(s.moaUser.acteur, a19, 120_000, le("2026-06-25T09:00:00Z"));
  await traiterPiece(payeur.acteur, a19, "MANDATEMENT", { mandat: { numero: "M-1", date: "2026-07-01" }, now: le("2026-07-01T08:00:00Z") });
  await traiterPiece(payeur.acteur, a19, "MISE_EN_PAIEMENT", { paiement: { montant: 105_000, date: "2026-07-03" }, now: le("2026-07-03T08:00:00Z") });

  // September: refused 4 days later. The A6 straight to the paying service, never paid (30 days: late in November).
  const refusee = await deposer(s, F, 240_000, le("2026-09-05T08:00:00Z"));
  await traiterPiece(moe, refusee, "REFUS", { motif: { code: "MAUVAISE_MOA" }, now: le("2026-09-09T08:00:00Z") });
  const a6 = await deposer(s, F, 50_000, le("2026-09-01T08:00:00Z"), { cadre: "A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR" });

  // October: G's draft suspended 10 days later (back to G), F's two drafts processed in 1 and 4 days.
  const suspendue = await deposer(s, gUser.acteur, 500_000, le("2026-10-01T08:00:00Z"));
  await traiterPiece(moe, suspendue, "SUSPENSION", { motif: { texte: "Métré manquant" }, now: le("2026-10-11T08:00:00Z") });
  const rapide = await deposer(s, F, 10_000, le("2026-10-02T08:00:00Z"));
  await traiterPiece(moe, rapide, "PRISE_EN_COMPTE", { now: le("2026-10-03T08:00:00Z") });
  const moyenne = await deposer(s, F, 20_000, le("2026-10-01T12:00:00Z"));
  await traiterPiece(moe, moyenne, "PRISE_EN_COMPTE", { now: le("2026-10-05T12:00:00Z") });

  // November: one draft past the MOE's 7 days (the job has not run), one with 5 days left.
  const depassee = await deposer(s, F, 30_000, le("2026-11-10T10:00:00Z"));
  const enDelai = await deposer(s, F, 360_000, le("2026-11-18T10:00:00Z"));
  return { s, g, gUser, payeur, pieces: { a4, a15, a19, refusee, a6, suspendue, rapide, moyenne, depassee, enDelai } };
}

const sql = <T>(q: Prisma.Sql) => db.$queryRaw<T[]>(q);

// Each test builds a dozen pieces through the domain (drafts, files, sends, decisions): tens of seconds on a loaded machine.
describe("tableau de bord", { timeout: 120_000 }, () => {
  it("fournisseur, maîtrise d'œuvre, maîtrise d'ouvrage : les chiffres de chaque rôle, comparés à un décompte SQL direct", async () => {
    const { s, gUser, payeur, pieces } = await jeuDeDonnees();

    // The supplier F.
    const f = await tableauDeBord(s.deposant.acteur, { now: NOW });
    expect(f.mois).toEqual([
      "2025-12",
      "2026-01",
      "2026-02",
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
      "2026-07",
      "2026-08",
      "2026-09",
      "2026-10",
      "2026-11",
    ]);
    expect(f.moe).toBeNull();
    expect(f.moa).toBeNull();
    const fm = Object.fromEntries(f.fournisseur!.mois.map((m) => [m.mois, m]));
    expect(fm["2026-06"]).toMatchObject({ deposees: 1, depose: 120_000, enCoursNombre: 0, enCours: 0, payeesNombre: 0, paye: 0 });
    expect(fm["2026-07"]).toMatchObject({ deposees: 0, depose: 0, payeesNombre: 1, paye: 105_000 });
    expect(fm["2026-09"]).toMatchObject({ deposees: 2, depose: 290_000, enCoursNombre: 1, enCours: 50_000 });
    expect(fm["2026-10"]).toMatchObject({ deposees: 2, depose: 30_000, enCoursNombre: 2, enCours: 30_000 });
    expect(fm["2026-11"]).toMatchObject({ deposees: 2, depose: 390_000, enCoursNombre: 2, enCours: 390_000 });
    expect(f.fournisseur!.totaux).toEqual({ enCoursNombre: 5, enCours: 470_000 });
    // Against the table itself: what F deposited, by month of deposit in Paris.
    const direct = await sql<{ mois: string; nombre: number; montant: bigint }>(Prisma.sql`
      SELECT to_char(("deposeeLe" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Paris', 'YYYY-MM') AS mois, count(*)::int AS nombre, sum("montantTtc")::bigint AS montant
      FROM "PieceTravaux" WHERE "structureDeposanteId" = ${s.fournisseur.id}::uuid AND statut <> 'BROUILLON' GROUP BY 1`);
    for (const d of direct) expect(fm[d.mois], d.mois).toMatchObject({ deposees: d.nombre, depose: Number(d.montant) });
    expect(f.fournisseur!.mois.reduce((t, m) => t + m.deposees, 0)).toBe(direct.reduce((t, d) => t + d.nombre, 0));
    // Waiting: four at the MOE (two taken into account, its A15 to come; two to process), the A6 at the paying service of the MOA, named.
    expect(f.fournisseur!.attentes).toEqual([
      { attente: "MOE", nombre: 4, montant: 420_000 },
      { attente: "PAYEUR", nombre: 1, montant: 50_000 },
    ]);
    expect(f.fournisseur!.detailAttentes).toEqual([
      { attente: "MOE", structure: s.moe.raisonSociale, nombre: 4, montant: 420_000 },
      { attente: "PAYEUR", structure: s.moa.raisonSociale, nombre: 1, montant: 50_000 },
    ]);

    // G sees only its own piece, suspended: waiting on itself.
    const g = await tableauDeBord(gUser.acteur, { now: NOW });
    expect(g.fournisseur!.mois.find((m) => m.mois === "2026-10")).toMatchObject({ deposees: 1, depose: 500_000, enCoursNombre: 1 });
    expect(g.fournisseur!.mois.reduce((t, m) => t + m.deposees, 0)).toBe(1);
    expect(g.fournisseur!.attentes).toEqual([{ attente: "DEPOSANT", nombre: 1, montant: 500_000 }]);
    expect(g.moe).toBeNull();
    expect(g.moa).toBeNull();

    // The MOE: four pieces to process — two taken into account (the A15 to deposit), two drafts in their 7 days or past
    // them (5 days left, and late) —; processing times by month.
    const m = await tableauDeBord(s.moeUser.acteur, { now: NOW });
    expect(m.fournisseur).toBeNull();
    expect(m.moe!.aTraiter).toBe(4);
    expect(m.moe!.sansDelai).toBe(2);
    expect(m.moe!.enRetard).toBe(1);
    expect(m.moe!.joursRestants.filter((j) => j.nombre > 0)).toEqual([
      { jours: 0, nombre: 1 },
      { jours: 5, nombre: 1 },
    ]);
    const [{ aTraiter }] = await sql<{ aTraiter: number }>(Prisma.sql`
      SELECT count(*)::int AS "aTraiter" FROM "PieceTravaux"
      WHERE "moeId" = ${s.moe.id}::uuid AND statut IN ('MISE_A_DISPOSITION_MOE', 'PRISE_EN_COMPTE_MOE', 'ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE')`);
    expect(m.moe!.aTraiter).toBe(aTraiter);
    const mm = Object.fromEntries(m.moe!.mois.map((x) => [x.mois, x]));
    expect(mm["2026-06"]).toEqual({ mois: "2026-06", traitees: 1, medianeJours: 2, p90Jours: 2 });
    expect(mm["2026-09"]).toEqual({ mois: "2026-09", traitees: 1, medianeJours: 4, p90Jours: 4 });
    // October: 10, 1 and 4 days — median 4, 90th percentile 4 + 0.8 × (10 − 4) = 8.8.
    expect(mm["2026-10"]).toEqual({ mois: "2026-10", traitees: 3, medianeJours: 4, p90Jours: 8.8 });
    expect(mm["2026-11"]).toEqual({ mois: "2026-11", traitees: 0, medianeJours: null, p90Jours: null });

    // The MOA: everything went to its one service; the A6 late at its paying service (30 days), nothing past the MOE's 7 days recorded.
    const a = await tableauDeBord(s.moaUser.acteur, { now: NOW });
    expect(a.moa!.delaiPaiementJours).toBe(30);
    expect(a.moa!.services).toHaveLength(1);
    const [direct2] = await sql<{ recues: number; montant: bigint; traitees: number }>(Prisma.sql`
      SELECT count(*)::int AS recues, sum("montantTtc")::bigint AS montant,
             count(*) FILTER (WHERE statut IN ('MISE_EN_PAIEMENT', 'REFUSEE_MOE', 'TRANSMISE_MOA', 'ASSOCIEE'))::int AS traitees
      FROM "PieceTravaux" WHERE "moaId" = ${s.moa.id}::uuid AND statut <> 'BROUILLON'`);
    expect(a.moa!.services[0]).toEqual({
      serviceId: s.serviceMoa.id,
      service: "Département Immobilier",
      recues: 10,
      montant: Number(direct2.montant),
      aTraiter: 1,
      traitees: direct2.traitees,
      paye: 105_000,
      retardPaiement: 1,
      montantRetardPaiement: 50_000,
      retardMoe: 0,
    });
    expect(direct2.recues).toBe(10);
    // F's first A4 (followed by the A15), the A15 (by the A19), the A19 (paid), the refused one are done with.
    expect(direct2.traitees).toBe(4);
    // The paying service's member sees the same figures.
    expect((await tableauDeBord(payeur.acteur, { now: NOW })).moa).toEqual(a.moa);
    void pieces;
  });

  it("droits : une structure étrangère ne voit rien, un utilisateur limité à un service ne compte que les pièces de son service", async () => {
    const { s } = await jeuDeDonnees();
    const vide = await tableauDeBord(s.exterieur.acteur, { now: NOW });
    expect(vide).toMatchObject({ fournisseur: null, moe: null, moa: null });

    // A plain user of the MOA limited to another service (its space open) sees no piece; limited to the pieces' service, all of them.
    const autre = await db.service.create({
      data: { structureId: s.moa.id, code: `AUTRE-${uniqueSuffix()}`, libelle: "Autre service", espaceTravauxOuvert: true },
    });
    await db.service.update({ where: { id: s.serviceMoa.id }, data: { espaceTravauxOuvert: true } });
    const limite = async (serviceId: string) => {
      const u = await membreDe(s.moa, { role: "UTILISATEUR_SIMPLE" });
      const m = await db.membership.findFirstOrThrow({ where: { userId: u.user.id, structureId: s.moa.id } });
      await db.membershipService.create({ data: { membershipId: m.id, serviceId, droit: "CONSULTATION" } });
      return u.acteur;
    };
    expect((await tableauDeBord(await limite(autre.id), { now: NOW })).moa).toBeNull();
    const complet = await tableauDeBord(s.moaUser.acteur, { now: NOW });
    expect((await tableauDeBord(await limite(s.serviceMoa.id), { now: NOW })).moa).toEqual(complet.moa);
  });

  it("visibleParSql choisit exactement les pièces de visiblePar, pour chaque utilisateur", async () => {
    const { s, g, gUser, payeur } = await jeuDeDonnees();
    const autre = await db.service.create({
      data: { structureId: s.moa.id, code: `AUTRE-${uniqueSuffix()}`, libelle: "Autre service", espaceTravauxOuvert: true },
    });
    const limite = await membreDe(s.moa, { role: "UTILISATEUR_SIMPLE" });
    const m = await db.membership.findFirstOrThrow({ where: { userId: limite.user.id, structureId: s.moa.id } });
    await db.membershipService.create({ data: { membershipId: m.id, serviceId: autre.id, droit: "MODIFICATION" } });
    // A draft of F (its own only).
    await creerBrouillon(s.deposant.acteur, { cadre: "A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR" });
    const structures = [s.fournisseur.id, g.id, s.moe.id, s.moa.id];
    const ids = (
      await db.pieceTravaux.findMany({ where: { OR: [{ structureDeposanteId: { in: structures } }, { moaId: s.moa.id }] }, select: { id: true } })
    ).map((p) => p.id);
    expect(ids.length).toBeGreaterThanOrEqual(11);
    for (const acteur of [
      s.deposant.acteur,
      s.collegue.acteur,
      gUser.acteur,
      s.moeUser.acteur,
      s.moaUser.acteur,
      payeur.acteur,
      limite.acteur,
      s.exterieur.acteur,
    ]) {
      const structureId = acteur.structure!.id;
      const parPrisma = (await db.pieceTravaux.findMany({ where: { id: { in: ids }, ...visiblePar(structureId, acteur.userId) }, select: { id: true } }))
        .map((p) => p.id)
        .sort();
      const parSql = (
        await sql<{ id: string }>(
          Prisma.sql`SELECT p.id FROM "PieceTravaux" p WHERE p.id = ANY(${ids}::uuid[]) AND ${visibleParSql(structureId, acteur.userId)}`,
        )
      )
        .map((p) => p.id)
        .sort();
      expect(parSql, acteur.email).toEqual(parPrisma);
      // The same clauses with the limitation read with the actor (as each request reads it): the same pieces.
      const connu: Acteur = { ...acteur, structure: { ...acteur.structure!, limitation: await servicesDuMembre(db, acteur.userId, structureId) } };
      const parPrismaConnu = (await db.pieceTravaux.findMany({ where: { id: { in: ids }, ...visiblePar(structureId, connu) }, select: { id: true } }))
        .map((p) => p.id)
        .sort();
      const parSqlConnu = (
        await sql<{ id: string }>(Prisma.sql`SELECT p.id FROM "PieceTravaux" p WHERE p.id = ANY(${ids}::uuid[]) AND ${visibleParSql(structureId, connu)}`)
      )
        .map((p) => p.id)
        .sort();
      expect(parPrismaConnu, acteur.email).toEqual(parPrisma);
      expect(parSqlConnu, acteur.email).toEqual(parPrisma);
    }
    // Read with the actor at sign-in (acteurDeLUtilisateur): the limited user's services and rights, nothing for the others.
    await db.user.update({ where: { id: limite.user.id }, data: { currentStructureId: s.moa.id } });
    const lu = await acteurDeLUtilisateur(limite.user.id, { ip: "127.0.0.1" });
    expect(lu?.structure?.limitation).toEqual([{ serviceId: autre.id, code: autre.code, libelle: "Autre service", droit: "MODIFICATION", ouvert: true }]);
    expect((await acteurDeLUtilisateur(s.moaUser.acteur.userId, { ip: "127.0.0.1" }))?.structure?.limitation).toBeNull();
    // Its only service closed: it sees nothing of the MOA's, by either path.
    await db.service.update({ where: { id: autre.id }, data: { espaceTravauxOuvert: false } });
    const ferme = (await acteurDeLUtilisateur(limite.user.id, { ip: "127.0.0.1" }))!;
    expect(await db.pieceTravaux.count({ where: { id: { in: ids }, ...visiblePar(s.moa.id, ferme) } })).toBe(0);
    expect(await db.pieceTravaux.count({ where: { id: { in: ids }, ...visiblePar(s.moa.id, limite.user.id) } })).toBe(0);
  });
});
