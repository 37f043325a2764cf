import { auditEvent } from '../audit/service.js';
import type { AuditStore } from '../audit/store.js';
import { requireUser } from '../core/authorize.js';
import { type Clock, DAY } from '../core/clock.js';
import { ApiError } from '../core/errors.js';
import type { Caller } from '../core/principal.js';
import type { RateLimiter } from '../core/rate-limiter.js';
import type { ServerKey } from '../core/server-key.js';
import type { User, UserStore } from '../identity/users/store.js';
import type { InvalidationBus } from '../storage/invalidation.js';
import type { Transactional } from '../storage/transactional.js';
import { CONSUMER_KEY_TOPICS, type ConsumerKeyDirectory } from './directory.js';
import {
  APP_KEY_LENGTH,
  isWellFormedKey,
  mintConsumerKey,
  mintValidationToken,
  newNumericId,
  VALIDATION_TOKEN_HASH_PURPOSE,
  VALIDATION_TOKEN_LENGTH,
} from './format.js';
import { normalizeIpBlocks } from './ip-blocks.js';
import { normalizeRules } from './rules.js';
import { invalidApplication, type Origin, PERSONAL, withFreshIds } from './shared.js';
import type { ConsumerApp, ConsumerCredential, ConsumerKeyStore } from './store.js';

/** The stores CredentialRequests reads and writes. */
export interface CredentialRequestStores {
  consumerKeys: ConsumerKeyStore;
  users: UserStore;
  audit: AuditStore;
}

/** How long a validation link stays usable if nobody answers it (then the request is expired). */
export const VALIDATION_LINK_TTL_MS = DAY;

/** The validity choices of the validation page, in seconds; null is unlimited. One day is the default. */
export const VALIDITY_CHOICES: readonly { seconds: number | null; label: string }[] = [
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '1 day' },
  { seconds: 7 * 86_400, label: '1 week' },
  { seconds: 30 * 86_400, label: '1 month' },
  { seconds: null, label: 'Unlimited' },
];
export const DEFAULT_VALIDITY_SECONDS = 86_400;

export interface CredentialRequestInput {
  accessRules: readonly { method: string; path: string }[];
  redirection?: string | null | undefined;
  allowedIPs?: readonly string[] | null | undefined;
}

export interface CredentialRequestResult {
  state: 'pendingValidation';
  consumerKey: string;
  validationUrl: string;
}

/** What the validation page shows. */
export interface PendingRequest {
  credential: ConsumerCredential;
  app: ConsumerApp;
  owner: Pick<User, 'name' | 'email'>;
}

const REDIRECTION_MAX = 2048;

/**
 * How an application gets a consumer key (docs/wire/ovh.md#credential-request): it asks with rules and
 * receives the key at once, pending; a signed-in user answers the validation link once, within 24 hours.
 */
export class CredentialRequests {
  constructor(
    private readonly deps: {
      storage: Transactional<CredentialRequestStores>;
      clock: Clock;
      serverKey: ServerKey;
      directory: ConsumerKeyDirectory;
      bus: InvalidationBus;
      limiter: RateLimiter;
      issuer: string;
      credentialRequestsPerHour: number;
    },
  ) {}

  /**
   * `POST /auth/credential`: an application asks for a consumer key. The key is returned at once, pending
   * until a user validates it at `validationUrl`. Limited per application key.
   */
  async requestCredential(
    appKey: string | undefined,
    input: CredentialRequestInput,
    origin: Origin,
  ): Promise<CredentialRequestResult> {
    const loaded =
      appKey && isWellFormedKey(appKey, APP_KEY_LENGTH) ? await this.deps.directory.app(appKey) : undefined;
    if (!loaded || loaded.app.status === 'blocked' || loaded.app.status === 'inactive') {
      throw invalidApplication();
    }
    const { app } = loaded;
    const { rules, problems } = normalizeRules(input.accessRules);
    let allowedIps: string[] | null = null;
    if (input.allowedIPs !== undefined && input.allowedIPs !== null) {
      const ips = normalizeIpBlocks(input.allowedIPs);
      problems.push(...ips.problems);
      allowedIps = ips.blocks;
    }
    const redirection = checkRedirection(input.redirection, problems);
    if (problems.length > 0) {
      throw new ApiError('request.invalid', problems.join('; '), { problems });
    }

    const limitKey = `consumer_credential_request:${app.id}`;
    const rule = { limit: this.deps.credentialRequestsPerHour, windowSeconds: 3600 };
    const wait = await this.deps.limiter.retryAfter(limitKey, rule);
    if (wait > 0) {
      throw new ApiError(
        'auth.rate_limited',
        `application ${app.id} has made ${rule.limit} credential requests this hour; retry in ${wait} s`,
        { retryAfterSeconds: wait },
        { 'retry-after': String(wait) },
      );
    }
    await this.deps.limiter.hit(limitKey, rule);

    const now = this.deps.clock.now();
    const consumerKey = mintConsumerKey();
    const token = mintValidationToken();
    await withFreshIds(async () => {
      const candidate: ConsumerCredential = {
        id: newNumericId(),
        appId: app.id,
        keyHash: this.deps.directory.hashOf(consumerKey),
        userId: null,
        rules,
        state: 'pendingValidation',
        validationTokenHash: this.#tokenHash(token),
        validationExpiresAt: now + VALIDATION_LINK_TTL_MS,
        redirection,
        allowedIps,
        createdAt: now,
        validatedAt: null,
        expiresAt: null,
        lastUsedAt: null,
      };
      await this.deps.storage.transaction(async (stores) => {
        await stores.consumerKeys.insertCredential(candidate);
        await stores.audit.insert([
          auditEvent({ principal: appPrincipal(app), ...origin }, now, {
            action: 'consumer_credential.requested',
            target: { kind: 'consumer_credential', id: String(candidate.id) },
            details: { applicationId: app.id, rules, allowedIPs: allowedIps, redirection },
          }),
        ]);
      });
      return candidate;
    });
    return {
      state: 'pendingValidation',
      consumerKey,
      validationUrl: `${this.deps.issuer}/auth/?credentialToken=${encodeURIComponent(token)}`,
    };
  }

  /** The request behind a validation link, for the page; throws when the link is unknown, used or expired. */
  async pendingRequest(token: string): Promise<PendingRequest> {
    const { stores } = this.deps.storage;
    const credential = await this.#pendingCredential(stores, token);
    const app = await stores.consumerKeys.findApp(credential.appId);
    if (!app) throw requestNotFound('the application that asked for it was deleted');
    const owner = await stores.users.findById(app.ownerUserId);
    return {
      credential,
      app,
      owner: { name: owner?.name ?? 'a deleted account', email: owner?.email ?? '' },
    };
  }

  /**
   * The signed-in user answers a validation link: `validitySeconds` null is unlimited. Single use: a second
   * answer, or one after 24 hours, is refused. Returns where to send the browser next.
   */
  async decide(
    caller: Caller,
    token: string,
    decision: { approve: boolean; validitySeconds: number | null },
  ): Promise<{ credential: ConsumerCredential; app: ConsumerApp }> {
    requireUser(caller, PERSONAL);
    if (
      decision.validitySeconds !== null &&
      !VALIDITY_CHOICES.some((c) => c.seconds === decision.validitySeconds)
    ) {
      throw new ApiError(
        'request.invalid',
        `validity must be one of ${VALIDITY_CHOICES.map((c) => c.seconds ?? 'unlimited').join(', ')}`,
      );
    }
    const now = this.deps.clock.now();
    const userId = caller.principal.subjectId;
    const result = await this.deps.storage.transaction(async (stores) => {
      const credential = await this.#pendingCredential(stores, token);
      const app = await stores.consumerKeys.findApp(credential.appId);
      if (!app) throw requestNotFound('the application that asked for it was deleted');
      const state = decision.approve ? 'validated' : 'refused';
      const expiresAt =
        decision.approve && decision.validitySeconds !== null ? now + decision.validitySeconds * 1000 : null;
      if (!(await stores.consumerKeys.decide(credential.id, { state, userId, at: now, expiresAt }))) {
        throw requestNotFound('it was answered a moment ago');
      }
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: decision.approve ? 'consumer_credential.validated' : 'consumer_credential.refused',
          target: { kind: 'consumer_credential', id: String(credential.id) },
          details: {
            applicationId: app.id,
            applicationName: app.name,
            rules: credential.rules,
            ...(decision.approve ? { validitySeconds: decision.validitySeconds } : {}),
          },
        }),
      ]);
      const decided: ConsumerCredential = {
        ...credential,
        state,
        userId,
        validatedAt: decision.approve ? now : null,
        expiresAt,
        validationTokenHash: null,
      };
      return { credential: decided, app };
    });
    await this.deps.bus.publish(CONSUMER_KEY_TOPICS.credential, String(result.credential.id));
    return result;
  }

  #tokenHash(token: string): string {
    return this.deps.serverKey.hashSecret(VALIDATION_TOKEN_HASH_PURPOSE, token);
  }

  async #pendingCredential(stores: CredentialRequestStores, token: string): Promise<ConsumerCredential> {
    if (!isWellFormedKey(token, VALIDATION_TOKEN_LENGTH))
      throw requestNotFound('it is not a validation token');
    const credential = await stores.consumerKeys.findCredentialByValidationToken(this.#tokenHash(token));
    if (credential?.state !== 'pendingValidation') {
      throw requestNotFound('it was already used or never existed');
    }
    if (credential.validationExpiresAt <= this.deps.clock.now()) {
      throw requestNotFound('it expired 24 hours after the application asked');
    }
    return credential;
  }
}

function checkRedirection(value: string | null | undefined, problems: string[]): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (value.length > REDIRECTION_MAX) {
    problems.push(`redirection is longer than ${REDIRECTION_MAX} characters`);
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push('redirection must be an absolute http(s) URL, e.g. https://app.example.com/callback');
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`redirection must use http or https, not ${url.protocol.replace(':', '')}`);
    return null;
  }
  if (url.username !== '' || url.password !== '') {
    problems.push('redirection must not contain a user name or password');
    return null;
  }
  // Kept as sent (the browser returns to that URL, docs/wire/ovh.md#validation) unless a character could not
  // travel in a Location header (non-ASCII, spaces, controls): then as the browser would write it.
  return /^[\x21-\x7e]*$/.test(value) ? value : url.href;
}

function appPrincipal(app: ConsumerApp): Caller['principal'] {
  return {
    kind: 'app',
    subjectId: `consumer_app:${app.id}`,
    orgId: null,
    platformRoles: [],
    credential: { type: 'consumer_key', id: String(app.id) },
    scope: null,
  };
}

function requestNotFound(why: string): ApiError {
  return new ApiError(
    'consumer_credential.request_not_found',
    `this validation link cannot be used: ${why}. Ask the application to request access again`,
  );
}
