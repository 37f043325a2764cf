import { invalidToken } from './errors.js';

/** The credential a Keyward access token was minted from (its `cred` claim). */
export type CredentialType = 'api_token' | 'client' | 'grant';

/** The claims of a verified Keyward access token (RFC 9068 §2.2 plus CSP's and Keyward's own). */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  jti: string;
  client_id: string;
  /** Space-separated: the `perms` values (and `openid` when asked for). */
  scope?: string;
  /** The organization id. */
  context_name: string;
  /** `csp:<org role>`, `external/<service>/<role>`, `external/<service>/<service>:<permission>`. */
  perms: string[];
  cred: { type: CredentialType; id: string };
  azp?: string;
  context?: string;
  acct?: string;
  username?: string;
  domain?: string;
  nbf?: number;
  /** RFC 9449 §6.1: the thumbprint of the DPoP key the token is bound to; its proof was checked. */
  cnf?: { jkt: string };
  [claim: string]: unknown;
}

/**
 * Who is calling, as Keyward decided when it minted the token: a user (API token, or an app acting for a user)
 * or an app acting as itself (client_credentials), in one organization, with its roles and the permissions
 * they expand to. Permissions are expanded by Keyward at issuance from the service catalogue, so they are as
 * of the token's `iat` (at most one access-token lifetime old).
 */
export interface Principal {
  kind: 'user' | 'app';
  /** The user id, or the app's client id when it acts as itself. */
  subject: string;
  orgId: string;
  /** Org roles (`org_owner`), service roles (`billing:viewer`) and platform roles (`platform_operator`). */
  roles: readonly string[];
  /** Service permissions (`billing:read`). */
  permissions: readonly string[];
  credential: { type: CredentialType; id: string };
  /** The OAuth client; `api-token` for tokens exchanged from personal API tokens. */
  clientId: string;
  claims: AccessTokenClaims;
}

const CREDENTIAL_KINDS: Readonly<Record<CredentialType, Principal['kind']>> = {
  api_token: 'user',
  grant: 'user',
  client: 'app',
};

/**
 * Checks the claims Keyward's own tokens always carry beyond RFC 9068's (jose has checked those), and builds
 * the principal. A token without them is not a Keyward access token.
 */
export function principalOf(payload: Record<string, unknown>): Principal {
  const claims = payload as AccessTokenClaims;
  for (const name of ['sub', 'jti', 'client_id', 'context_name'] as const) {
    if (typeof claims[name] !== 'string') throw missingClaim(name, 'a string');
  }
  if (claims.scope !== undefined && typeof claims.scope !== 'string') throw missingClaim('scope', 'a string');
  const perms = claims.perms;
  if (!Array.isArray(perms)) throw missingClaim('perms', 'an array of strings');
  const cred = claims.cred as Partial<AccessTokenClaims['cred']> | undefined;
  if (typeof cred !== 'object' || cred === null || typeof cred.id !== 'string') {
    throw missingClaim('cred', 'an object {type, id}');
  }
  if (typeof cred.type !== 'string' || !Object.hasOwn(CREDENTIAL_KINDS, cred.type)) {
    throw invalidToken(
      'claims',
      `the token's credential type ${JSON.stringify(cred.type)} is unknown to this version of @keyward/verify; upgrade it`,
    );
  }
  // RFC 9449 §6.1: a confirmation this verifier could not check would let a bound token pass as a bearer one.
  const cnf = claims.cnf as { jkt?: unknown } | undefined;
  if (cnf !== undefined && (typeof cnf !== 'object' || cnf === null || typeof cnf.jkt !== 'string')) {
    throw invalidToken(
      'claims',
      "the token's cnf claim has no jkt: it is bound to a key this verifier cannot check",
    );
  }
  const { roles, permissions } = readPerms(perms);
  return {
    kind: CREDENTIAL_KINDS[cred.type as CredentialType],
    subject: claims.sub,
    orgId: claims.context_name,
    roles,
    permissions,
    credential: { type: cred.type as CredentialType, id: cred.id },
    clientId: claims.client_id,
    claims,
  };
}

/**
 * Keyward's `perms` (CSP's format) read back into roles and permissions: `csp:<role>` is an org or platform
 * role, `external/<service>/<role>` a service role, `external/<service>/<service>:<permission>` a permission
 * (a permission keeps its `:`, which no role name has). Anything else is left in the claims, unread.
 */
export function readPerms(perms: readonly unknown[]): { roles: string[]; permissions: string[] } {
  const roles: string[] = [];
  const permissions: string[] = [];
  for (const perm of perms) {
    if (typeof perm !== 'string') throw missingClaim('perms', 'an array of strings');
    if (perm.startsWith('csp:')) {
      roles.push(perm.slice(4));
      continue;
    }
    const parsed = parseExternal(perm);
    if (parsed === undefined) continue;
    if (parsed.rest.includes(':')) permissions.push(parsed.rest);
    else roles.push(`${parsed.service}:${parsed.rest}`);
  }
  return { roles, permissions };
}

/** `external/<service>/<rest>` → its parts; undefined for anything else. */
export function parseExternal(perm: string): { service: string; rest: string } | undefined {
  if (!perm.startsWith('external/')) return undefined;
  const slash = perm.indexOf('/', 9);
  if (slash <= 9 || slash === perm.length - 1) return undefined;
  return { service: perm.slice(9, slash), rest: perm.slice(slash + 1) };
}

function missingClaim(name: string, what: string) {
  return invalidToken(
    'claims',
    `the token's ${name} claim is missing or not ${what}; it is not a Keyward access token`,
  );
}
