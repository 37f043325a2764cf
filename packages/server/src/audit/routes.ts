import { type Static, Type } from '@sinclair/typebox';
import type { Authenticator } from '../http/authenticate.js';
import {
  ErrorBody,
  isoTime,
  OrgIdParams,
  Page,
  PageQuery,
  Text,
  Timestamp,
  toPage,
} from '../http/schemas.js';
import type { App } from '../http/types.js';
import type { AuditReader } from './service.js';
import type { AuditEvent } from './store.js';

/** What the audit routes use. */
export interface AuditRouteDeps {
  audit: AuditReader;
  auth: Pick<Authenticator, 'require'>;
}

const Ref = Type.Object({ kind: Type.String(), id: Type.String() });

export const AuditEventBody = Type.Object(
  {
    id: Type.String(),
    at: Timestamp,
    orgId: Type.Union([Type.String(), Type.Null()]),
    actor: Ref,
    action: Type.String(),
    target: Ref,
    ip: Type.Union([Type.String(), Type.Null()]),
    requestId: Type.Union([Type.String(), Type.Null()]),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { $id: 'AuditEvent' },
);

function auditView(event: AuditEvent): Static<typeof AuditEventBody> {
  return { ...event, at: isoTime(event.at) };
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The filters both audit lists take, each narrowing the list (docs/console.md, Audit log). */
const AuditQuery = Type.Composite(
  [
    PageQuery,
    Type.Object({
      action: Type.Optional(Text(100)),
      actorId: Type.Optional(Text(200)),
      targetId: Type.Optional(Text(200)),
      from: Type.Optional({ ...Timestamp, description: 'Events at or after this time (ISO 8601)' }),
      to: Type.Optional({ ...Timestamp, description: 'Events before this time (ISO 8601)' }),
    }),
  ],
  { additionalProperties: false },
);

function toQuery(query: Static<typeof AuditQuery>) {
  const { action, actorId, targetId, from, to, ...page } = query;
  return {
    page,
    filter: {
      action,
      actorId,
      targetId,
      since: from === undefined ? undefined : Date.parse(from),
      until: to === undefined ? undefined : Date.parse(to),
    },
  };
}

export function registerAuditRoutes(app: App, c: AuditRouteDeps): void {
  const reader = c.audit;

  app.get(
    '/orgs/:orgId/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: "The organization's audit trail, newest first (owners and admins)",
        description: 'Narrowed by exact action, actor id and target id, and by a time range [from, to).',
        params: OrgIdParams,
        querystring: AuditQuery,
        response: { 200: Page(AuditEventBody), ...errors },
      },
    },
    async (request) => {
      const { page, filter } = toQuery(request.query);
      const result = await reader.listForOrg(
        await c.auth.require(request),
        request.params.orgId,
        page,
        filter,
      );
      return toPage(result, page, request.url, auditView);
    },
  );

  app.get(
    '/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'Every audit event, newest first (platform operators)',
        description: 'Narrowed by exact action, actor id and target id, and by a time range [from, to).',
        querystring: AuditQuery,
        response: { 200: Page(AuditEventBody), ...errors },
      },
    },
    async (request) => {
      const { page, filter } = toQuery(request.query);
      const result = await reader.list(await c.auth.require(request), page, filter);
      return toPage(result, page, request.url, auditView);
    },
  );
}
