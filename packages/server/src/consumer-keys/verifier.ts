import { auditEvent } from '../audit/service.js';
import type { AuditEvent } from '../audit/store.js';
import type { BatchWriter } from '../core/batch-writer.js';
import type { Clock } from '../core/clock.js';
import { ApiError, type ApiErrorCode } from '../core/errors.js';
import type { HotPathLockouts } from '../core/hot-path-lockouts.js';
import type { LockoutRule } from '../core/lockouts.js';
import { MemoryRateLimiter } from '../core/memory-rate-limiter.js';
import { anonymousCaller, type Caller } from '../core/principal.js';
import type { IdentityDirectory } from '../identity/directory.js';
import type { User } from '../identity/users/store.js';
import type { ConsumerKeyDirectory, LoadedApp, LoadedCredential } from './directory.js';
import { APP_KEY_LENGTH, CONSUMER_KEY_LENGTH, isWellFormedKey } from './format.js';
import { rulePath } from './rules.js';
import { currentState, invalidApplication } from './shared.js';
import { type ArrivedAt, candidateUrls, signatureMatches } from './signature.js';

/** The parts of an HTTP request a signature covers, as received. */
export interface SignedRequest extends Omit<ArrivedAt, 'publicOrigin'> {
  method: string;
  /** The target as routed (leading slashes collapsed): what the access rules are matched against. */
  path: string;
  /** Raw body bytes; empty when there was none. */
  body: Buffer;
  application: string | undefined;
  consumer: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  ip: string;
  requestId: string;
  /**
   * The origin clients are configured with, as one more URL they may have signed; Keyward's issuer when absent.
   * A gateway checking requests that arrived at it names its own public origin here.
   */
  publicOrigin?: string;
}

export interface VerifiedRequest {
  caller: Caller;
  app: LoadedApp['app'];
  credential: LoadedCredential['credential'];
  /** The credential's access rules, compiled. */
  rules: LoadedCredential['rules'];
  user: User;
}

export interface Usage {
  id: number;
  at: number;
}

/** Failures that suggest guessing (a key or secret that does not fit) count against the caller's address. */
const GUESSING: ReadonlySet<ApiErrorCode> = new Set([
  'consumer_key.invalid_application',
  'consumer_key.unknown',
  'consumer_key.invalid_signature',
]);

/**
 * Checks an OVH-signed request (docs/wire/ovh.md#verification), the hot path of signed calls: reads go via
 * caches, the only writes (last use, failure audit) are batched.
 *   application → consumer key → timestamp → signature → state → address → user → rules
 * `prefix` is the version prefix the rules are relative to (`/1.0`, `/v1`, `/api/v1`); `checkRules: false`
 * is for the `/auth/...` calls every credential may make about itself.
 */
export class ConsumerKeyVerifier {
  // At most this many audit events per failure kind and credential (or address) a minute, so a client stuck
  // in a loop cannot flood the audit trail.
  readonly #auditBudget: MemoryRateLimiter;

  constructor(
    private readonly deps: {
      directory: ConsumerKeyDirectory;
      identity: IdentityDirectory;
      clock: Clock;
      publicOrigin: string;
      timestampWindowSeconds: number;
      usage: BatchWriter<Usage>;
      failures: BatchWriter<AuditEvent>;
      /** Failed signed requests per address, shared by every node; the check never waits on the database. */
      lockouts: Pick<HotPathLockouts, 'retryAfter' | 'fail'>;
      rule: LockoutRule;
    },
  ) {
    this.#auditBudget = new MemoryRateLimiter({ limit: 20, windowMs: 60_000, clock: deps.clock });
  }

  async verify(
    request: SignedRequest,
    options: { prefix: string; checkRules: boolean },
  ): Promise<VerifiedRequest> {
    const bucket = {
      key: `signed-request:${request.ip}`,
      scope: 'signed_request_address' as const,
      address: request.ip,
      rule: this.deps.rule,
    };
    const wait = this.deps.lockouts.retryAfter(bucket);
    if (wait > 0) {
      throw new ApiError(
        'auth.rate_limited',
        `too many failed signed requests from ${request.ip}; retry in ${wait} s`,
        { retryAfterSeconds: wait },
        { 'retry-after': String(wait) },
      );
    }
    let app: LoadedApp | undefined;
    let loaded: LoadedCredential | undefined;
    try {
      app = await this.#application(request);
      loaded = await this.#credential(request, app);
      this.#checkTimestamp(request);
      this.#checkSignature(request, app);
      const user = await this.usableBy(loaded, request.ip);
      if (options.checkRules) checkRules(loaded, request.method, request.path, options.prefix);
      const { credential } = loaded;
      this.deps.usage.add({ id: credential.id, at: this.deps.clock.now() });
      return {
        caller: {
          principal: {
            kind: 'user',
            subjectId: user.id,
            orgId: null,
            platformRoles: user.platformRoles,
            credential: { type: 'consumer_key', id: String(credential.id) },
            scope: null,
          },
          ip: request.ip,
          requestId: request.requestId,
        },
        app: app.app,
        credential,
        rules: loaded.rules,
        user,
      };
    } catch (error) {
      if (error instanceof ApiError) {
        if (GUESSING.has(error.code)) await this.deps.lockouts.fail(bucket);
        this.#recordFailure(request, error, app, loaded);
      }
      throw error;
    }
  }

  async #application(request: SignedRequest): Promise<LoadedApp> {
    const key = request.application;
    const app =
      key !== undefined && isWellFormedKey(key, APP_KEY_LENGTH)
        ? await this.deps.directory.app(key)
        : undefined;
    if (!app || app.app.status === 'blocked' || app.app.status === 'inactive') throw invalidApplication();
    return app;
  }

  async #credential(request: SignedRequest, app: LoadedApp): Promise<LoadedCredential> {
    const key = request.consumer;
    if (key === undefined || key === '') {
      throw new ApiError('auth.required', 'You must login first', {
        reason: 'send X-Ovh-Consumer, X-Ovh-Timestamp and X-Ovh-Signature with each call',
      });
    }
    const loaded = isWellFormedKey(key, CONSUMER_KEY_LENGTH)
      ? await this.deps.directory.credentialByKey(key)
      : undefined;
    // A consumer key of another application is reported exactly as an unknown one.
    if (!loaded || loaded.credential.appId !== app.app.id) {
      throw new ApiError('consumer_key.unknown', 'This credential does not exist');
    }
    return loaded;
  }

  #checkTimestamp(request: SignedRequest): void {
    const text = request.timestamp;
    if (text === undefined || !/^\d{1,12}$/.test(text)) {
      throw new ApiError('consumer_key.invalid_signature', 'Invalid signature', {
        reason: 'X-Ovh-Timestamp must be the UNIX time in seconds, corrected by GET /1.0/auth/time',
      });
    }
    const skew = Number(text) - Math.floor(this.deps.clock.now() / 1000);
    if (Math.abs(skew) > this.deps.timestampWindowSeconds) {
      throw new ApiError('consumer_key.invalid_signature', 'Invalid signature', {
        reason:
          `X-Ovh-Timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} the server clock; at most ` +
          `${this.deps.timestampWindowSeconds} s is allowed. Fetch GET /1.0/auth/time again`,
      });
    }
  }

  #checkSignature(request: SignedRequest, app: LoadedApp): void {
    const urls = candidateUrls({ ...request, publicOrigin: request.publicOrigin ?? this.deps.publicOrigin });
    const ok =
      request.signature !== undefined &&
      signatureMatches(
        request.signature,
        {
          applicationSecret: app.secret,
          consumerKey: request.consumer ?? '',
          method: request.method,
          body: request.body,
          timestamp: request.timestamp ?? '',
        },
        urls,
      );
    if (!ok) {
      throw new ApiError('consumer_key.invalid_signature', 'Invalid signature', {
        reason: `X-Ovh-Signature must be "$1$" + SHA-1 hex of AS+CK+METHOD+URL+BODY+TIMESTAMP, joined by "+", for URL ${urls[0]}`,
      });
    }
  }

  /**
   * Whether the credential may be used now (validated, not expired, its user enabled), from `ip` when given:
   * the user it acts for, or consumer_key.not_valid with the reason. The access checks explain with it too.
   */
  async usableBy(loaded: LoadedCredential, ip: string | null): Promise<User> {
    const { credential } = loaded;
    const state = currentState(credential, this.deps.clock.now());
    if (state !== 'validated') {
      const reason = {
        pendingValidation: 'the user has not validated this consumer key yet: send them to its validationUrl',
        refused: 'the user refused this consumer key; request a new one',
        expired: 'this consumer key has expired or was logged out; request a new one',
        validated: '',
      }[state];
      throw new ApiError('consumer_key.not_valid', 'This credential is not valid', { reason, state });
    }
    if (ip !== null && !loaded.allowedIps.allows(ip)) {
      throw new ApiError('consumer_key.not_valid', 'This credential is not valid', {
        reason: `this consumer key may not be used from ${ip}; its allowedIPs do not include it`,
      });
    }
    const user = credential.userId === null ? undefined : await this.deps.identity.user(credential.userId);
    if (!user || user.disabledAt !== null) {
      throw new ApiError('consumer_key.not_valid', 'This credential is not valid', {
        reason: 'the account that validated this consumer key is disabled',
      });
    }
    return user;
  }

  #recordFailure(
    request: SignedRequest,
    error: ApiError,
    app: LoadedApp | undefined,
    loaded: LoadedCredential | undefined,
  ): void {
    if (error.code === 'auth.required') return;
    const budgetKey = `${error.code}:${loaded ? loaded.credential.id : request.ip}`;
    if (this.#auditBudget.retryAfter(budgetKey) > 0) return;
    this.#auditBudget.hit(budgetKey);
    const now = this.deps.clock.now();
    this.deps.failures.add(
      auditEvent(anonymousCaller(request.ip, request.requestId), now, {
        action: 'consumer_key.refused',
        actor: { kind: 'anonymous', id: request.ip },
        target: loaded
          ? { kind: 'consumer_credential', id: String(loaded.credential.id) }
          : { kind: 'consumer_app', id: app ? String(app.app.id) : 'unknown' },
        details: {
          code: error.code,
          method: request.method,
          path: request.path.split('?')[0]?.slice(0, 200),
          ...(typeof error.details?.reason === 'string' ? { reason: error.details.reason } : {}),
        },
      }),
    );
  }
}

/**
 * Whether an access rule of the credential allows `method` on `target` (relative to `prefix`), or
 * consumer_key.not_granted naming the rule that would. The access checks explain with it too.
 */
export function checkRules(loaded: LoadedCredential, method: string, target: string, prefix: string): void {
  const path = rulePath(target, prefix);
  if (path !== null && loaded.rules.allows(method, path)) return;
  const shown = path ?? target.split('?')[0] ?? target;
  throw new ApiError('consumer_key.not_granted', 'This call has not been granted', {
    missingRule: `${method} ${shown}`,
    reason:
      `no access rule of this consumer key allows ${method} ${shown}; request a new consumer key ` +
      `whose accessRules include {"method":"${method}","path":"${shown}"} or a wider pattern`,
  });
}
