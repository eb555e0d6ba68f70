/**
 * `S3_URL`: where the files go when they go to an S3-compatible object store.
 *
 *   s3://CLÉ:SECRET@hôte[:port]/bucket[?region=…&style=path|virtual&tls=true|false]
 *
 * - CLÉ and SECRET: the access key, URI-encoded (`/` → `%2F`, `@` → `%40`…); without them, the AWS SDK's usual
 *   sources (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, instance role…);
 * - hôte[:port]: the endpoint (MinIO, Garage, Ceph RGW, or the cloud's: s3.fr-par.scw.cloud, s3.eu-west-3.amazonaws.com…);
 * - bucket: one path segment, the bucket (created beforehand; the portal never creates it);
 * - region: `us-east-1` by default (MinIO, Garage and Ceph take any; the cloud wants its own);
 * - style: `path` (default: https://hôte/bucket/clé — MinIO, Garage, Ceph) or `virtual` (https://bucket.hôte/clé — the cloud);
 * - tls: `true` (default, HTTPS) or `false` (HTTP: a store on the same private network, tests).
 */
export type ConfigurationS3 = {
  endpoint: string;
  bucket: string;
  region: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

export const FORMAT_S3_URL = "s3://CLÉ:SECRET@hôte:port/bucket?region=…&style=path|virtual&tls=true|false";

/** The configuration `S3_URL` describes, or the French reason it does not. */
export function lireS3Url(texte: string): { ok: true; config: ConfigurationS3 } | { ok: false; message: string } {
  const refus = (raison: string) => ({ ok: false as const, message: `${raison} (format : ${FORMAT_S3_URL})` });
  let url: URL;
  try {
    url = new URL(texte);
  } catch {
    return refus("n'est pas une URL");
  }
  if (url.protocol !== "s3:") return refus("doit commencer par s3://");
  if (!url.hostname) return refus("doit nommer l'hôte du stockage");
  const segments = url.pathname.split("/").filter(Boolean);
  if (segments.length !== 1) return refus("doit nommer un bucket, et lui seul, après l'hôte");
  const bucket = decodeURIComponent(segments[0]);
  const connus = new Set(["region", "style", "tls"]);
  for (const nom of url.searchParams.keys()) if (!connus.has(nom)) return refus(`paramètre inconnu « ${nom} »`);
  const style = url.searchParams.get("style") ?? "path";
  if (style !== "path" && style !== "virtual") return refus("style doit valoir path ou virtual");
  const tls = url.searchParams.get("tls") ?? "true";
  if (!["true", "false", "1", "0"].includes(tls)) return refus("tls doit valoir true ou false");
  if (!!url.username !== !!url.password) return refus("doit donner la clé et le secret ensemble, ou aucun des deux");
  const region = url.searchParams.get("region") || "us-east-1";
  const protocole = tls === "true" || tls === "1" ? "https" : "http";
  return {
    ok: true,
    config: {
      endpoint: `${protocole}://${url.host}`,
      bucket,
      region,
      forcePathStyle: style === "path",
      credentials: url.username ? { accessKeyId: decodeURIComponent(url.username), secretAccessKey: decodeURIComponent(url.password) } : undefined,
    },
  };
}
