import type { OrgRole, PlatformRole } from './roles.js';

/** How the caller proved who they are. */
export type CredentialType = 'session' | 'access_token' | 'consumer_key' | 'system' | 'none';

/** The most a scoped credential (API token, OAuth app, consumer key) may use, whatever its holder has. */
export interface ScopeLimit {
  allRoles: boolean;
  orgRoles: readonly OrgRole[];
  serviceRoles: readonly string[];
  permissions: readonly string[];
}

/**
 * Who is acting: every credential resolves to one of these (docs/architecture.md#effective-access).
 * `system` is the operator's own command line and start-up bootstrap, which hold the database already;
 * `anonymous` is nobody yet (a failed sign-in), which may do nothing but be recorded.
 */
export interface Principal {
  kind: 'user' | 'app' | 'system' | 'anonymous';
  /** User id, app (client) id, or a label such as `cli:root` for system. */
  subjectId: string;
  /** The one org the credential is bound to; null when it may act in every org of its user (console session). */
  orgId: string | null;
  platformRoles: readonly PlatformRole[];
  credential: { type: CredentialType; id: string };
  /** null: the holder's own current rights, unreduced. */
  scope: ScopeLimit | null;
}

/** A principal plus where the request came from, for audit events. Services receive this, never a request. */
export interface Caller {
  principal: Principal;
  ip: string | null;
  requestId: string | null;
  /**
   * For a console session: how (RFC 8176 amr) and when the user last presented a factor, which sensitive
   * actions check (step-up). Absent for other credentials.
   */
  authentication?: { at: number; amr: readonly string[] };
}

/** The caller for operator commands and start-up work. */
export function systemCaller(label: string): Caller {
  return {
    principal: {
      kind: 'system',
      subjectId: label,
      orgId: null,
      platformRoles: ['platform_operator'],
      credential: { type: 'system', id: label },
      scope: null,
    },
    ip: null,
    requestId: null,
  };
}

/** Nobody signed in, calling from `ip`: used to record failed attempts. */
export function anonymousCaller(ip: string | null, requestId: string | null): Caller {
  return {
    principal: {
      kind: 'anonymous',
      subjectId: 'anonymous',
      orgId: null,
      platformRoles: [],
      credential: { type: 'none', id: 'none' },
      scope: null,
    },
    ip,
    requestId,
  };
}
