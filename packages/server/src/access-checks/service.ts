import type { ApiTokenDirectory } from '../api-tokens/directory.js';
import type { ApiTokenExchange, LiveApiToken } from '../api-tokens/exchange.js';
import type { AppDirectory } from '../apps/directory.js';
import type { ConsumerKeyDirectory, LoadedCredential } from '../consumer-keys/directory.js';
import { type ConsumerKeyVerifier, checkRules } from '../consumer-keys/verifier.js';
import type { OrgAccess } from '../core/authorize.js';
import { ApiError } from '../core/errors.js';
import type { Caller } from '../core/principal.js';
import { type Holdings, holdingsOf } from '../core/scopes.js';
import type { IdentityDirectory } from '../identity/directory.js';
import type { Membership } from '../identity/members/store.js';
import type { Service } from '../identity/services/store.js';
import type { User } from '../identity/users/store.js';
import { OAuthError } from '../oauth/errors.js';
import { appScope } from '../oauth/grants/client-credentials.js';

/** Whose access is asked about: a credential, a user as they sign in, or a server app as itself. */
export type Subject =
  | { type: 'api_token'; id: string }
  | { type: 'consumer_credential'; id: number }
  | { userId: string }
  | { appId: string };

/** What it would do: a service permission (`billing:read`), or a call under OVH-style access rules. */
export type AskedRequest = { permission: string } | { method: string; path: string };

/** One step of the decision, in the order the requests themselves take them. */
export interface Step {
  step: 'credential' | 'holder' | 'scope' | 'granted' | 'rules' | 'decision';
  ok: boolean;
  /** What was found, in words. */
  detail: string;
  /** The error code the request itself would be refused with at this step. */
  code?: string;
}

export interface AccessCheck {
  allowed: boolean;
  because: Step[];
  /** What an access token minted now would carry (absent when a step before failed, or for rules). */
  granted?: { orgRoles: string[]; serviceRoles: string[]; permissions: string[] };
  /** The permission or rule that is missing; empty when allowed. */
  missing: string[];
}

/** The version prefix OVH-style rules are relative to, when a path is given with one. */
const RULE_PREFIXES = ['/1.0', '/v1', '/api/v1'];
const MANAGERS = ['org_owner', 'org_admin'] as const;

/**
 * "Why can (or can't) this credential do that?", answered by the code the requests themselves run: the API-token
 * exchange's liveness check and scope, the client_credentials grant's scope, the OVH verifier's usability and
 * rule matching. Nothing is decided here that a request would decide differently.
 *   resolveCaller → subject (credential → holder → scope → granted | rules) → decision
 */
export class AccessChecks {
  constructor(
    private readonly deps: {
      orgAccess: (caller: Caller, orgId: string) => Promise<OrgAccess>;
      identity: IdentityDirectory;
      apiTokens: ApiTokenDirectory;
      exchange: ApiTokenExchange;
      apps: AppDirectory;
      consumerKeys: ConsumerKeyDirectory;
      consumerKeyVerifier: ConsumerKeyVerifier;
    },
  ) {}

  async check(caller: Caller, orgId: string, subject: Subject, request: AskedRequest): Promise<AccessCheck> {
    const access = await this.deps.orgAccess(caller, orgId);
    const manager =
      access.caller.principal.kind === 'system' || MANAGERS.some((r) => access.orgRoles.includes(r));
    const self = caller.principal.kind === 'user' ? caller.principal.subjectId : null;
    const may = (userId: string | null) => manager || (userId !== null && userId === self);
    if ('method' in request && !('type' in subject && subject.type === 'consumer_credential')) {
      throw new ApiError(
        'request.invalid',
        'only OVH-style consumer credentials carry method and path rules; access tokens carry roles and ' +
          'permissions, so ask about {"permission": "<service>:<permission>"} for this credential',
      );
    }
    if ('userId' in subject) return this.#user(orgId, subject.userId, request, may);
    if ('appId' in subject) {
      if (!manager) throw forbidden(orgId);
      return this.#app(orgId, subject.appId, request);
    }
    if (subject.type === 'api_token') return this.#apiToken(orgId, subject.id, request, may);
    return this.#consumerCredential(orgId, subject.id, request, may);
  }

  async #apiToken(
    orgId: string,
    id: string,
    request: AskedRequest,
    may: (userId: string) => boolean,
  ): Promise<AccessCheck> {
    const token = await this.deps.apiTokens.findById(id);
    if (!token || token.orgId !== orgId || !may(token.userId)) {
      throw new ApiError('api_token.not_found', `organization ${orgId} has no API token ${id} you may see`);
    }
    const steps: Step[] = [];
    let live: LiveApiToken;
    try {
      live = await this.deps.exchange.checkLive(token);
    } catch (error) {
      return refused(steps, 'credential', error);
    }
    steps.push({
      step: 'credential',
      ok: true,
      detail: `API token "${token.name}" of ${live.user.email} can be exchanged now (${expiry(token.expiresAt)})`,
    });
    const services = await this.deps.identity.services();
    const held = holdingsOf(live.membership, live.user.platformRoles, services);
    steps.push(holderStep(live.user.email, held));
    steps.push({ step: 'scope', ok: true, detail: `the token asks for ${describeScope(token.scopes)}` });
    const granted = await this.deps.exchange.grantedTo(live);
    return decide(steps, granted, held, request, services, 'the token’s scope');
  }

  async #app(orgId: string, appId: string, request: AskedRequest): Promise<AccessCheck> {
    const app = await this.deps.apps.app(appId);
    const grant = app && (await this.deps.apps.grant(app.id, orgId));
    if (!app || !grant) {
      throw new ApiError('app_grant.not_found', `app ${appId} is not added to organization ${orgId}`);
    }
    const steps: Step[] = [];
    if (!app.grantTypes.includes('client_credentials')) {
      steps.push({
        step: 'credential',
        ok: false,
        code: 'unauthorized_client',
        detail: `"${app.name}" is a ${app.type} app: it acts for the user who signs in, never as itself; check that user instead`,
      });
      return { allowed: false, because: steps, missing: [] };
    }
    steps.push({
      step: 'credential',
      ok: true,
      detail: `server-to-server app "${app.name}" (${app.id}) gets client_credentials tokens in this organization`,
    });
    const services = await this.deps.identity.services();
    const held = holdingsOf(grant, [], services);
    steps.push(holderStep(`the app`, held, 'granted'));
    steps.push({ step: 'scope', ok: true, detail: `the app may ask for ${describeScope(app.scopes)}` });
    let granted: Holdings;
    try {
      granted = appScope(app, grant, orgId, services, undefined, undefined);
    } catch (error) {
      return refused(steps, 'granted', error);
    }
    return decide(steps, granted, held, request, services, 'the app’s allowed scopes');
  }

  async #user(
    orgId: string,
    userId: string,
    request: AskedRequest,
    may: (userId: string) => boolean,
  ): Promise<AccessCheck> {
    const membership = may(userId) ? await this.deps.identity.membership(orgId, userId) : undefined;
    const user = membership && (await this.deps.identity.user(userId));
    if (!membership || !user) {
      throw new ApiError('member.not_found', `user ${userId} is not a member of organization ${orgId}`);
    }
    const steps: Step[] = [];
    if (user.disabledAt !== null) {
      steps.push({
        step: 'credential',
        ok: false,
        code: 'auth.required',
        detail: `${user.email} is disabled`,
      });
      return { allowed: false, because: steps, missing: [] };
    }
    steps.push({
      step: 'credential',
      ok: true,
      detail: `${user.email} signed in (a session, or an app acting for them) acts with every role they hold`,
    });
    const services = await this.deps.identity.services();
    const held = holdingsOf(membership, user.platformRoles, services);
    steps.push(holderStep(user.email, held));
    return decide(steps, held, held, request, services, 'the sign-in');
  }

  async #consumerCredential(
    orgId: string,
    id: number,
    request: AskedRequest,
    may: (userId: string) => boolean,
  ): Promise<AccessCheck> {
    const loaded = await this.deps.consumerKeys.credential(id);
    const userId = loaded?.credential.userId ?? null;
    const membership = userId !== null && may(userId) && (await this.deps.identity.membership(orgId, userId));
    if (!loaded || !membership) {
      throw new ApiError(
        'consumer_credential.not_found',
        `no consumer credential ${id} of a member of organization ${orgId} is visible to you`,
      );
    }
    const steps: Step[] = [];
    let user: User;
    try {
      user = await this.deps.consumerKeyVerifier.usableBy(loaded, null);
    } catch (error) {
      return refused(steps, 'credential', error);
    }
    steps.push({
      step: 'credential',
      ok: true,
      detail: `consumer credential ${id} of ${user.email} is validated (${expiry(loaded.credential.expiresAt)})${ipNote(loaded)}`,
    });
    if ('method' in request) return this.#rules(steps, loaded, request);
    const services = await this.deps.identity.services();
    const held = holdingsOf(membership as Membership, user.platformRoles, services);
    steps.push(holderStep(user.email, held));
    steps.push({
      step: 'scope',
      ok: true,
      detail:
        'a signed call acts as its user, with every role they hold, on the paths its access rules allow',
    });
    return decide(steps, held, held, request, services, 'the credential');
  }

  #rules(steps: Step[], loaded: LoadedCredential, request: { method: string; path: string }): AccessCheck {
    const method = request.method.toUpperCase();
    // Rules are relative to the API version prefix; a path given without one is taken as relative already.
    const prefix = RULE_PREFIXES.find((p) => request.path === p || request.path.startsWith(`${p}/`));
    const target = prefix ? request.path : `${RULE_PREFIXES[0]}${request.path}`;
    const rules = loaded.credential.rules.map((rule) => `${rule.method} ${rule.path}`);
    steps.push({ step: 'rules', ok: true, detail: `its access rules: ${rules.join(', ') || 'none'}` });
    try {
      checkRules(loaded, method, target, prefix ?? (RULE_PREFIXES[0] as string));
    } catch (error) {
      const missing = error instanceof ApiError ? String(error.details?.missingRule ?? '') : '';
      return refused(steps, 'decision', error, missing ? [missing] : []);
    }
    steps.push({ step: 'decision', ok: true, detail: `a rule allows ${method} ${request.path}` });
    return { allowed: true, because: steps, missing: [] };
  }
}

function decide(
  steps: Step[],
  granted: Holdings,
  held: Holdings,
  request: AskedRequest,
  services: ReadonlyMap<string, Service>,
  limitedBy: string,
): AccessCheck {
  const view = {
    orgRoles: [...granted.orgRoles],
    serviceRoles: [...granted.serviceRoles],
    permissions: [...granted.permissions],
  };
  steps.push({
    step: 'granted',
    ok: true,
    detail: `an access token minted now carries ${describeHoldings(granted)}`,
  });
  const permission = normalizePermission((request as { permission: string }).permission);
  if (granted.permissions.includes(permission)) {
    steps.push({ step: 'decision', ok: true, detail: `${permission} is among the permissions it carries` });
    return { allowed: true, because: steps, granted: view, missing: [] };
  }
  steps.push({
    step: 'decision',
    ok: false,
    code: 'insufficient_scope',
    detail: whyMissing(permission, held, services, limitedBy),
  });
  return { allowed: false, because: steps, granted: view, missing: [permission] };
}

/** Names the roles that would grant the permission, and whether the holder lacks them or the scope left them out. */
function whyMissing(
  permission: string,
  held: Holdings,
  services: ReadonlyMap<string, Service>,
  limitedBy: string,
): string {
  const serviceId = permission.slice(0, permission.indexOf(':'));
  const service = services.get(serviceId);
  if (!service) return `${permission} is missing: no registered service is called ${serviceId || permission}`;
  const roles = service.roles
    .filter((role) => role.permissions.includes(permission))
    .map((role) => `${service.id}:${role.name}`);
  if (roles.length === 0) return `${permission} is missing: no role of ${service.name} grants it`;
  const grants = `${roles.join(' or ')} grant${roles.length === 1 ? 's' : ''} it`;
  const holding = roles.filter((role) => held.serviceRoles.includes(role));
  if (holding.length > 0) {
    return `${permission} is missing: ${grants}; ${holding.join(' and ')} is held, but ${limitedBy} leaves it out`;
  }
  return `${permission} is missing: ${grants}, and none is held in this organization; an owner or admin grants it`;
}

function holderStep(who: string, held: Holdings, verb = 'holds'): Step {
  return {
    step: 'holder',
    ok: true,
    detail: `in this organization, ${who} ${verb === 'holds' ? 'holds' : 'was granted'} ${describeHoldings(held)}`,
  };
}

function describeHoldings(held: Holdings): string {
  const roles = [...held.platformRoles, ...held.orgRoles, ...held.serviceRoles];
  const perms = held.permissions.length > 0 ? `permissions ${held.permissions.join(', ')}` : 'no permission';
  return `${roles.length > 0 ? `roles ${roles.join(', ')}` : 'no role'} and ${perms}`;
}

function describeScope(scope: {
  allRoles: boolean;
  orgRoles: readonly string[];
  serviceRoles: readonly string[];
  permissions: readonly string[];
}): string {
  if (scope.allRoles) return 'all roles its holder has';
  const items = [...scope.orgRoles, ...scope.serviceRoles, ...scope.permissions];
  return items.length > 0 ? items.join(', ') : 'nothing';
}

function expiry(expiresAt: number | null): string {
  return expiresAt === null ? 'it never expires' : `it expires ${new Date(expiresAt).toISOString()}`;
}

function ipNote(loaded: LoadedCredential): string {
  const ips = loaded.credential.allowedIps;
  return ips && ips.length > 0 ? `; only from ${ips.join(', ')}` : '';
}

/** `external/billing/billing:read` (CSP's perms form) and `billing:read` name the same permission. */
function normalizePermission(text: string): string {
  const match = /^external\/[^/]+\/(.+:.+)$/.exec(text);
  return match?.[1] ?? text;
}

/** A step that failed the way the request would: its code and message, then nothing more is asked. */
function refused(steps: Step[], step: Step['step'], error: unknown, missing: string[] = []): AccessCheck {
  if (error instanceof ApiError) {
    const reason = typeof error.details?.reason === 'string' ? `: ${error.details.reason}` : '';
    steps.push({ step, ok: false, code: error.code, detail: `${error.message}${reason}` });
  } else if (error instanceof OAuthError) {
    steps.push({ step, ok: false, code: error.error, detail: error.message });
  } else {
    throw error;
  }
  return { allowed: false, because: steps, missing };
}

function forbidden(orgId: string): ApiError {
  return new ApiError(
    'auth.forbidden',
    `only owners and admins of organization ${orgId} check others' access; members check their own credentials`,
  );
}
