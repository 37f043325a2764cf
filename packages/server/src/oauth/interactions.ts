import type { OAuthApp } from '../apps/store.js';
import type { Clock } from '../core/clock.js';
import { MAX_PAGE_LIMIT } from '../core/pagination.js';
import type { Caller } from '../core/principal.js';
import type { Org, OrgWithRoles } from '../identity/orgs/store.js';
import type { Transactional } from '../storage/transactional.js';
import type { PushedRequest, PushedRequestStore } from './authorize/pushed-store.js';
import { type AuthorizeStores, rememberConsent } from './authorize/steps.js';
import type { OAuthProvider } from './provider.js';
import type { AuthorizationRequest, Consent, GrantScope, Interaction } from './records.js';

/** The stores of the browser side: interactions, consents, pushed requests, and the orgs a user may choose. */
export interface InteractionStores extends AuthorizeStores {
  pushedRequests: PushedRequestStore;
}

/**
 * The browser part of an authorization request, apart from HTTP: the request a client pushed (RFC 9126), the
 * interaction that waits for the user to sign in and answer, the orgs they may choose, the consents they gave.
 */
export class AuthorizationInteractions {
  constructor(
    private readonly deps: {
      storage: Transactional<InteractionStores>;
      clock: Clock;
      /** Hashes a pushed request's request_uri as every other provider secret is hashed. */
      oauth: Pick<OAuthProvider, 'hash'>;
    },
  ) {}

  /** Stores a new interaction: an authorization request waiting for the browser to sign in and answer. */
  async insertInteraction(interaction: Interaction): Promise<void> {
    await this.deps.storage.stores.oauth.insertInteraction(interaction);
  }

  async findInteraction(id: string): Promise<Interaction | undefined> {
    return this.deps.storage.stores.oauth.findInteraction(id);
  }

  /** Records who signed in, or which org they chose, on the interaction's pages. */
  async updateInteraction(id: string, changes: { userId?: string; orgId?: string }): Promise<void> {
    await this.deps.storage.stores.oauth.updateInteraction(id, changes);
  }

  /** Marks the interaction answered now; false when it already was (a replayed form, a second tab). */
  async completeInteraction(id: string): Promise<boolean> {
    return this.deps.storage.stores.oauth.completeInteraction(id, this.deps.clock.now());
  }

  /** Every org the user belongs to, with their roles: where they may let an app act. */
  async orgsOf(userId: string): Promise<OrgWithRoles[]> {
    const { items } = await this.deps.storage.stores.orgs.listForUser(userId, {
      pageStart: 1,
      pageLimit: MAX_PAGE_LIMIT,
    });
    return items;
  }

  async findOrg(id: string): Promise<Org | undefined> {
    return this.deps.storage.stores.orgs.findById(id);
  }

  /** The consent the user gave the app in the org, if any (remembered for web apps only). */
  async findConsent(userId: string, appId: string, orgId: string): Promise<Consent | undefined> {
    return this.deps.storage.stores.oauth.findConsent(userId, appId, orgId);
  }

  /**
   * Remembers the consent (web apps; native apps are asked every time) extended by this request's scope, and
   * audits it in the same transaction (a lifecycle event is never lost, docs/architecture.md#hot-paths).
   */
  async recordConsent(
    caller: Caller,
    input: { app: OAuthApp; orgId: string; scope: GrantScope },
  ): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.storage.transaction((stores) => rememberConsent(stores, caller, now, input));
  }

  /** Stores a pushed authorization request (RFC 9126 §2.2) under the hash of its request_uri's random part. */
  async pushRequest(random: string, pushed: Omit<PushedRequest, 'requestUriHash'>): Promise<void> {
    await this.deps.storage.stores.pushedRequests.insert({
      requestUriHash: this.deps.oauth.hash('request_uri', random),
      ...pushed,
    });
  }

  /**
   * The request a request_uri's random part stands for, used up by this call (RFC 9126 §4: one authorization
   * each); undefined when it is unknown, another app's, expired or already used.
   */
  async takePushedRequest(random: string, appId: string): Promise<AuthorizationRequest | undefined> {
    const hash = this.deps.oauth.hash('request_uri', random);
    const now = this.deps.clock.now();
    const { pushedRequests } = this.deps.storage.stores;
    const pushed = await pushedRequests.find(hash);
    if (!pushed || pushed.appId !== appId || pushed.expiresAt <= now) return undefined;
    if (!(await pushedRequests.use(hash, now))) return undefined;
    return pushed.request;
  }
}
