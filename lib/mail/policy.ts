/**
 * How hard the portal tries to deliver a mail: 1 attempt + 8 retries, with pg-boss's exponential
 * backoff from 30 s (30 s, 1 min, 2 min… about 2 to 4 hours in all), then the row is marked ECHEC.
 */
export const MAIL_MAX_ATTEMPTS = 9;
export const MAIL_RETRY_DELAY_SECONDS = 30;
/** Beyond this a delivery job is considered lost (crash) and retried; above the SMTP timeouts below. */
export const MAIL_JOB_EXPIRE_SECONDS = 180;
