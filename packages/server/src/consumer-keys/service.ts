import { auditEvent } from '../audit/service.js';
import type { AuditStore } from '../audit/store.js';
import { requireUser } from '../core/authorize.js';
import type { Clock } from '../core/clock.js';
import { ApiError } from '../core/errors.js';
import type { Caller } from '../core/principal.js';
import type { ServerKey } from '../core/server-key.js';
import { revocationOf } from '../revocations/entries.js';
import type { RevocationStore } from '../revocations/store.js';
import type { InvalidationBus } from '../storage/invalidation.js';
import type { Transactional } from '../storage/transactional.js';
import { CONSUMER_KEY_TOPICS } from './directory.js';
import { appSecretContext, mintAppKey, mintAppSecret, newNumericId } from './format.js';
import { normalizeIpBlocks } from './ip-blocks.js';
import { type CredentialView, credentialNotFound, PERSONAL, viewOf, withFreshIds } from './shared.js';
import type { ConsumerApp, ConsumerCredential, ConsumerKeyStore, CredentialState } from './store.js';

/** The stores ConsumerKeyService reads and writes. */
export interface ConsumerKeyServiceStores {
  consumerKeys: ConsumerKeyStore;
  audit: AuditStore;
  revocations: RevocationStore;
}

export const NAME_MAX = 100;
export const DESCRIPTION_MAX = 1000;
const MAX_APPS_PER_USER = 100;

/**
 * OVH-style delegated access (docs/ovh-consumer-keys.md): a developer's applications (AK public,
 * AS sealed) and the consumer keys given to them; the consumer keys a user granted to anyone's applications.
 * How a key is asked for and granted is in requests.ts; how a signed call is checked, in verifier.ts.
 */
export class ConsumerKeyService {
  constructor(
    private readonly deps: {
      storage: Transactional<ConsumerKeyServiceStores>;
      clock: Clock;
      serverKey: ServerKey;
      bus: InvalidationBus;
      /** Last-use stamps not yet written (the verifier's batch), so a view shows the latest use. */
      pendingUse: (id: number) => number | undefined;
    },
  ) {}

  // Applications

  /** Registers an application for the caller; the secret is returned this once. */
  async createApp(
    caller: Caller,
    input: { name: string; description: string },
  ): Promise<{ app: ConsumerApp; applicationSecret: string }> {
    requireUser(caller, PERSONAL);
    const name = input.name.trim();
    const description = input.description.trim();
    if (name.length === 0 || name.length > NAME_MAX) {
      throw new ApiError('request.invalid', `name must be 1 to ${NAME_MAX} characters`);
    }
    if (description.length > DESCRIPTION_MAX) {
      throw new ApiError('request.invalid', `description must be at most ${DESCRIPTION_MAX} characters`);
    }
    const now = this.deps.clock.now();
    const ownerUserId = caller.principal.subjectId;
    const applicationSecret = mintAppSecret();
    const app = await withFreshIds(async () => {
      const id = newNumericId();
      const candidate: ConsumerApp = {
        id,
        appKey: mintAppKey(),
        secretEnc: this.deps.serverKey.encrypt(applicationSecret, appSecretContext(id)),
        ownerUserId,
        name,
        description,
        status: 'active',
        createdAt: now,
      };
      await this.deps.storage.transaction(async (stores) => {
        if ((await stores.consumerKeys.listAppsOf(ownerUserId)).length >= MAX_APPS_PER_USER) {
          throw new ApiError(
            'request.invalid',
            `you already have ${MAX_APPS_PER_USER} applications; delete one you no longer use first`,
          );
        }
        await stores.consumerKeys.insertApp(candidate);
        await stores.audit.insert([
          auditEvent(caller, now, {
            action: 'consumer_app.created',
            target: { kind: 'consumer_app', id: String(id) },
            details: { name, applicationKey: candidate.appKey },
          }),
        ]);
      });
      return candidate;
    });
    return { app, applicationSecret };
  }

  async listMyApps(caller: Caller): Promise<ConsumerApp[]> {
    requireUser(caller, PERSONAL);
    return this.deps.storage.stores.consumerKeys.listAppsOf(caller.principal.subjectId);
  }

  async getMyApp(caller: Caller, id: number): Promise<ConsumerApp> {
    requireUser(caller, PERSONAL);
    return ownApp(this.deps.storage.stores, caller, id);
  }

  /** Deletes one of the caller's applications and every credential given to it. */
  async deleteMyApp(caller: Caller, id: number): Promise<void> {
    requireUser(caller, PERSONAL);
    const now = this.deps.clock.now();
    const { app, credentialIds } = await this.deps.storage.transaction(async (stores) => {
      const app = await ownApp(stores, caller, id);
      const credentials = await stores.consumerKeys.listCredentialsOfApp(id);
      await stores.consumerKeys.deleteApp(id);
      await stores.revocations.append(
        credentials.map((credential) =>
          revocationOf(consumerKeyTarget(credential.id), now, 'consumer key revoked: application deleted'),
        ),
      );
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'consumer_app.deleted',
          target: { kind: 'consumer_app', id: String(id) },
          details: { name: app.name, credentialsRevoked: credentials.length },
        }),
      ]);
      return { app, credentialIds: credentials.map((credential) => credential.id) };
    });
    await this.deps.bus.publish(CONSUMER_KEY_TOPICS.app, app.appKey);
    for (const credentialId of credentialIds) {
      await this.deps.bus.publish(CONSUMER_KEY_TOPICS.credential, String(credentialId));
    }
  }

  /** Every credential requested by one of the caller's applications, pending ones included. */
  async listCredentialsOfMyApp(caller: Caller, appId: number): Promise<CredentialView[]> {
    requireUser(caller, PERSONAL);
    const { stores } = this.deps.storage;
    await ownApp(stores, caller, appId);
    const now = this.deps.clock.now();
    return (await stores.consumerKeys.listCredentialsOfApp(appId)).map((credential) =>
      this.#view(credential, now),
    );
  }

  /** The owner of an application withdraws one of its credentials (e.g. a leaked CK). */
  async revokeCredentialOfMyApp(caller: Caller, appId: number, credentialId: number): Promise<void> {
    requireUser(caller, PERSONAL);
    await this.#deleteCredential(caller, async (stores) => {
      await ownApp(stores, caller, appId);
      const credential = await stores.consumerKeys.findCredential(credentialId);
      if (!credential || credential.appId !== appId) throw credentialNotFound(credentialId);
      return credential;
    });
  }

  // The credentials a user granted (OVH /me/api/credential, the console)

  async listGranted(
    caller: Caller,
    filter: { applicationId?: number | undefined; status?: CredentialState | undefined } = {},
  ): Promise<CredentialView[]> {
    requireUser(caller, PERSONAL);
    const now = this.deps.clock.now();
    const credentials = await this.deps.storage.stores.consumerKeys.listCredentialsGrantedBy(
      caller.principal.subjectId,
      filter.applicationId === undefined ? {} : { appId: filter.applicationId },
    );
    // Filter on the state each credential has now, so one whose validity elapsed lists as expired.
    return credentials
      .map((credential) => this.#view(credential, now))
      .filter((credential) => filter.status === undefined || credential.status === filter.status);
  }

  async getGranted(caller: Caller, id: number): Promise<CredentialView> {
    requireUser(caller, PERSONAL);
    return this.#view(await grantedBy(this.deps.storage.stores, caller, id), this.deps.clock.now());
  }

  /** The application a credential the caller granted belongs to (any owner's; never its secret). */
  async applicationOfGranted(caller: Caller, id: number): Promise<ConsumerApp> {
    requireUser(caller, PERSONAL);
    const { stores } = this.deps.storage;
    const credential = await grantedBy(stores, caller, id);
    const app = await stores.consumerKeys.findApp(credential.appId);
    if (!app) throw credentialNotFound(id);
    return app;
  }

  /**
   * The applications of credentials the caller was shown (any owner's; never their secrets), read in one query;
   * an application deleted meanwhile is missing from the answer.
   */
  async applicationsOf(credentials: readonly CredentialView[]): Promise<ConsumerApp[]> {
    const appIds = [...new Set(credentials.map((credential) => credential.appId))];
    return this.deps.storage.stores.consumerKeys.findApps(appIds);
  }

  async revokeGranted(caller: Caller, id: number): Promise<void> {
    requireUser(caller, PERSONAL);
    await this.#deleteCredential(caller, (stores) => grantedBy(stores, caller, id));
  }

  /** Sets or clears (null) the address blocks a credential the caller granted may be used from. */
  async setAllowedIps(
    caller: Caller,
    id: number,
    allowedIps: readonly string[] | null,
  ): Promise<CredentialView> {
    requireUser(caller, PERSONAL);
    const now = this.deps.clock.now();
    const updated = await this.deps.storage.transaction(async (stores) => {
      // Whose credential first: a stranger's id is not found, whatever addresses come with it.
      const credential = await grantedBy(stores, caller, id);
      let blocks: string[] | null = null;
      if (allowedIps !== null) {
        const normalized = normalizeIpBlocks(allowedIps);
        if (normalized.problems.length > 0) {
          throw new ApiError('request.invalid', normalized.problems.join('; '), {
            problems: normalized.problems,
          });
        }
        blocks = normalized.blocks;
      }
      await stores.consumerKeys.setAllowedIps(id, blocks);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'consumer_credential.allowed_ips_changed',
          target: { kind: 'consumer_credential', id: String(id) },
          details: { applicationId: credential.appId, from: credential.allowedIps, to: blocks },
        }),
      ]);
      return { ...credential, allowedIps: blocks };
    });
    await this.deps.bus.publish(CONSUMER_KEY_TOPICS.credential, String(id));
    return this.#view(updated, now);
  }

  /** `POST /auth/logout`: the application ends the credential it signed with. */
  async logout(caller: Caller, credentialId: number): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.storage.transaction(async (stores) => {
      const credential = await stores.consumerKeys.findCredential(credentialId);
      if (!credential) return;
      await stores.consumerKeys.expire(credentialId, now);
      await stores.revocations.append([
        revocationOf(consumerKeyTarget(credentialId), now, 'consumer key logged out'),
      ]);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'consumer_credential.logged_out',
          target: { kind: 'consumer_credential', id: String(credentialId) },
          details: { applicationId: credential.appId },
        }),
      ]);
    });
    await this.deps.bus.publish(CONSUMER_KEY_TOPICS.credential, String(credentialId));
  }

  // Helpers

  #view(credential: ConsumerCredential, now: number): CredentialView {
    return viewOf(credential, now, this.deps.pendingUse(credential.id));
  }

  async #deleteCredential(
    caller: Caller,
    find: (stores: ConsumerKeyServiceStores) => Promise<ConsumerCredential>,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const id = await this.deps.storage.transaction(async (stores) => {
      const credential = await find(stores);
      await stores.consumerKeys.deleteCredential(credential.id);
      await stores.revocations.append([
        revocationOf(consumerKeyTarget(credential.id), now, 'consumer key revoked'),
      ]);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'consumer_credential.revoked',
          target: { kind: 'consumer_credential', id: String(credential.id) },
          details: { applicationId: credential.appId, grantedBy: credential.userId },
        }),
      ]);
      return credential.id;
    });
    await this.deps.bus.publish(CONSUMER_KEY_TOPICS.credential, String(id));
  }
}

const consumerKeyTarget = (id: number) =>
  ({ kind: 'credential', type: 'consumer_key', id: String(id) }) as const;

async function ownApp(stores: ConsumerKeyServiceStores, caller: Caller, id: number): Promise<ConsumerApp> {
  const app = await stores.consumerKeys.findApp(id);
  if (!app || app.ownerUserId !== caller.principal.subjectId) {
    throw new ApiError(
      'consumer_app.not_found',
      `you own no application ${id}; GET /api/v1/me/consumer-apps lists yours`,
    );
  }
  return app;
}

async function grantedBy(
  stores: ConsumerKeyServiceStores,
  caller: Caller,
  id: number,
): Promise<ConsumerCredential> {
  const credential = await stores.consumerKeys.findCredential(id);
  if (!credential || credential.userId !== caller.principal.subjectId) throw credentialNotFound(id);
  return credential;
}
