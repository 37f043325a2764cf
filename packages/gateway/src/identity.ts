import { randomUUID } from 'node:crypto';
import type { AnyPrincipal } from '@keyward/verify';
import { SignJWT } from 'jose';
import type { SigningKeys } from './signing-key.js';

/** The `typ` of the identity JWT: never mistaken for an access token (`at+jwt`) or an ID token. */
export const IDENTITY_JWT_TYPE = 'keyward-identity+jwt';

/** Prefix of every identity header the gateway sets (and removes from incoming requests). */
export const IDENTITY_HEADER_PREFIX = 'x-keyward-';

const MAX_CACHED = 10_000;

/**
 * The identity the gateway forwards upstream: a short-lived JWT signed with the gateway's key (Pomerium's
 * assertion, Oathkeeper's id_token mutator) and the same facts as readable `X-Keyward-*` headers, which an
 * upstream may only trust when nothing but the gateway can reach it. Assertions are reused for the same
 * credential and audience while more than half their lifetime remains, so a token presented again costs no
 * signature.
 */
export class IdentityMinter {
  readonly #cache = new Map<string, { jwt: string; renewAt: number }>();

  constructor(
    private readonly deps: {
      keys: SigningKeys;
      /** The gateway's public origin: `iss` of the assertions, where the JWKS is published. */
      issuer: () => string;
      ttlSeconds: number;
      now?: () => number;
    },
  ) {}

  /** The assertion for `principal` at the upstream known as `audience`. */
  async assertion(principal: AnyPrincipal, audience: string): Promise<string> {
    const now = (this.deps.now ?? Date.now)();
    const key = cacheKey(principal, audience);
    const cached = this.#cache.get(key);
    if (cached !== undefined && cached.renewAt > now) return cached.jwt;
    const seconds = Math.floor(now / 1000);
    const jwt = await new SignJWT(claimsOf(principal))
      .setProtectedHeader({ alg: this.deps.keys.alg, kid: this.deps.keys.kid, typ: IDENTITY_JWT_TYPE })
      .setIssuer(this.deps.issuer())
      .setAudience(audience)
      .setSubject(principal.subject)
      .setIssuedAt(seconds)
      .setExpirationTime(seconds + this.deps.ttlSeconds)
      .setJti(randomUUID())
      .sign(this.deps.keys.privateKey);
    if (this.#cache.size >= MAX_CACHED) {
      const oldest = this.#cache.keys().next();
      if (!oldest.done) this.#cache.delete(oldest.value);
    }
    this.#cache.set(key, { jwt, renewAt: now + (this.deps.ttlSeconds * 1000) / 2 });
    return jwt;
  }
}

/** The readable identity headers (values are plain ASCII; lists are space-separated). */
export function identityHeaders(principal: AnyPrincipal): Record<string, string> {
  const signed = principal.credential.type === 'consumer_key';
  const headers: Record<string, string> = {
    'x-keyward-subject': principal.subject,
    'x-keyward-kind': principal.kind,
    'x-keyward-org': principal.orgId ?? '',
    'x-keyward-credential': `${principal.credential.type}:${principal.credential.id}`,
    'x-keyward-client': signed
      ? `ovh-application:${(principal as { applicationId: number }).applicationId}`
      : (principal as { clientId: string }).clientId,
    'x-keyward-roles': principal.roles.join(' '),
    'x-keyward-permissions': principal.permissions.join(' '),
  };
  return headers;
}

function claimsOf(principal: AnyPrincipal): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    kind: principal.kind,
    org: principal.orgId,
    roles: principal.roles,
    permissions: principal.permissions,
    cred: principal.credential,
  };
  if ('rules' in principal) {
    claims.email = principal.email;
    claims.ovh_application = principal.applicationId;
  } else {
    claims.client_id = principal.clientId;
    claims.keyward_iss = principal.claims.iss;
    if (typeof principal.claims.username === 'string') claims.username = principal.claims.username;
  }
  return claims;
}

function cacheKey(principal: AnyPrincipal, audience: string): string {
  if ('rules' in principal) {
    return `ck:${principal.credential.id}:${principal.orgId ?? ''}:${audience}`;
  }
  return `at:${principal.claims.jti}:${audience}`;
}
