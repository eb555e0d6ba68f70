import pg from "pg";

/**
 * Fills a fresh database with `count` sent works pieces, as a portal in service would hold them: spread over
 * 500 supplier structures, each with its dossier, deposit record and two history rows, addressed to the
 * bench's MOE and MOA (so that their indexes are as full as in real life). INSERT … SELECT generate_series:
 * a few seconds for 100 000 pieces.
 */
export async function preremplirPieces(
  databaseUrl: string,
  o: { count: number; moeId: string; moaId: string; serviceMoaId: string; userId: string },
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(`
      INSERT INTO "Structure" (id, "identifierType", identifier, "countryCode", "raisonSociale", adresse, "codePostal", ville, pays, "updatedAt")
      SELECT gen_random_uuid(), 'SIRET', lpad((80000000000000 + g)::text, 14, '0'), 'FR', 'ENTREPRISE PREREMPLIE ' || g, '1 RUE DU CHANTIER', '31000', 'TOULOUSE', 'FRANCE', now()
      FROM generate_series(1, 500) g`);
    await client.query(
      `CREATE TEMP TABLE prefill_structures AS SELECT id, row_number() OVER (ORDER BY identifier) - 1 AS n FROM "Structure" WHERE "raisonSociale" LIKE 'ENTREPRISE PREREMPLIE %'`,
    );
    await client.query(
      `
      INSERT INTO "DossierFacturation" (id, "createdAt")
      SELECT gen_random_uuid(), now() - (g || ' minutes')::interval FROM generate_series(1, $1::int) g`,
      [o.count],
    );
    await client.query(`CREATE TEMP TABLE prefill_dossiers AS SELECT id, row_number() OVER (ORDER BY numero) AS g FROM "DossierFacturation"`);
    await client.query(
      `
      INSERT INTO "PieceTravaux" (id, statut, "statutLe", cadre, "structureDeposanteId", "creeParId", "moeId", "moaId", "serviceMoaId", numero, "numeroReserve", "dateFacture", "anneeFacture",
                                  devise, "typeTva", "montantHt", "montantTva", "montantTtc", "dossierId", "deposeeLe", "createdAt", "updatedAt")
      SELECT gen_random_uuid(),
             (ARRAY['MISE_A_DISPOSITION_MOE','PRISE_EN_COMPTE_MOE','TRANSMISE_MOA','MISE_A_DISPOSITION_MOA','REFUSEE_MOE','SUSPENDUE'])[1 + g % 6]::"StatutPieceTravaux",
             now() - (g || ' minutes')::interval,
             'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR', s.id, $4::uuid, $1::uuid, $2::uuid, $3::uuid,
             'PRE-' || g, 'PRE-' || g, date '2025-01-01' + (g % 365)::int, 2025, 'EUR', 'TVA_SUR_DEBIT',
             (g % 100000) * 100, (g % 100000) * 20, (g % 100000) * 120, d.id, now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval
      FROM prefill_dossiers d JOIN prefill_structures s ON s.n = d.g % 500`,
      [o.moeId, o.moaId, o.serviceMoaId, o.userId],
    );
    await client.query(`
      INSERT INTO "DepotPieceTravaux" (id, "pieceId", "deposeLe", "deposeParId", certificat, empreinte)
      SELECT gen_random_uuid(), p.id, p."deposeeLe", p."creeParId", jsonb_build_object('facture', jsonb_build_object('numero', p.numero)), md5(p.id::text) || md5(p.numero)
      FROM "PieceTravaux" p WHERE p.numero LIKE 'PRE-%'`);
    await client.query(`
      INSERT INTO "HistoriquePieceTravaux" (id, "pieceId", action, "statutAvant", "statutApres", "acteurUserId", "createdAt")
      SELECT gen_random_uuid(), p.id, 'DEPOT', 'BROUILLON'::"StatutPieceTravaux", 'DEPOSEE'::"StatutPieceTravaux", p."creeParId", p."deposeeLe" FROM "PieceTravaux" p WHERE p.numero LIKE 'PRE-%'
      UNION ALL
      SELECT gen_random_uuid(), p.id, 'MISE_A_DISPOSITION', 'DEPOSEE'::"StatutPieceTravaux", p.statut, NULL, p."deposeeLe" FROM "PieceTravaux" p WHERE p.numero LIKE 'PRE-%'`);
    await client.query("COMMIT");
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
}
