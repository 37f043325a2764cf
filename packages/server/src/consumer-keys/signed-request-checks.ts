import { TtlCache } from '../core/cache.js';
import type { Clock } from '../core/clock.js';
import { ApiError } from '../core/errors.js';
import type { PlatformRole } from '../core/roles.js';
import { holdingsOf } from '../core/scopes.js';
import type { IdentityDirectory } from '../identity/directory.js';
import type { OrgStore } from '../identity/orgs/store.js';
import type { User } from '../identity/users/store.js';
import { rulePath } from './rules.js';
import type { AccessRule } from './store.js';
import type { ConsumerKeyVerifier, VerifiedRequest } from './verifier.js';

/** Bodies larger than this are not checked: the whole body is needed (the signature starts with the secret). */
export const MAX_CHECKED_BODY_BYTES = 128 * 1024;

/** A request that arrived somewhere else (at a gateway) signed the OVH way, as that place received it. */
export interface SignedRequestCheck {
  method: string;
  /** `scheme://Host` + the request target exactly as received (escapes and query string untouched). */
  url: string;
  /** The origin clients are configured with at that place, when it differs from the URL's. */
  publicOrigin: string | undefined;
  /** The X-Ovh-* headers, names in any case. */
  headers: Readonly<Record<string, string>>;
  /** The raw body bytes. */
  body: Buffer;
  /** The address the request came from (counted by the failure limiter, matched against allowedIPs). */
  clientIp: string;
  /** The path prefix the access rules are relative to there (`/1.0`, or `` for none). */
  rulesPrefix: string;
  /** The organization the caller acts in; by default the user's only one. */
  orgId: string | undefined;
  requestId: string;
}

/** Who signed the request, and what they hold where they act. */
export interface SignedPrincipal {
  kind: 'user';
  subject: string;
  email: string;
  name: string;
  /** null: the user belongs to several organizations (or none) and the check named none. */
  orgId: string | null;
  orgRoles: string[];
  serviceRoles: string[];
  permissions: string[];
  platformRoles: PlatformRole[];
  credential: { type: 'consumer_key'; id: string };
  applicationId: number;
  applicationName: string;
}

export type CheckVerdict =
  | {
      valid: true;
      principal: SignedPrincipal;
      rules: AccessRule[];
      expiresAt: number | null;
      /** The request's own method and path against the rules (relative to `rulesPrefix`). */
      request: { method: string; path: string | null; allowed: boolean };
    }
  | { valid: false; error: ApiError };

/**
 * Checks an OVH-signed request for a gateway or resource server that holds the request but not the application
 * secret, with the same pipeline as Keyward's own signed calls, and says who signed it:
 *   parseUrl → verifySignature (application, key, timestamp, signature, state, address, user) → resolveOrg
 *   → matchRules
 * A refused signature is a verdict, not an error of the check itself.
 */
export class SignedRequestChecks {
  /** The one organization of a user, when exactly one (`null` otherwise), briefly cached like memberships. */
  readonly #onlyOrg: TtlCache<string, string | null>;

  constructor(
    private readonly deps: {
      verifier: ConsumerKeyVerifier;
      identity: IdentityDirectory;
      orgs: Pick<OrgStore, 'listForUser'>;
      clock: Clock;
    },
  ) {
    this.#onlyOrg = new TtlCache({ maxEntries: 50_000, ttlMs: 2000, clock: deps.clock });
  }

  async check(input: SignedRequestCheck): Promise<CheckVerdict> {
    const arrived = parseUrl(input.url);
    let verified: VerifiedRequest;
    try {
      verified = await this.deps.verifier.verify(
        {
          method: input.method,
          ...arrived,
          // Routed as Keyward routes its own requests: leading slashes collapsed (the signature keeps the target).
          path: arrived.target.replace(/^\/{2,}/, '/'),
          body: input.body,
          application: headerOf(input.headers, 'x-ovh-application'),
          consumer: headerOf(input.headers, 'x-ovh-consumer'),
          timestamp: headerOf(input.headers, 'x-ovh-timestamp'),
          signature: headerOf(input.headers, 'x-ovh-signature'),
          ip: input.clientIp,
          requestId: input.requestId,
          publicOrigin: input.publicOrigin ?? `${arrived.scheme}://${arrived.host}`,
        },
        { prefix: input.rulesPrefix, checkRules: false },
      );
    } catch (error) {
      if (error instanceof ApiError) return { valid: false, error };
      throw error;
    }
    const { user, credential, app } = verified;
    let access: Access;
    try {
      access = await this.#resolveOrg(user, input.orgId);
    } catch (error) {
      if (error instanceof ApiError) return { valid: false, error };
      throw error;
    }
    const path = rulePath(arrived.target, input.rulesPrefix);
    return {
      valid: true,
      principal: {
        kind: 'user',
        subject: user.id,
        email: user.email,
        name: user.name,
        ...access,
        platformRoles: [...user.platformRoles],
        credential: { type: 'consumer_key', id: String(credential.id) },
        applicationId: app.id,
        applicationName: app.name,
      },
      rules: credential.rules,
      expiresAt: credential.expiresAt,
      request: {
        method: input.method,
        path,
        allowed: path !== null && verified.rules.allows(input.method, path),
      },
    };
  }

  /** The user's roles and permissions in the organization asked for, or in their only one. */
  async #resolveOrg(user: User, orgId: string | undefined): Promise<Access> {
    const chosen = orgId ?? (await this.#onlyOrgOf(user.id));
    if (chosen === null) return { orgId: null, orgRoles: [], serviceRoles: [], permissions: [] };
    const membership = await this.deps.identity.membership(chosen, user.id);
    if (!membership) {
      throw new ApiError(
        'auth.forbidden',
        `the user who validated this consumer key is not a member of organization ${chosen}`,
        { orgId: chosen },
      );
    }
    const held = holdingsOf(membership, [], await this.deps.identity.services());
    return {
      orgId: chosen,
      orgRoles: held.orgRoles,
      serviceRoles: held.serviceRoles,
      permissions: held.permissions,
    };
  }

  async #onlyOrgOf(userId: string): Promise<string | null> {
    const found = await this.#onlyOrg.getOrLoad(userId, async () => {
      const page = await this.deps.orgs.listForUser(userId, { pageStart: 1, pageLimit: 2 });
      return page.total === 1 ? (page.items[0]?.id ?? null) : null;
    });
    return found ?? null;
  }
}

type Access = Pick<SignedPrincipal, 'orgId' | 'orgRoles' | 'serviceRoles' | 'permissions'>;

/**
 * `scheme://host[:port]/target` split without normalizing anything: the signature covers the target exactly as
 * the client sent it, so it must not go through a URL parser that re-encodes.
 */
export function parseUrl(url: string): { scheme: string; host: string; target: string } {
  const match =
    /^(https?):\/\/([A-Za-z0-9.\-_~]+(?::\d{1,5})?|\[[0-9A-Fa-f:.]+\](?::\d{1,5})?)(\/[^#\s]*)?$/.exec(url);
  if (!match) {
    throw new ApiError(
      'request.invalid',
      'url must be the absolute URL the request arrived at: http(s)://host[:port] followed by the raw path and query',
    );
  }
  return { scheme: match[1] as string, host: match[2] as string, target: match[3] ?? '/' };
}

function headerOf(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value.trim();
  }
  return undefined;
}
