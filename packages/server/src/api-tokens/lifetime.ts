import { ApiError } from '../core/errors.js';

/** CSP's default: six months. */
export const DEFAULT_LIFETIME_MONTHS = 6;
export const MIN_TTL_SECONDS = 5 * 60;
/** "Any number of months": capped at 100 years so every expiry stays a safe integer date. */
export const MAX_TTL_SECONDS = 100 * 366 * 86400;

/** Six calendar months after `now` (UTC), the same day of the month where it exists. */
export function defaultExpiry(now: number): number {
  const date = new Date(now);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + DEFAULT_LIFETIME_MONTHS);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.getTime();
}

/** A new token's expiry, and whether the org's maximum shortened the six-month default. */
export interface Expiry {
  expiresAt: number | null;
  /** The org's maximum (seconds) when no lifetime was asked for and the default was capped to it. */
  cappedToMaxTtlSeconds: number | null;
}

/**
 * The expiry of a new token: `undefined` → six months, capped at the org's maximum when it is shorter (the
 * caller asked for nothing in particular); `null` → never; seconds → now + seconds. Refuses lifetimes under five
 * minutes, and a lifetime asked for explicitly that exceeds the org's maximum (a never-expiring token exceeds any
 * maximum).
 */
export function expiryFor(
  ttlSeconds: number | null | undefined,
  now: number,
  maxTtlSeconds: number | null,
): Expiry {
  if (
    ttlSeconds !== undefined &&
    ttlSeconds !== null &&
    (ttlSeconds < MIN_TTL_SECONDS || ttlSeconds > MAX_TTL_SECONDS)
  ) {
    throw new ApiError(
      'request.invalid',
      `a token lives between ${MIN_TTL_SECONDS} seconds (5 minutes) and 100 years`,
      {
        field: 'ttlSeconds',
      },
    );
  }
  if (ttlSeconds === undefined) {
    const expiresAt = defaultExpiry(now);
    if (maxTtlSeconds !== null && expiresAt - now > maxTtlSeconds * 1000) {
      return { expiresAt: now + maxTtlSeconds * 1000, cappedToMaxTtlSeconds: maxTtlSeconds };
    }
    return { expiresAt, cappedToMaxTtlSeconds: null };
  }
  const expiresAt = ttlSeconds === null ? null : now + ttlSeconds * 1000;
  if (maxTtlSeconds !== null && (expiresAt === null || expiresAt - now > maxTtlSeconds * 1000)) {
    throw new ApiError(
      'api_token.ttl_not_allowed',
      `this organization allows API tokens of at most ${describeSeconds(maxTtlSeconds)}; choose a shorter lifetime` +
        (expiresAt === null ? ' than "never expires"' : '') +
        ', or leave ttlSeconds out to get the longest allowed',
      { maxTtlSeconds },
    );
  }
  return { expiresAt, cappedToMaxTtlSeconds: null };
}

/** "90 days", "12 hours", "30 minutes": for messages a person reads. */
export function describeSeconds(seconds: number): string {
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}
