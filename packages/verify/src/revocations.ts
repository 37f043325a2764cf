import type { CredentialType } from './principal.js';

/** What a revocation source is told about each token that passed every other check. Times in epoch seconds. */
export interface TokenReference {
  jti: string;
  credential: { type: CredentialType; id: string };
  subject: string;
  orgId: string;
  clientId: string;
  /** With the milliseconds a Keyward token's time-ordered `jti` carries (see `issuedAtOf`). */
  issuedAt: number;
  expiresAt: number;
}

/**
 * When a token was issued, in epoch seconds: to the millisecond when its `jti` is a UUIDv7 whose time falls in
 * the second `iat` names (Keyward's tokens), else `iat`. A revocation refuses what was issued at or before its
 * time, so a token minted just after it in the same second (a new secret used at once) still works.
 */
export function issuedAtOf(jti: string, iat: number): number {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7/i.test(jti)) return iat;
  const ms = Number.parseInt(jti.slice(0, 8) + jti.slice(9, 13), 16);
  return ms >= iat * 1000 && ms < iat * 1000 + 1000 ? ms / 1000 : iat;
}

/**
 * Where the verifier learns that a credential was revoked before its access tokens expired (Keyward's
 * revocation feed fills one). `check` runs on every verification, synchronously, from memory: it must not do
 * I/O. It returns why the token is refused, or undefined. Throwing fails the request closed (503
 * `revocations_unavailable`), e.g. when the feed has been disconnected for too long to be trusted.
 */
export interface RevocationSource {
  check(token: TokenReference): string | undefined;
}

/** What to refuse. Times in epoch seconds. */
export type RevocationEntry = (
  | { token: string }
  | { credential: { type: CredentialType; id: string } }
  | { subject: string; orgId?: string }
  /** Every token issued to this OAuth client (`client_id`): the app was deleted. */
  | { clientId: string }
) & {
  /** Refuse only tokens issued at or before this time (a re-activated credential mints good tokens again). */
  issuedBefore?: number;
  /** When the entry may be forgotten: the newest token it could refuse has expired by then. */
  keepUntil: number;
  /** Said in the refusal, e.g. `API token revoked`. */
  reason?: string;
};

/** An in-memory revocation source that a feed (or a test, or an operator's hook) adds entries to. */
export interface RevocationSet extends RevocationSource {
  add(entry: RevocationEntry): void;
  /** Forgets entries whose `keepUntil` has passed; returns how many. */
  prune(nowSeconds?: number): number;
  readonly size: number;
}

interface Stored {
  issuedBefore: number;
  keepUntil: number;
  reason: string;
}

/**
 * Revoked access tokens (by `jti`), credentials (the `cred` claim: an API token, an app, a user's grant) and
 * subjects (a disabled user everywhere, or a member removed from one org) and clients (a deleted app). Lookups
 * are five map reads.
 */
export function createRevocationSet(): RevocationSet {
  const tokens = new Map<string, Stored>();
  const credentials = new Map<string, Stored>();
  const subjects = new Map<string, Stored>();
  const clients = new Map<string, Stored>();
  const maps = [tokens, credentials, subjects, clients];

  const refuses = (stored: Stored | undefined, issuedAt: number) =>
    stored !== undefined && issuedAt <= stored.issuedBefore ? stored.reason : undefined;

  return {
    add(entry) {
      const stored: Stored = {
        issuedBefore: entry.issuedBefore ?? Number.POSITIVE_INFINITY,
        keepUntil: entry.keepUntil,
        reason: entry.reason ?? 'revoked',
      };
      if ('token' in entry) tokens.set(entry.token, stored);
      else if ('credential' in entry) credentials.set(credentialKey(entry.credential), stored);
      else if ('clientId' in entry) clients.set(entry.clientId, stored);
      else subjects.set(subjectKey(entry.subject, entry.orgId), stored);
    },
    check(token) {
      return (
        refuses(tokens.get(token.jti), token.issuedAt) ??
        refuses(credentials.get(credentialKey(token.credential)), token.issuedAt) ??
        refuses(subjects.get(subjectKey(token.subject, undefined)), token.issuedAt) ??
        refuses(subjects.get(subjectKey(token.subject, token.orgId)), token.issuedAt) ??
        refuses(clients.get(token.clientId), token.issuedAt)
      );
    },
    prune(nowSeconds = Math.floor(Date.now() / 1000)) {
      let removed = 0;
      for (const map of maps) {
        for (const [key, stored] of map) {
          if (stored.keepUntil < nowSeconds) {
            map.delete(key);
            removed++;
          }
        }
      }
      return removed;
    },
    get size() {
      return tokens.size + credentials.size + subjects.size + clients.size;
    },
  };
}

const credentialKey = (credential: { type: string; id: string }) => `${credential.type} ${credential.id}`;
const subjectKey = (subject: string, orgId: string | undefined) =>
  orgId === undefined ? subject : `${subject} ${orgId}`;
