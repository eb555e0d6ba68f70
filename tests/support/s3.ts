import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
// @ts-expect-error s3rver ships no types: only its constructor, run() and close() are used here.
import S3rver from "s3rver";

/**
 * A real S3 server for a test (s3rver, in this process: its own temporary folder, a random port, one bucket), and the
 * `S3_URL` that reaches it (path-style, plain HTTP, s3rver's fixed credentials).
 */
export async function demarrerS3(options: { bucket?: string } = {}): Promise<{ url: string; fermer: () => Promise<void> }> {
  const bucket = options.bucket ?? "factures";
  const directory = await mkdtemp(path.join(os.tmpdir(), "portail-s3rver-"));
  const serveur = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const adresse = (await serveur.run()) as AddressInfo;
  return {
    url: `s3://S3RVER:S3RVER@127.0.0.1:${adresse.port}/${bucket}?tls=false&style=path`,
    fermer: async () => {
      await serveur.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
