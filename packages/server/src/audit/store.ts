import type { PageRequest, PageResult } from '../core/pagination.js';
import { type Executor, fromJson, toJson } from '../storage/db.js';
import { readPage } from '../storage/paging.js';
import type { AuditEventsTable } from '../storage/schema.js';

/** An append-only record of a change or a security-relevant failure. Never holds a secret. */
export interface AuditEvent {
  /** UUIDv7: sorting by id sorts by time. */
  id: string;
  at: number;
  orgId: string | null;
  actor: { kind: string; id: string };
  action: string;
  target: { kind: string; id: string };
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  orgId?: string;
  action?: string;
  actorId?: string;
  targetId?: string;
  /** Events at or after this time (epoch ms). */
  since?: number;
  /** Events before this time (epoch ms). */
  until?: number;
}

export interface AuditStore {
  insert(events: readonly AuditEvent[]): Promise<void>;
  /** Newest first, optionally narrowed to one org, action, actor or target, and to a time range. */
  list(page: PageRequest, filter?: AuditFilter): Promise<PageResult<AuditEvent>>;
}

export function createAuditStore(db: Executor): AuditStore {
  return {
    async insert(events) {
      if (events.length === 0) return;
      await db
        .insertInto('audit_events')
        .values(
          events.map((event) => ({
            id: event.id,
            at: event.at,
            org_id: event.orgId,
            actor_kind: event.actor.kind,
            actor_id: event.actor.id,
            action: event.action,
            target_kind: event.target.kind,
            target_id: event.target.id,
            ip: event.ip,
            request_id: event.requestId,
            details: toJson(event.details),
          })),
        )
        .execute();
    },

    async list(page, filter = {}) {
      let base = db.selectFrom('audit_events');
      if (filter.orgId) base = base.where('org_id', '=', filter.orgId);
      if (filter.action) base = base.where('action', '=', filter.action);
      if (filter.actorId) base = base.where('actor_id', '=', filter.actorId);
      if (filter.targetId) base = base.where('target_id', '=', filter.targetId);
      if (filter.since !== undefined) base = base.where('at', '>=', filter.since);
      if (filter.until !== undefined) base = base.where('at', '<', filter.until);
      return readPage(
        base,
        (query) => query.selectAll().orderBy('at', 'desc').orderBy('id', 'desc'),
        page,
        toEvent,
      );
    },
  };
}

function toEvent(row: AuditEventsTable): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    orgId: row.org_id,
    actor: { kind: row.actor_kind, id: row.actor_id },
    action: row.action,
    target: { kind: row.target_kind, id: row.target_id },
    ip: row.ip,
    requestId: row.request_id,
    details: fromJson<Record<string, unknown>>(row.details),
  };
}
