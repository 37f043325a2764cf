import { createOrgPolicyStore, type OrgPolicyStore } from './api-tokens/policy-store.js';
import { type ApiTokenStore, createApiTokenStore } from './api-tokens/store.js';
import { type AppGrantStore, createAppGrantStore } from './apps/grant-store.js';
import { createOAuthAppStore, type OAuthAppStore } from './apps/store.js';
import { type AuditStore, createAuditStore } from './audit/store.js';
import { type ConsumerKeyStore, createConsumerKeyStore } from './consumer-keys/store.js';
import type { LockoutStore } from './core/lockouts.js';
import type { RateLimitStore } from './core/rate-limiter.js';
import { createEmailLinkStore, type EmailLinkStore } from './identity/email-links/store.js';
import { createFactorStore, type FactorStore } from './identity/factors/store.js';
import { createInvitationStore, type InvitationStore } from './identity/invitations/store.js';
import { createMemberStore, type MemberStore } from './identity/members/store.js';
import { createOrgStore, type OrgStore } from './identity/orgs/store.js';
import { createServiceStore, type ServiceStore } from './identity/services/store.js';
import { createDeviceCookieStore, type DeviceCookieStore } from './identity/sessions/device-store.js';
import { createSessionStore, type SessionStore } from './identity/sessions/store.js';
import { createUserStore, type UserStore } from './identity/users/store.js';
import { createSigningKeyStore, type SigningKeyStore } from './keys/store.js';
import { createOutboxStore, type OutboxStore } from './mail/outbox-store.js';
import { createPushedRequestStore, type PushedRequestStore } from './oauth/authorize/pushed-store.js';
import { type ClientOriginStore, createClientOriginStore } from './oauth/client-origin-store.js';
import { createDeviceAuthorizationStore, type DeviceAuthorizationStore } from './oauth/device/store.js';
import { createOAuthStore, type OAuthStore } from './oauth/store.js';
import { createRevocationStore, type RevocationStore } from './revocations/store.js';
import type { Db, Dialect, Executor } from './storage/db.js';
import { createLockoutStore } from './storage/lockout-store.js';
import { createMetaStore, type MetaStore } from './storage/meta-store.js';
import { createRateLimitStore } from './storage/rate-limit-store.js';
import type { Transactional } from './storage/transactional.js';

/**
 * Every store, bound to one executor: the database itself or one transaction. Assembled here, in the wiring, because
 * it is the one place that knows every domain; each service is handed this bundle but declares the few stores it
 * uses (see storage/transactional.ts).
 */
export interface Stores {
  users: UserStore;
  orgs: OrgStore;
  members: MemberStore;
  services: ServiceStore;
  sessions: SessionStore;
  factors: FactorStore;
  /** Single-use links sent by e-mail (password reset, address verification). */
  emailLinks: EmailLinkStore;
  /** Invitations to an org for addresses with no account yet. */
  invitations: InvitationStore;
  signingKeys: SigningKeyStore;
  audit: AuditStore;
  rateLimits: RateLimitStore;
  lockouts: LockoutStore;
  deviceCookies: DeviceCookieStore;
  clientOrigins: ClientOriginStore;
  meta: MetaStore;
  apiTokens: ApiTokenStore;
  orgPolicies: OrgPolicyStore;
  apps: OAuthAppStore;
  appGrants: AppGrantStore;
  oauth: OAuthStore;
  deviceAuthorizations: DeviceAuthorizationStore;
  pushedRequests: PushedRequestStore;
  outbox: OutboxStore;
  consumerKeys: ConsumerKeyStore;
  /** The revocation feed: appended to in the transaction of every revocation. */
  revocations: RevocationStore;
}

/**
 * `appended` hears the positions each revocation append takes (as the statement runs, before any commit):
 * Storage uses it to tell its listeners once the transaction has committed.
 */
export function createStores(
  db: Executor,
  dialect: Dialect,
  appended: (positions: number[]) => void = () => {},
): Stores {
  return {
    users: createUserStore(db),
    orgs: createOrgStore(db, dialect),
    members: createMemberStore(db),
    services: createServiceStore(db),
    sessions: createSessionStore(db),
    factors: createFactorStore(db),
    emailLinks: createEmailLinkStore(db),
    invitations: createInvitationStore(db),
    signingKeys: createSigningKeyStore(db),
    audit: createAuditStore(db),
    rateLimits: createRateLimitStore(db),
    lockouts: createLockoutStore(db),
    deviceCookies: createDeviceCookieStore(db),
    clientOrigins: createClientOriginStore(db),
    meta: createMetaStore(db),
    apiTokens: createApiTokenStore(db, dialect),
    orgPolicies: createOrgPolicyStore(db),
    apps: createOAuthAppStore(db),
    appGrants: createAppGrantStore(db),
    oauth: createOAuthStore(db),
    deviceAuthorizations: createDeviceAuthorizationStore(db),
    pushedRequests: createPushedRequestStore(db),
    outbox: createOutboxStore(db, dialect),
    consumerKeys: createConsumerKeyStore(db),
    revocations: createRevocationStore(db, appended),
  };
}

/** The stores on the plain database, a way to run work in one transaction, and the database itself. */
export interface Storage extends Transactional<Stores> {
  readonly db: Db;
  /**
   * Calls `listener` with the newest position after every committed append to the revocation feed (on this
   * process; other nodes hear of it through the feed's own notification).
   */
  onRevocationsCommitted(listener: (head: number) => void): void;
}

export function createStorage(db: Db): Storage {
  const listeners: ((head: number) => void)[] = [];
  const committed = (positions: number[]) => {
    const head = Math.max(...positions);
    for (const listener of listeners) listener(head);
  };
  return {
    db,
    // Outside a transaction each statement commits on its own.
    stores: createStores(db.kysely, db.dialect, committed),
    async transaction(work) {
      const positions: number[] = [];
      const result = await db.kysely
        .transaction()
        .execute((trx) => work(createStores(trx, db.dialect, (taken) => positions.push(...taken))));
      if (positions.length > 0) committed(positions);
      return result;
    },
    onRevocationsCommitted(listener) {
      listeners.push(listener);
    },
  };
}
