import { auditEvent } from '../audit/service.js';
import type { AuditEvent } from '../audit/store.js';
import type { BatchWriter } from '../core/batch-writer.js';
import type { Clock } from '../core/clock.js';
import { ApiError, type ApiErrorCode } from '../core/errors.js';
import type { HotPathLockouts } from '../core/hot-path-lockouts.js';
import { IdentityMemo } from '../core/identity-memo.js';
import type { LockoutRule } from '../core/lockouts.js';
import { anonymousCaller } from '../core/principal.js';
import { grantedScope, type Holdings, holdingsOf, onlyServices, toPerms } from '../core/scopes.js';
import type { IdentityDirectory } from '../identity/directory.js';
import type { Membership } from '../identity/members/store.js';
import type { User } from '../identity/users/store.js';
import type { KeyRing } from '../keys/service.js';
import { API_TOKEN_CLIENT_ID, issueAccessToken } from '../keys/tokens/access-token.js';
import { issueIdToken } from '../keys/tokens/id-token.js';
import type { ApiTokenDirectory } from './directory.js';
import { isWellFormedApiToken } from './format.js';
import { describeSeconds } from './lifetime.js';
import type { ApiToken } from './store.js';

export interface ExchangeResult {
  accessToken: string;
  idToken: string | null;
  expiresIn: number;
  scope: string;
  /** The API token that was exchanged (CSP echoes it as refresh_token). */
  apiToken: string;
}

export interface LiveApiToken {
  token: ApiToken;
  user: User;
  membership: Membership;
}

export interface Origin {
  ip: string | null;
  requestId: string | null;
}

export interface Usage {
  id: string;
  at: number;
}

const day = (ms: number) => new Date(ms).toISOString();

/**
 * Exchanging an API token for an access token: the hot path. Everything is read through caches, the JWT is
 * signed in memory, and the only writes (last-used stamp, failure audit) go to batch writers.
 *   checkFormat → findToken → checkLive → computeScope → issueTokens → recordUse
 */
export class ApiTokenExchange {
  readonly #scopes = new IdentityMemo<Holdings>();

  constructor(
    private readonly deps: {
      tokens: ApiTokenDirectory;
      identity: IdentityDirectory;
      keys: KeyRing;
      clock: Clock;
      issuer: string;
      accessTokenTtlSeconds: number;
      usage: BatchWriter<Usage>;
      failures: BatchWriter<AuditEvent>;
      /** Failed lookups per address, shared by every node; the check never waits on the database. */
      lockouts: Pick<HotPathLockouts, 'retryAfter' | 'fail'>;
      rule: LockoutRule;
    },
  ) {}

  /**
   * `audience`: the resource the access token is for (RFC 8707, checked by the caller): it becomes the only
   * `aud`, and the token carries only that service's roles and permissions.
   */
  async exchange(
    tokenValue: string,
    origin: Origin,
    audience?: { uri: string; serviceId: string },
    /** The DPoP key the access token is bound to (RFC 9449), when the exchange request proved one. */
    dpopJkt?: string,
  ): Promise<ExchangeResult> {
    return this.#guarded('exchange', origin, async (found) => {
      const token = found(await this.#findToken(tokenValue));
      return this.#issue(await this.checkLive(token), tokenValue, audience, dpopJkt);
    });
  }

  /**
   * docs/wire/csp.md#token-details: for a token that is neither revoked nor expired (a deactivated one is
   * shown, flagged). Anyone holding the value may ask; it reveals nothing they could not already use.
   */
  async details(tokenValue: string, origin: Origin): Promise<{ token: ApiToken; user: User }> {
    return this.#guarded('details', origin, async (found) => {
      const token = found(await this.#findToken(tokenValue));
      const now = this.deps.clock.now();
      if (token.revokedAt !== null) {
        fail('api_token.revoked', `this API token was revoked on ${day(token.revokedAt)}`);
      }
      if (token.expiresAt !== null && now >= token.expiresAt) {
        fail('api_token.expired', `this API token expired on ${day(token.expiresAt)}`);
      }
      const user = await this.deps.identity.user(token.userId);
      if (!user) fail('api_token.unknown', 'the user of this API token no longer exists');
      return { token, user };
    });
  }

  /**
   * The roles and permissions the token would carry if exchanged now, as `perms` (CSP's token details show
   * them): its scope, limited to what its user holds in its org today; none when the user is no longer a member.
   */
  async scopeNow(token: ApiToken): Promise<string[]> {
    const services = await this.deps.identity.services();
    const membership = await this.deps.identity.membership(token.orgId, token.userId);
    if (!membership) return [];
    const user = await this.deps.identity.user(token.userId);
    return toPerms(
      grantedScope(token.scopes, holdingsOf(membership, user?.platformRoles ?? [], services), services),
    );
  }

  /**
   * Whether the token may still be used, and by whom: not revoked, deactivated, expired or idle past the
   * org's policy; its user enabled and still a member of its org. Throws the reason as an ApiError.
   */
  async checkLive(token: ApiToken): Promise<LiveApiToken> {
    const now = this.deps.clock.now();
    if (token.revokedAt !== null) {
      fail('api_token.revoked', `this API token was revoked on ${day(token.revokedAt)}; generate a new one`);
    }
    if (token.expiresAt !== null && now >= token.expiresAt) {
      fail(
        'api_token.expired',
        `this API token expired on ${day(token.expiresAt)}; generate a new one in the console under API tokens`,
      );
    }
    if (token.deactivatedAt !== null) {
      fail(
        'api_token.deactivated',
        `an owner of organization ${token.orgId} deactivated this API token on ${day(token.deactivatedAt)}; ask them to reactivate it`,
      );
    }
    const policy = await this.deps.tokens.policy(token.orgId);
    const idleLimit = policy?.apiTokenIdleTtlSeconds ?? null;
    if (idleLimit !== null) {
      const lastUse = Math.max(
        token.lastUsedAt ?? token.createdAt,
        this.deps.usage.pending(token.id)?.at ?? 0,
      );
      if (now - lastUse > idleLimit * 1000) {
        fail(
          'api_token.idle',
          `this API token was last used on ${day(lastUse)}; organization ${token.orgId} stops tokens unused for ` +
            `${describeSeconds(idleLimit)}. Generate a new one`,
        );
      }
    }
    const user = await this.deps.identity.user(token.userId);
    if (!user || user.disabledAt !== null) {
      fail('api_token.user_disabled', 'the user this API token belongs to is disabled; it cannot be used');
    }
    const membership = await this.deps.identity.membership(token.orgId, token.userId);
    if (!membership) {
      fail(
        'api_token.not_member',
        `the user of this API token is no longer a member of organization ${token.orgId}; the token cannot be used there`,
      );
    }
    return { token, user, membership };
  }

  /**
   * What an access token exchanged from this live API token carries now: its scope within what its user holds
   * in its org (re-evaluated at every exchange), for one service when `serviceId` is given. The access checks
   * explain tokens with it too.
   */
  async grantedTo({ token, user, membership }: LiveApiToken, serviceId?: string): Promise<Holdings> {
    const services = await this.deps.identity.services();
    // The same cached token, membership, user and catalogue give the same scope: compute it once.
    return this.#scopes.get(token, [membership, user, services], serviceId ?? '', () => {
      const all = grantedScope(token.scopes, holdingsOf(membership, user.platformRoles, services), services);
      return serviceId ? onlyServices(all, [serviceId]) : all;
    });
  }

  /**
   * An access token never outlives the API token it came from: not past its expiry, nor past the moment the
   * org's idle policy would stop it had it not been used again. Verifiers see no revocation when an API token
   * simply expires, so its access tokens must end with it.
   */
  async #lifetime(token: ApiToken, now: number): Promise<number> {
    let seconds = this.deps.accessTokenTtlSeconds;
    if (token.expiresAt !== null) seconds = Math.min(seconds, Math.floor((token.expiresAt - now) / 1000));
    const idleLimit = (await this.deps.tokens.policy(token.orgId))?.apiTokenIdleTtlSeconds ?? null;
    if (idleLimit !== null) seconds = Math.min(seconds, idleLimit);
    return Math.max(1, seconds);
  }

  async #findToken(tokenValue: string): Promise<ApiToken> {
    // A mistyped or truncated value is refused by its checksum, without touching the database.
    if (!isWellFormedApiToken(tokenValue)) {
      fail(
        'api_token.malformed',
        'this is not a Keyward API token: those are 65 letters and digits starting with "kwt"; check for a copy mistake',
      );
    }
    const token = await this.deps.tokens.findByValue(tokenValue);
    if (!token)
      fail('api_token.unknown', 'no API token has this value; it may have been deleted. Generate a new one');
    return token;
  }

  async #issue(
    { token, user, membership }: LiveApiToken,
    tokenValue: string,
    audience: { uri: string; serviceId: string } | undefined,
    dpopJkt?: string,
  ): Promise<ExchangeResult> {
    const { keys, clock, issuer } = this.deps;
    const granted = await this.grantedTo({ token, user, membership }, audience?.serviceId);
    const now = clock.now();
    const accessTokenTtlSeconds = await this.#lifetime(token, now);
    const issued = issueAccessToken(keys, issuer, now, {
      subject: user.id,
      orgId: token.orgId,
      granted,
      credential: { type: 'api_token', id: token.id },
      clientId: API_TOKEN_CLIENT_ID,
      ttlSeconds: accessTokenTtlSeconds,
      account: { email: user.email },
      // The scope says what was granted: `openid` too when the token brings an ID token (not in a token for
      // another service, which cannot use it).
      oidcScopes: token.openid && !audience ? ['openid'] : [],
      audience: audience?.uri,
      dpopJkt,
    });
    const idToken = token.openid
      ? issueIdToken(keys, issuer, now, {
          user,
          clientId: API_TOKEN_CLIENT_ID,
          orgId: token.orgId,
          ttlSeconds: accessTokenTtlSeconds,
        })
      : null;
    this.deps.usage.add({ id: token.id, at: now });
    return {
      accessToken: issued.token,
      idToken,
      expiresIn: issued.expiresIn,
      scope: issued.scope,
      apiToken: tokenValue,
    };
  }

  /**
   * Runs a lookup by token value under the per-address limit on failures and audits each failure (batched;
   * docs/wire/csp.md#api-token-exchange), never with the token value or its hash. `found` records
   * which token the value matched, so the audit event names it.
   */
  async #guarded<T>(
    what: 'exchange' | 'details',
    origin: Origin,
    work: (found: (token: ApiToken) => ApiToken) => Promise<T>,
  ): Promise<T> {
    const address = origin.ip ?? 'unknown';
    const bucket = {
      key: `api-token:${address}`,
      scope: 'api_token_address' as const,
      address,
      rule: this.deps.rule,
    };
    const wait = this.deps.lockouts.retryAfter(bucket);
    if (wait > 0) {
      throw new ApiError(
        'auth.rate_limited',
        `too many failed API-token lookups from this address; retry in ${wait} seconds`,
        undefined,
        { 'retry-after': String(wait) },
      );
    }
    let token: ApiToken | undefined;
    try {
      return await work((matched) => {
        token = matched;
        return matched;
      });
    } catch (error) {
      if (error instanceof ApiError && error.code.startsWith('api_token.')) {
        await this.deps.lockouts.fail(bucket);
        this.deps.failures.add(
          auditEvent(anonymousCaller(origin.ip, origin.requestId), this.deps.clock.now(), {
            action: what === 'exchange' ? 'api_token.exchange_failed' : 'api_token.details_failed',
            orgId: token?.orgId ?? null,
            actor: { kind: 'anonymous', id: origin.ip ?? 'unknown' },
            target: { kind: 'api_token', id: token?.id ?? 'unknown' },
            details: { reason: error.code },
          }),
        );
      }
      throw error;
    }
  }
}

function fail(code: ApiErrorCode, message: string): never {
  throw new ApiError(code, message);
}
