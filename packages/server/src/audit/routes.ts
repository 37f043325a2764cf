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

export function registerAuditRoutes(app: App, c: AuditRouteDeps): void {
  const reader = c.audit;

  app.get(
    '/orgs/:orgId/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: "The organization's audit trail, newest first (owners and admins)",
        params: OrgIdParams,
        querystring: PageQuery,
        response: { 200: Page(AuditEventBody), ...errors },
      },
    },
    async (request) => {
      const result = await reader.listForOrg(
        await c.auth.require(request),
        request.params.orgId,
        request.query,
      );
      return toPage(result, request.query, request.url, auditView);
    },
  );

  app.get(
    '/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'Every audit event, newest first (platform operators)',
        querystring: Type.Composite(
          [PageQuery, Type.Object({ action: Type.Optional(Text(100)), actorId: Type.Optional(Text(200)) })],
          { additionalProperties: false },
        ),
        response: { 200: Page(AuditEventBody), ...errors },
      },
    },
    async (request) => {
      const { action, actorId, ...page } = request.query;
      const result = await reader.list(await c.auth.require(request), page, { action, actorId });
      return toPage(result, page, request.url, auditView);
    },
  );
}
