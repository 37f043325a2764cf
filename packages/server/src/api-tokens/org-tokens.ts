import { auditEvent } from '../audit/service.js';
import type { AuditStore } from '../audit/store.js';
import { authorize } from '../core/authorize.js';
import type { Clock } from '../core/clock.js';
import { ApiError } from '../core/errors.js';
import type { PageRequest, PageResult } from '../core/pagination.js';
import type { Caller } from '../core/principal.js';
import { type AccessStores, resolveOrgAccess } from '../identity/members/access.js';
import type { OrgStore } from '../identity/orgs/store.js';
import type { UserStore } from '../identity/users/store.js';
import type { OutboxStore } from '../mail/outbox-store.js';
import { revocationOf } from '../revocations/entries.js';
import type { RevocationStore } from '../revocations/store.js';
import type { InvalidationBus } from '../storage/invalidation.js';
import type { Transactional } from '../storage/transactional.js';
import { API_TOKEN_TOPICS } from './directory.js';
import { activationNotice } from './emails.js';
import type { OrgPolicy, OrgPolicyStore } from './policy-store.js';
import type { ApiTokenStore, ApiTokenWithOwner } from './store.js';

/** The stores the org owners' side of API tokens reads and writes. */
export interface OrgApiTokenStores extends AccessStores {
  apiTokens: ApiTokenStore;
  orgPolicies: OrgPolicyStore;
  users: UserStore;
  orgs: OrgStore;
  outbox: OutboxStore;
  audit: AuditStore;
  revocations: RevocationStore;
}

export interface BulkResult {
  successes: string[];
  failures: { id: string; message: string }[];
}

/** At most this many ids per deactivate/activate call (CSP's limit). */
export const MAX_BULK_IDS = 15;

/** An org's API-token policies, in seconds; null for no limit. */
export interface PolicyInput {
  apiTokenMaxTtl: number | null;
  apiTokenIdleTtl: number | null;
}

/**
 * The org owners' side of personal API tokens: every token of the org, deactivating and reactivating them (the
 * owner is e-mailed), and the org's token policies.
 */
export class OrgApiTokens {
  constructor(
    private readonly deps: {
      storage: Transactional<OrgApiTokenStores>;
      clock: Clock;
      bus: InvalidationBus;
    },
  ) {}

  /** Every token of the org with its owner, metadata only (org owners). */
  async listForOrg(caller: Caller, orgId: string, page: PageRequest): Promise<PageResult<ApiTokenWithOwner>> {
    const { stores } = this.deps.storage;
    authorize(await resolveOrgAccess(stores, caller, orgId), { anyOrgRole: ['org_owner'] });
    return stores.apiTokens.listByOrg(orgId, page);
  }

  /** Deactivates or reactivates up to 15 tokens of the org (org owners); each owner is e-mailed. */
  async setActive(
    caller: Caller,
    orgId: string,
    ids: readonly string[],
    active: boolean,
  ): Promise<BulkResult> {
    if (ids.length === 0 || ids.length > MAX_BULK_IDS) {
      throw new ApiError('request.invalid', `send between 1 and ${MAX_BULK_IDS} token ids`, { field: 'ids' });
    }
    const now = this.deps.clock.now();
    const result = await this.deps.storage.transaction(async (stores) => {
      const access = await resolveOrgAccess(stores, caller, orgId);
      authorize(access, { anyOrgRole: ['org_owner'] });
      const org = await stores.orgs.findById(orgId);
      const outcome: BulkResult = { successes: [], failures: [] };
      for (const id of new Set(ids)) {
        const token = await stores.apiTokens.findById(id);
        if (!token || token.orgId !== orgId || token.revokedAt !== null) {
          outcome.failures.push({ id, message: 'no live API token with this id in this organization' });
          continue;
        }
        outcome.successes.push(id);
        if ((token.deactivatedAt === null) === active) continue; // already in the wanted state
        await stores.apiTokens.setDeactivated(
          id,
          active ? null : now,
          active ? null : caller.principal.subjectId,
        );
        // Reactivating needs no entry: the deactivation's refuses only tokens minted before it.
        if (!active) {
          await stores.revocations.append([revocationOf(apiTokenTarget(id), now, 'API token deactivated')]);
        }
        const owner = await stores.users.findById(token.userId);
        if (owner) {
          await stores.outbox.enqueue({
            dedupeKey: `api-token-${active ? 'activated' : 'deactivated'}:${id}:${now}`,
            to: owner.email,
            createdAt: now,
            ...activationNotice({ token, orgName: org?.displayName ?? orgId, active, at: now }),
          });
        }
        await stores.audit.insert([
          auditEvent(caller, now, {
            action: active ? 'api_token.reactivated' : 'api_token.deactivated',
            orgId,
            target: { kind: 'api_token', id },
            details: { name: token.name, owner: token.userId },
          }),
        ]);
      }
      return outcome;
    });
    for (const id of result.successes) await this.deps.bus.publish(API_TOKEN_TOPICS.token, id);
    return result;
  }

  /** Any member may read the org's token policy; it tells them the longest token they may generate. */
  async policy(caller: Caller, orgId: string): Promise<OrgPolicy> {
    const { stores } = this.deps.storage;
    await resolveOrgAccess(stores, caller, orgId);
    return (
      (await stores.orgPolicies.find(orgId)) ?? {
        orgId,
        apiTokenMaxTtlSeconds: null,
        apiTokenIdleTtlSeconds: null,
        updatedAt: 0,
      }
    );
  }

  /** Sets the org's API-token policies (org owners). New tokens obey the max TTL; idle TTL applies to all. */
  async setPolicy(caller: Caller, orgId: string, input: PolicyInput): Promise<OrgPolicy> {
    const now = this.deps.clock.now();
    const policy: OrgPolicy = {
      orgId,
      apiTokenMaxTtlSeconds: input.apiTokenMaxTtl,
      apiTokenIdleTtlSeconds: input.apiTokenIdleTtl,
      updatedAt: now,
    };
    await this.deps.storage.transaction(async (stores) => {
      authorize(await resolveOrgAccess(stores, caller, orgId), { anyOrgRole: ['org_owner'] });
      const before = await stores.orgPolicies.find(orgId);
      await stores.orgPolicies.put(policy);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'org_policy.updated',
          orgId,
          target: { kind: 'org', id: orgId },
          details: {
            from: {
              apiTokenMaxTtl: before?.apiTokenMaxTtlSeconds ?? null,
              apiTokenIdleTtl: before?.apiTokenIdleTtlSeconds ?? null,
            },
            to: input,
          },
        }),
      ]);
    });
    await this.deps.bus.publish(API_TOKEN_TOPICS.policy, orgId);
    return policy;
  }
}

/** The revocation-feed target of an API token: what a deactivation or a revocation refuses. */
export const apiTokenTarget = (id: string) => ({ kind: 'credential', type: 'api_token', id }) as const;
