import { auditEvent } from '../audit/service.js';
import type { AuditStore } from '../audit/store.js';
import { authorize } from '../core/authorize.js';
import type { Clock } from '../core/clock.js';
import { ApiError } from '../core/errors.js';
import { newId } from '../core/ids-and-secrets.js';
import type { Caller } from '../core/principal.js';
import { requireRecentAuthentication } from '../core/step-up.js';
import { type AccessStores, resolveOrgAccess } from '../identity/members/access.js';
import { revocationOf } from '../revocations/entries.js';
import type { RevocationStore } from '../revocations/store.js';
import type { InvalidationBus } from '../storage/invalidation.js';
import type { Transactional } from '../storage/transactional.js';
import { type ClientAuthenticationInput, describeKeys, settleClientAuthentication } from './client-keys.js';
import { APP_TOPICS, type AppDirectory } from './directory.js';
import { APP_MANAGERS, findOwned } from './owned.js';
import { isAcceptableChosenSecret, mintClientSecret } from './secrets.js';
import type { OAuthApp, OAuthAppStore } from './store.js';

/** CSP's rotation overlap default: the old secret keeps working for 48 hours. */
export const DEFAULT_ROTATION_OVERLAP = 48 * 3600;

/** The stores AppCredentials reads and writes. */
export interface AppCredentialStores extends AccessStores {
  apps: OAuthAppStore;
  audit: AuditStore;
  revocations: RevocationStore;
}

/** A secret as its app's managers see it: never its value nor its hash. */
export interface AppSecretInfo {
  id: string;
  createdAt: number;
  /** null: the current secret; otherwise a rotated-out one, working until then. */
  expiresAt: number | null;
}

/** A rotation: how long the current secrets keep working, and the new secret if the owner chose it (CSP). */
export interface RotationOptions {
  overlapSeconds?: number | undefined;
  newSecret?: string | undefined;
}

/**
 * How an app authenticates to the token endpoint: its secrets (shown once, stored hashed, regenerated or rotated
 * by owners only) or private_key_jwt with its public keys.
 */
export class AppCredentials {
  constructor(
    private readonly deps: {
      storage: Transactional<AppCredentialStores>;
      clock: Clock;
      bus: InvalidationBus;
      apps: Pick<AppDirectory, 'hashSecret'>;
      /** Keyward's issuer: whether an http jwksUri may be accepted (a development Keyward). */
      issuer: string;
      /** A new secret needs a factor presented this recently (step-up). */
      stepUpWindowSeconds: number;
    },
  ) {}

  /**
   * How the app authenticates (org owners, as for its secrets): its secret, or private_key_jwt with its public
   * keys inline or by URL. Secrets are kept while the app uses private_key_jwt (refused, not deleted), so a
   * switch back works at once; an owner regenerates the secret when the old one must not come back.
   */
  async setClientAuthentication(
    caller: Caller,
    orgId: string,
    appId: string,
    input: ClientAuthenticationInput,
  ): Promise<OAuthApp> {
    const now = this.deps.clock.now();
    const updated = await this.deps.storage.transaction(async (stores) => {
      authorize(await resolveOrgAccess(stores, caller, orgId), { anyOrgRole: ['org_owner'], userOnly: true });
      const current = await findOwned(stores, orgId, appId);
      const next: OAuthApp = {
        ...current,
        ...(await settleClientAuthentication(current.type, input, this.deps.issuer)),
        updatedAt: now,
      };
      await stores.apps.update(next);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'app.client_authentication_changed',
          orgId,
          target: { kind: 'app', id: appId },
          details: {
            tokenEndpointAuthMethod: next.tokenEndpointAuthMethod,
            previousMethod: current.tokenEndpointAuthMethod,
            ...(await describeClientKeys(next)),
          },
        }),
      ]);
      return next;
    });
    await this.deps.bus.publish(APP_TOPICS.app, appId);
    return updated;
  }

  /**
   * The secrets that work now, newest first, never their values: the current one, and during a rotation the
   * previous ones with the time they stop working (owners, admins, developers).
   */
  async secrets(caller: Caller, orgId: string, appId: string): Promise<AppSecretInfo[]> {
    const { stores } = this.deps.storage;
    authorize(await resolveOrgAccess(stores, caller, orgId), { anyOrgRole: APP_MANAGERS });
    const app = await findOwned(stores, orgId, appId);
    if (app.type === 'native') {
      throw new ApiError('app.public_client', 'a native app is a public client: it has no secret');
    }
    const live = await stores.apps.liveSecrets(appId, this.deps.clock.now());
    return live.map((secret) => ({
      id: secret.id,
      createdAt: secret.createdAt,
      expiresAt: secret.expiresAt,
    }));
  }

  /** A new secret; every previous one stops working at once (org owners). */
  async regenerateSecret(caller: Caller, orgId: string, appId: string): Promise<string> {
    this.#requireStepUp(caller, 'a new app secret');
    return this.#changeSecret(caller, orgId, appId, 'app.secret_regenerated', async (stores, now) => {
      const secret = mintClientSecret();
      const id = await this.insertSecret(stores, appId, now, secret);
      await stores.apps.deleteSecretsExcept(appId, id);
      await stores.revocations.append([revocationOf(appTarget(appId), now, 'app secret regenerated')]);
      return secret;
    });
  }

  /**
   * A new secret while the current ones keep working for `overlapSeconds` more (48 h by default), so clients can
   * be switched without downtime (org owners). CSP lets the owner choose the new secret.
   */
  async rotateSecret(
    caller: Caller,
    orgId: string,
    appId: string,
    options: RotationOptions = {},
  ): Promise<string> {
    this.#requireStepUp(caller, 'a new app secret');
    const overlap = options.overlapSeconds ?? DEFAULT_ROTATION_OVERLAP;
    if (overlap < 0 || overlap > 30 * 86400) {
      throw new ApiError('request.invalid', 'the rotation overlap is between 0 seconds and 30 days');
    }
    if (options.newSecret !== undefined && !isAcceptableChosenSecret(options.newSecret)) {
      throw new ApiError(
        'request.invalid',
        'a chosen secret needs 8 to 256 characters with a lower-case and an upper-case letter, a digit and a symbol',
      );
    }
    return this.#changeSecret(caller, orgId, appId, 'app.secret_rotated', async (stores, now) => {
      await stores.apps.expireCurrentSecrets(appId, now + overlap * 1000);
      const secret = options.newSecret ?? mintClientSecret();
      await this.insertSecret(stores, appId, now, secret);
      return secret;
    });
  }

  /** Ends a rotation now: only the newest secret keeps working (org owners). */
  async endRotation(caller: Caller, orgId: string, appId: string): Promise<void> {
    await this.#changeSecret(caller, orgId, appId, 'app.secret_rotation_ended', async (stores, now) => {
      const [newest] = await stores.apps.liveSecrets(appId, now);
      if (newest) await stores.apps.deleteSecretsExcept(appId, newest.id);
      // Tokens do not say which secret minted them: every client_credentials token from before the end goes,
      // and a client switched to the new secret simply gets a new one.
      await stores.revocations.append([revocationOf(appTarget(appId), now, 'app secret rotation ended')]);
      return '';
    });
  }

  #requireStepUp(caller: Caller, action: string): void {
    requireRecentAuthentication(caller, this.deps.clock.now(), this.deps.stepUpWindowSeconds, action);
  }

  async #changeSecret(
    caller: Caller,
    orgId: string,
    appId: string,
    action: string,
    change: (stores: AppCredentialStores, now: number) => Promise<string>,
  ): Promise<string> {
    const now = this.deps.clock.now();
    const secret = await this.deps.storage.transaction(async (stores) => {
      authorize(await resolveOrgAccess(stores, caller, orgId), { anyOrgRole: ['org_owner'], userOnly: true });
      const app = await findOwned(stores, orgId, appId);
      if (app.type === 'native') {
        throw new ApiError(
          'app.public_client',
          'a native app is a public client: it has no secret to regenerate',
        );
      }
      const value = await change(stores, now);
      await stores.audit.insert([
        auditEvent(caller, now, { action, orgId, target: { kind: 'app', id: appId } }),
      ]);
      return value;
    });
    await this.deps.bus.publish(APP_TOPICS.app, appId);
    return secret;
  }

  /** Stores a new secret of the app, by its hash; answers its id. */
  async insertSecret(
    stores: AppCredentialStores,
    appId: string,
    now: number,
    secret: string,
  ): Promise<string> {
    const id = newId();
    await stores.apps.insertSecret({
      id,
      appId,
      secretHash: this.deps.apps.hashSecret(secret),
      createdAt: now,
      expiresAt: null,
    });
    return id;
  }
}

/** The audit trail's record of an app's keys: where they are published, or which ones are registered. */
export async function describeClientKeys(app: OAuthApp): Promise<Record<string, unknown>> {
  if (app.jwksUri !== null) return { jwksUri: app.jwksUri };
  return app.jwks === null ? {} : { keys: await describeKeys(app.jwks) };
}

const appTarget = (appId: string) => ({ kind: 'credential', type: 'client', id: appId }) as const;
