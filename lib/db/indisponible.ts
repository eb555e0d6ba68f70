/**
 * True when `error` says that PostgreSQL could not be reached or dropped the connection — the server is down,
 * restarting, refusing connections, or the pool could not get one in time — rather than that the query was wrong.
 * Such a request is answered « Le service est momentanément indisponible » (SERVICE_INDISPONIBLE, 503 with
 * Retry-After) instead of an internal error: the pools reconnect by themselves once the server is back.
 *
 * Recognised, through `cause`, `errors` (AggregateError) and Prisma's `meta.driverAdapterError`:
 * - Prisma's codes P1001 (can't reach), P1002 (timed out), P1008 (operation timed out), P1017 (connection closed),
 *   P2024 (no connection from the pool in time);
 * - @prisma/adapter-pg's kinds DatabaseNotReachable, ConnectionClosed, SocketTimeout, TooManyConnections, and its
 *   « postgres » kind with one of the SQLSTATEs below;
 * - node-postgres' own: socket codes (ECONNREFUSED, ECONNRESET, ETIMEDOUT, ENOTFOUND, EPIPE, EHOSTUNREACH…),
 *   SQLSTATE class 08 (connection exception), 57P01/57P02/57P03 (administrator or crash shutdown, cannot connect
 *   now: starting or stopping), 53300 (too many connections), and the messages « Connection terminated… » and
 *   « timeout exceeded when trying to connect ».
 */

const CODES_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const GENRES_ADAPTATEUR = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const CODES_SOCKET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ECONNABORTED"]);
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Can't reach database server/i,
];

function sqlstateIndisponible(code: unknown): boolean {
  return typeof code === "string" && (SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code));
}

export function baseIndisponible(error: unknown, profondeur = 0): boolean {
  if (!error || typeof error !== "object" || profondeur > 5) return false;
  const e = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; errors?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.code === "string" && (CODES_PRISMA.has(e.code) || CODES_SOCKET.has(e.code) || sqlstateIndisponible(e.code))) return true;
  if (typeof e.kind === "string") {
    if (GENRES_ADAPTATEUR.has(e.kind)) return true;
    if (e.kind === "postgres" && sqlstateIndisponible(e.code ?? (e as { originalCode?: unknown }).originalCode)) return true;
  }
  if (typeof e.message === "string" && MESSAGES.some((m) => m.test(e.message as string))) return true;
  if (e.meta?.driverAdapterError && baseIndisponible(e.meta.driverAdapterError, profondeur + 1)) return true;
  if (e.cause && baseIndisponible(e.cause, profondeur + 1)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => baseIndisponible(x, profondeur + 1))) return true;
  return false;
}
