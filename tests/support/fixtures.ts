import { db } from "@/lib/db";
import { contenu } from "@/lib/mail/deliver";
import { AppError } from "@/lib/errors";
import { nouveauCaptcha, validerCaptcha } from "@/lib/captcha/captcha";
import { randomSiret, uniqueSuffix } from "@/prisma/seed/factories";

export { randomSiret, uniqueSuffix };

/** An establishment in the INSEE directory copy, with its legal unit. */
export async function inseeEtablissement(
  o: { etat?: "A" | "F"; diffusion?: "O" | "P"; denomination?: string; siret?: string; categorieJuridique?: string } = {},
) {
  const siret = o.siret ?? randomSiret();
  const siren = siret.slice(0, 9);
  const masked = o.diffusion === "P";
  const denomination = o.denomination ?? `ENTREPRISE ${uniqueSuffix().toUpperCase()}`;
  await db.inseeUniteLegale.upsert({
    where: { siren },
    update: {},
    create: { siren, denomination, categorieJuridique: o.categorieJuridique ?? "5710", etatAdministratif: "A", statutDiffusion: o.diffusion ?? "O" },
  });
  await db.inseeEtablissement.create({
    data: {
      siret,
      siren,
      etatAdministratif: o.etat ?? "A",
      statutDiffusion: o.diffusion ?? "O",
      numeroVoie: masked ? "[ND]" : "12",
      typeVoie: masked ? "[ND]" : "RUE",
      libelleVoie: masked ? "[ND]" : "DES ARTISANS",
      codePostal: masked ? "[ND]" : "31000",
      libelleCommune: masked ? "[ND]" : "TOULOUSE",
      codeCommune: masked ? "[ND]" : "31555",
    },
  });
  return { siret, denomination };
}

/** A challenge solved as a user would (CAPTCHA_TEST_TEXT is set in the integration setup). */
export async function captchaResolu(): Promise<string> {
  const c = await nouveauCaptcha("image");
  await validerCaptcha(c.id, process.env.CAPTCHA_TEST_TEXT!);
  return c.id;
}

export function formulaireCompte(siret: string, overrides: Partial<{ email: string; captchaId: string }> = {}) {
  const email = overrides.email ?? `nouveau-${uniqueSuffix()}@exemple.fr`;
  return {
    email,
    firstName: "Alice",
    lastName: "Durand",
    phone: "+33 6 12 34 56 78",
    contactEmail: email,
    acceptTerms: true as const,
    structure: { identifierType: "SIRET" as const, identifier: siret },
    captchaId: overrides.captchaId ?? "",
  };
}

/** The outbox mails written for an address, oldest first, each with the HTML and text its delivery sends. */
export async function mailsPour(to: string) {
  const rows = await db.outboxMail.findMany({ where: { to }, orderBy: { createdAt: "asc" } });
  return Promise.all(rows.map(async (row) => ({ ...row, ...(await contenu(row)) })));
}

export function lienDans(text: string, path: string): string {
  const m = text.match(new RegExp(`https?://\\S*/${path}/([A-Za-z0-9_-]+)`));
  if (!m) throw new Error(`pas de lien /${path}/ dans : ${text.slice(0, 200)}`);
  return m[1];
}

/** The code of the AppError a call fails with ("OK" when it succeeds): what the user is told. */
export async function codeDe(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return "OK";
}
