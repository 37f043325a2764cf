import { authorize, authorizePlatform, type OrgAccess } from '../core/authorize.js';
import { ApiError } from '../core/errors.js';
import { newTimeOrderedId } from '../core/ids-and-secrets.js';
import type { PageRequest, PageResult } from '../core/pagination.js';
import type { Caller } from '../core/principal.js';
import type { Transactional } from '../storage/transactional.js';
import type { AuditEvent, AuditFilter, AuditStore } from './store.js';

/** The stores AuditReader reads. */
export interface AuditReaderStores {
  audit: AuditStore;
}

export interface AuditEntry {
  action: string;
  orgId?: string | null;
  target: { kind: string; id: string };
  /** Never a secret, a token value or a hash of one. */
  details?: Record<string, unknown>;
  /** Overrides the caller as actor, e.g. for a failed sign-in whose caller is nobody yet. */
  actor?: { kind: string; id: string };
}

/** Builds the audit event for something `caller` did at `at`. */
export function auditEvent(caller: Caller, at: number, entry: AuditEntry): AuditEvent {
  const { principal } = caller;
  return {
    id: newTimeOrderedId(at),
    at,
    orgId: entry.orgId ?? null,
    actor: entry.actor ?? { kind: principal.kind, id: principal.subjectId },
    action: entry.action,
    target: entry.target,
    ip: caller.ip,
    requestId: caller.requestId,
    details: { ...entry.details, via: principal.credential.type },
  };
}

/** Reading the audit trail: owners and admins see their org's events, operators see everything. */
export class AuditReader {
  constructor(
    private readonly deps: {
      storage: Transactional<AuditReaderStores>;
      /** What the caller may do in an org (identity's resolveOrgAccess: audit sits below identity). */
      orgAccess: (caller: Caller, orgId: string) => Promise<OrgAccess>;
    },
  ) {}

  async listForOrg(
    caller: Caller,
    orgId: string,
    page: PageRequest,
    filter: AuditQuery = {},
  ): Promise<PageResult<AuditEvent>> {
    authorize(await this.deps.orgAccess(caller, orgId), { anyOrgRole: ['org_owner', 'org_admin'] });
    return this.deps.storage.stores.audit.list(page, { ...storeFilter(filter), orgId });
  }

  async list(caller: Caller, page: PageRequest, filter: AuditQuery = {}): Promise<PageResult<AuditEvent>> {
    authorizePlatform(caller, 'platform_operator');
    return this.deps.storage.stores.audit.list(page, storeFilter(filter));
  }
}

/** What a reader may narrow the trail to: exact action, actor and target ids, and a time range (epoch ms). */
export interface AuditQuery {
  action?: string | undefined;
  actorId?: string | undefined;
  targetId?: string | undefined;
  since?: number | undefined;
  until?: number | undefined;
}

function storeFilter(query: AuditQuery): AuditFilter {
  if (query.since !== undefined && query.until !== undefined && query.since >= query.until) {
    throw new ApiError('request.invalid', '"from" must be before "to": the range holds no time', {
      field: 'from',
    });
  }
  return {
    ...(query.action ? { action: query.action } : {}),
    ...(query.actorId ? { actorId: query.actorId } : {}),
    ...(query.targetId ? { targetId: query.targetId } : {}),
    ...(query.since !== undefined ? { since: query.since } : {}),
    ...(query.until !== undefined ? { until: query.until } : {}),
  };
}
