import { DEVICE_CODE_GRANT, type OAuthApp } from '../../apps/store.js';
import { auditEvent } from '../../audit/service.js';
import { MINUTE } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import { mintChecksummedSecret, newId } from '../../core/ids-and-secrets.js';
import type { Caller } from '../../core/principal.js';
import type { RateLimiter, RateLimitRule } from '../../core/rate-limiter.js';
import { rememberConsent } from '../authorize/steps.js';
import type { OAuthProvider, ProviderDeps } from '../provider.js';
import type { GrantScope } from '../store.js';
import type { DeviceAuthorization } from './store.js';
import { formatUserCode, newUserCode, normalizeUserCode } from './user-code.js';

/** RFC 8628 §3.2: how long the user has to enter the code; 10 minutes, as the RFC's examples. */
export const DEVICE_CODE_TTL_SECONDS = 600;
/** RFC 8628 §3.2: the default (and least) interval between polls. */
export const POLL_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: what slow_down adds to the interval, for this poll and every later one. */
export const SLOW_DOWN_SECONDS = 5;
/** The verification page (RFC 8628 §3.3), relative to the issuer. */
export const VERIFICATION_PATH = '/device';

/** Device codes look like refresh tokens (`kwd` + 56 + checksum): scanners find them, typos cost nothing. */
const DEVICE_CODE_PREFIX = 'kwd';
const DEVICE_CODE_RANDOM_LENGTH = 56;
/** RFC 8628 §5.1: wrong user codes are limited per signed-in user and per address, on every node alike. */
const WRONG_CODES_PER_USER: RateLimitRule = { limit: 10, windowSeconds: (15 * MINUTE) / 1000 };
const WRONG_CODES_PER_IP: RateLimitRule = { limit: 30, windowSeconds: (15 * MINUTE) / 1000 };

/** RFC 8628 §3.2 device authorization response, before the endpoint spells it. */
export interface StartedDeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresIn: number;
  interval: number;
}

/** What a typed user code leads to: an authorization waiting for its answer, or why not. */
export type UserCodeLookup =
  | { kind: 'pending'; authorization: DeviceAuthorization; app: OAuthApp; userCode: string }
  | { kind: 'unknown' | 'expired' | 'answered' };

/**
 * The device authorization grant (RFC 8628) apart from HTTP: a device starts an authorization, the user finds
 * it by its user code on the verification page and approves or denies it in one of their orgs. The device's
 * polling is the token grant in grants/device-code.ts.
 */
export class DeviceFlow {
  constructor(
    private readonly deps: Pick<ProviderDeps, 'storage' | 'clock' | 'apps' | 'identity' | 'auditBuffer'> & {
      provider: OAuthProvider;
      limiter: RateLimiter;
      issuer: string;
    },
  ) {}

  /** A new authorization for `scope` (already validated for the app), with a device code and a free user code. */
  async start(app: OAuthApp, scope: GrantScope): Promise<StartedDeviceAuthorization> {
    const { provider } = this.deps;
    const { storage, clock } = this.deps;
    const deviceCode = mintChecksummedSecret(DEVICE_CODE_PREFIX, DEVICE_CODE_RANDOM_LENGTH);
    const now = clock.now();
    // A user code still in the table (live or not yet cleaned up) cannot be drawn again; draw another.
    for (let attempt = 0; attempt < 5; attempt++) {
      const userCode = newUserCode();
      const inserted = await storage.stores.deviceAuthorizations.insert({
        id: newId(),
        deviceCodeHash: provider.hash('device_code', deviceCode),
        userCodeHash: provider.hash('user_code', userCode),
        appId: app.id,
        scope,
        createdAt: now,
        expiresAt: now + DEVICE_CODE_TTL_SECONDS * 1000,
        intervalSeconds: POLL_INTERVAL_SECONDS,
        lastPolledAt: null,
        decision: null,
        decidedAt: null,
        userId: null,
        orgId: null,
        familyId: null,
        redeemedAt: null,
      });
      if (inserted) {
        const shown = formatUserCode(userCode);
        const verificationUri = `${this.deps.issuer}${VERIFICATION_PATH}`;
        return {
          deviceCode,
          userCode: shown,
          verificationUri,
          verificationUriComplete: `${verificationUri}?user_code=${shown}`,
          expiresIn: DEVICE_CODE_TTL_SECONDS,
          interval: POLL_INTERVAL_SECONDS,
        };
      }
    }
    throw new Error('no free user code after 5 draws');
  }

  /** The authorization a device code names, by its hash: what the device's polls ask about. */
  async findByDeviceCode(deviceCode: string): Promise<DeviceAuthorization | undefined> {
    return this.deps.storage.stores.deviceAuthorizations.findByDeviceCode(
      this.deps.provider.hash('device_code', deviceCode),
    );
  }

  /** Records a poll, and the interval the device must keep from now on (grown by slow_down). */
  async recordPoll(id: string, at: number, intervalSeconds: number): Promise<void> {
    await this.deps.storage.stores.deviceAuthorizations.recordPoll(id, at, intervalSeconds);
  }

  /**
   * The authorization a signed-in user's typed code names. Codes that name none count against the user and
   * the address (RFC 8628 §5.1); past the limit, auth.rate_limited says when to try again, whatever was typed.
   */
  async lookUp(caller: Caller, typed: string): Promise<UserCodeLookup> {
    const { provider, limiter } = this.deps;
    const keys = [
      { key: `user_code:user:${caller.principal.subjectId}`, rule: WRONG_CODES_PER_USER },
      { key: `user_code:ip:${caller.ip ?? 'unknown'}`, rule: WRONG_CODES_PER_IP },
    ];
    for (const { key, rule } of keys) {
      const wait = await limiter.retryAfter(key, rule);
      if (wait > 0) {
        throw new ApiError(
          'auth.rate_limited',
          `too many wrong codes; try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}`,
          { retryAfterSeconds: wait },
          { 'retry-after': String(wait) },
        );
      }
    }
    const code = normalizeUserCode(typed);
    const found =
      code === undefined
        ? undefined
        : await this.deps.storage.stores.deviceAuthorizations.findByUserCode(
            provider.hash('user_code', code),
          );
    if (!found || code === undefined) {
      for (const { key, rule } of keys) await limiter.hit(key, rule);
      this.deps.auditBuffer.add(
        auditEvent(caller, this.deps.clock.now(), {
          action: 'oauth.user_code_refused',
          target: { kind: 'user', id: caller.principal.subjectId },
        }),
      );
      return { kind: 'unknown' };
    }
    if (found.decision !== null) return { kind: 'answered' };
    const app = await this.deps.apps.app(found.appId);
    if (found.expiresAt <= this.deps.clock.now() || !app?.grantTypes.includes(DEVICE_CODE_GRANT)) {
      return { kind: 'expired' };
    }
    return { kind: 'pending', authorization: found, app, userCode: formatUserCode(code) };
  }

  /**
   * The user approves in `orgId`, one of theirs: a grant family opens (as a code's does), the authorization
   * records it, and the consent is remembered and audited, all in one transaction. Answers what the lookup
   * found when it was not pending, or `answered` when another tab answered first.
   */
  async approve(
    caller: Caller,
    typed: string,
    input: { orgId: string; authTime: number; amr?: readonly string[] },
  ): Promise<UserCodeLookup> {
    const found = await this.#pendingInOrg(caller, typed, input.orgId);
    if (found.kind !== 'pending') return found;
    const { provider } = this.deps;
    const { authorization, app } = found;
    const now = this.deps.clock.now();
    const family = provider.newFamily(app, {
      userId: caller.principal.subjectId,
      orgId: input.orgId,
      scope: authorization.scope,
      authTime: input.authTime,
      ...(input.amr ? { amr: input.amr } : {}),
    });
    const decided = await this.deps.storage.transaction(async (stores) => {
      await stores.oauth.insertFamily(family);
      const answered = await stores.deviceAuthorizations.decide(authorization.id, {
        decision: 'approved',
        at: now,
        userId: caller.principal.subjectId,
        orgId: input.orgId,
        familyId: family.id,
      });
      if (!answered) return false;
      await rememberConsent(
        stores,
        caller,
        now,
        { app, orgId: input.orgId, scope: authorization.scope },
        { flow: 'device', deviceAuthorizationId: authorization.id },
      );
      return true;
    });
    // Nothing was written when another answer came first (the transaction rolled back with the family).
    return decided ? found : { kind: 'answered' };
  }

  /** The user denies: the device's next poll gets access_denied (RFC 8628 §3.5). Audited. */
  async deny(caller: Caller, typed: string, orgId: string): Promise<UserCodeLookup> {
    const found = await this.#pendingInOrg(caller, typed, orgId);
    if (found.kind !== 'pending') return found;
    const now = this.deps.clock.now();
    const decided = await this.deps.storage.transaction(async (stores) => {
      const answered = await stores.deviceAuthorizations.decide(found.authorization.id, {
        decision: 'denied',
        at: now,
        userId: caller.principal.subjectId,
        orgId,
        familyId: null,
      });
      if (answered) {
        await stores.audit.insert([
          auditEvent(caller, now, {
            action: 'oauth.device_denied',
            orgId,
            target: { kind: 'app', id: found.app.id },
            details: { deviceAuthorizationId: found.authorization.id },
          }),
        ]);
      }
      return answered;
    });
    return decided ? found : { kind: 'answered' };
  }

  async #pendingInOrg(caller: Caller, typed: string, orgId: string): Promise<UserCodeLookup> {
    const membership = await this.deps.identity.membership(orgId, caller.principal.subjectId);
    if (!membership) {
      throw new ApiError('auth.forbidden', `you are not a member of organization ${orgId}`);
    }
    return this.lookUp(caller, typed);
  }
}
