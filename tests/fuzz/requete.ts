import type { Acteur } from "@/lib/auth/acteur";

type Biscuit = { name: string; value: string };

/** The cookies of the fuzzed request, as next/headers' cookies() gives them (next-auth's signIn writes the session cookie here). */
class Biscuits {
  private readonly valeurs = new Map<string, string>();
  get(nom: string | { name: string }): Biscuit | undefined {
    const n = typeof nom === "string" ? nom : nom.name;
    const value = this.valeurs.get(n);
    return value === undefined ? undefined : { name: n, value };
  }
  getAll(): Biscuit[] {
    return [...this.valeurs].map(([name, value]) => ({ name, value }));
  }
  has(nom: string): boolean {
    return this.valeurs.has(nom);
  }
  set(nom: string | { name: string; value: string }, valeur?: string): this {
    if (typeof nom === "string") this.valeurs.set(nom, valeur ?? "");
    else this.valeurs.set(nom.name, nom.value);
    return this;
  }
  delete(nom: string | { name: string }): this {
    this.valeurs.delete(typeof nom === "string" ? nom : nom.name);
    return this;
  }
  clear(): void {
    this.valeurs.clear();
  }
  get size(): number {
    return this.valeurs.size;
  }
  toString(): string {
    return this.getAll()
      .map((b) => `${b.name}=${b.value}`)
      .join("; ");
  }
}

/**
 * The request being fuzzed, as the session reader and next/headers see it (tests/fuzz/setup.ts): who is signed
 * in (the role's actor, read from the database by the engine) and from which address.
 */
export const requete = {
  acteur: null as Acteur | null,
  ip: "203.0.113.1",
  biscuits: new Biscuits(),
  entetes(): Headers {
    const h = new Headers({ "x-forwarded-for": this.ip, host: "localhost:3000", "user-agent": "fuzz" });
    if (this.biscuits.size) h.set("cookie", this.biscuits.toString());
    return h;
  },
};
