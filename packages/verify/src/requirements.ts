import { type Principal, parseExternal } from './principal.js';
import { rulesAllow } from './rules.js';
import type { SignedPrincipal } from './signed.js';

/** Whoever a request stands for: an access token's principal, or the signer of an OVH-signed request. */
export type AnyPrincipal = Principal | SignedPrincipal;

/**
 * What a route demands of its caller. Every field given must hold; `{}` admits any verified principal.
 *
 * - `permission`: a service permission, `billing:read` (CSP's `external/billing/billing:read` also accepted).
 * - `role`: an org role (`org_owner`, or CSP's `csp:org_owner`), a service role (`billing:admin`) or
 *   `platform_operator`.
 * - `userOnly`: a person must be behind the token (an API token or an app acting for a user), never an app
 *   acting as itself (client_credentials). The seed's example: changing a password.
 * - `anyOf`: at least one of these requirements holds.
 * - `method` + `path`: OVH-style consumer-key access rules (`GET /billing`): holds for a principal of an
 *   OVH-signed request (`verifySigned`) whose key's rules allow that call. Access tokens carry no rules, so it
 *   never holds for them: use it inside `anyOf` beside the permission a token would need.
 */
export interface Requirement {
  permission?: string;
  role?: string;
  userOnly?: boolean;
  anyOf?: readonly Requirement[];
  method?: string;
  path?: string;
}

/** A refusal that names what was missing. */
export interface Denial {
  allowed: false;
  /** The kind of rule that failed (the first, when several did). */
  rule: 'permission' | 'role' | 'user_only' | 'any_of' | 'request_rule';
  /** What the principal lacks: permissions, roles, `user`, or `GET /billing` for a request rule. */
  missing: string[];
  /** Scope values that would satisfy the requirement (RFC 6750 `scope`); empty when no scope can (a user is needed). */
  scope: string[];
  message: string;
}

export type Decision = { allowed: true } | Denial;

const ALLOWED: Decision = Object.freeze({ allowed: true });

/**
 * The one decision point of a resource server: does this principal meet this requirement? Pure and
 * synchronous. Misuse of the requirement (an empty `anyOf`, a method without a path) throws a TypeError.
 */
export function authorize(principal: AnyPrincipal, requirement: Requirement): Decision {
  const denials: Denial[] = [];
  if (requirement.userOnly && principal.kind !== 'user') denials.push(userOnlyDenial(principal as Principal));
  if (requirement.role !== undefined) {
    const role = normalizeRole(requirement.role);
    if (!principal.roles.includes(role)) denials.push(roleDenial(principal, role));
  }
  if (requirement.permission !== undefined) {
    const permission = normalizePermission(requirement.permission);
    if (!principal.permissions.includes(permission)) denials.push(permissionDenial(principal, permission));
  }
  if (requirement.method !== undefined || requirement.path !== undefined) {
    const denial = requestRuleDecision(principal, requirement);
    if (denial !== undefined) denials.push(denial);
  }
  if (requirement.anyOf !== undefined) {
    const anyOf = anyOfDecision(principal, requirement.anyOf);
    if (!anyOf.allowed) denials.push(anyOf);
  }
  const [first] = denials;
  if (first === undefined) return ALLOWED;
  if (denials.length === 1) return first;
  return {
    allowed: false,
    rule: first.rule,
    missing: unique(denials.flatMap((denial) => denial.missing)),
    scope: unique(denials.flatMap((denial) => denial.scope)),
    message: denials.map((denial) => denial.message).join('; and '),
  };
}

export function isDenial(value: unknown): value is Denial {
  return typeof value === 'object' && value !== null && (value as Denial).allowed === false;
}

function anyOfDecision(principal: AnyPrincipal, alternatives: readonly Requirement[]): Decision {
  if (alternatives.length === 0) throw new TypeError('anyOf needs at least one requirement');
  const denials: Denial[] = [];
  for (const alternative of alternatives) {
    const decision = authorize(principal, alternative);
    if (decision.allowed) return ALLOWED;
    denials.push(decision);
  }
  if (denials.length === 1) return denials[0] as Denial;
  return {
    allowed: false,
    rule: 'any_of',
    missing: unique(denials.flatMap((denial) => denial.missing)),
    scope: unique(denials.flatMap((denial) => denial.scope)),
    message: `this needs any one of: ${denials.map((denial, i) => `(${i + 1}) ${denial.message}`).join(' ')}`,
  };
}

function permissionDenial(principal: AnyPrincipal, permission: string): Denial {
  const signed = principal.credential.type === 'consumer_key';
  return {
    allowed: false,
    rule: 'permission',
    missing: [permission],
    scope: [permission],
    message:
      `this needs the permission ${permission} in ${orgOf(principal)}; the ${signed ? "consumer key's user holds" : 'access token grants'} ` +
      `${listed(principal.permissions, 'no permission')}. An org owner can give a role that includes it${signed ? '' : '; then get a new token'}`,
  };
}

function roleDenial(principal: AnyPrincipal, role: string): Denial {
  const signed = principal.credential.type === 'consumer_key';
  return {
    allowed: false,
    rule: 'role',
    missing: [role],
    scope: [role],
    message:
      `this needs the role ${role} in ${orgOf(principal)}; the ${signed ? "consumer key's user" : 'access token'} holds ` +
      `${listed(principal.roles, 'no role')}`,
  };
}

function orgOf(principal: AnyPrincipal): string {
  return principal.orgId === null
    ? 'an organization (the signed request names none, and its user belongs to several)'
    : `organization ${principal.orgId}`;
}

function userOnlyDenial(principal: Principal): Denial {
  return {
    allowed: false,
    rule: 'user_only',
    missing: ['user'],
    scope: [],
    message:
      `only a user may do this; this access token belongs to the app ${principal.clientId} acting as itself ` +
      '(client_credentials). Use an API token, or an app that signs the user in',
  };
}

/** Undefined when the consumer key's rules allow the call; otherwise the denial naming the rule needed. */
function requestRuleDecision(principal: AnyPrincipal, requirement: Requirement): Denial | undefined {
  const { method, path } = requirement;
  if (typeof method !== 'string' || typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError(
      'a request rule needs both method and path (starting with /), e.g. { method: "GET", path: "/billing" }',
    );
  }
  const rule = `${method.toUpperCase()} ${path}`;
  if ('rules' in principal) {
    if (rulesAllow(principal.rules, method, path)) return undefined;
    return {
      allowed: false,
      rule: 'request_rule',
      missing: [rule],
      scope: [],
      message:
        `no access rule of this consumer key allows ${rule}; request a new consumer key whose accessRules ` +
        `include {"method":"${method.toUpperCase()}","path":"${path}"} or a wider pattern`,
    };
  }
  return {
    allowed: false,
    rule: 'request_rule',
    missing: [rule],
    scope: [],
    message:
      `${rule} is allowed here by consumer-key access rules (an OVH-signed request); an access token ` +
      'carries no such rules (it is authorized by its permissions)',
  };
}

/** `csp:org_owner` → `org_owner`; `external/billing/admin` → `billing:admin`. */
function normalizeRole(role: string): string {
  if (role.startsWith('csp:')) return role.slice(4);
  const external = parseExternal(role);
  return external ? `${external.service}:${external.rest}` : role;
}

/** `external/billing/billing:read` → `billing:read`. */
function normalizePermission(permission: string): string {
  return parseExternal(permission)?.rest ?? permission;
}

function listed(values: readonly string[], none: string): string {
  if (values.length === 0) return none;
  const shown = values.slice(0, 10).join(', ');
  return values.length > 10 ? `${shown} and ${values.length - 10} more` : shown;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
