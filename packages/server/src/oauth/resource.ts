import type { ScopeSet } from '../core/scopes.js';
import { resourceUriProblem } from '../identity/services/service.js';
import type { Service } from '../identity/services/store.js';
import { OAuthError } from './errors.js';

/** A resource server a token is asked for (RFC 8707): its URI, which becomes `aud`, and the service behind it. */
export interface Target {
  uri: string;
  service: Service;
}

/**
 * The targets a request names, RFC 8707 §2: `resource` (absolute URI, no fragment; several only where the
 * caller says so), or `audience` — RFC 8693's parameter, also what several providers' clients send — when it
 * names the same thing. Each must be a registered service's resource URI, compared exactly; anything else is
 * invalid_target saying why. `options.own` is Keyward's own resource identifier (the issuer, as its protected
 * resource metadata says, RFC 9728): naming it alone asks for what no resource asks for, a token for Keyward.
 */
export function readTargets(
  resources: readonly string[],
  audience: string | undefined,
  services: ReadonlyMap<string, Service>,
  options: { several: boolean; own: string },
): Target[] {
  if (audience !== undefined && resources.length > 0 && !resources.includes(audience)) {
    throw new OAuthError(
      'invalid_target',
      'resource and audience name different targets; send the resource URI once, as resource',
    );
  }
  const uris = resources.length > 0 ? [...new Set(resources)] : audience !== undefined ? [audience] : [];
  if (uris.includes(options.own)) {
    if (uris.length === 1) return [];
    throw new OAuthError(
      'invalid_target',
      `${options.own} is Keyward's own API, whose tokens carry no other resource; ask for it apart`,
    );
  }
  if (uris.length > 1 && !options.several) {
    throw new OAuthError(
      'invalid_target',
      'a token is issued for one resource at a time: send resource once, and ask again for each other resource',
    );
  }
  return uris.map((uri) => findTarget(uri, services));
}

/** The registered service whose resource URI is `uri`; invalid_target otherwise (RFC 8707 §2). */
export function findTarget(uri: string, services: ReadonlyMap<string, Service>): Target {
  const problem = resourceUriProblem(uri);
  if (problem) throw new OAuthError('invalid_target', `resource ${uri.slice(0, 200)} ${problem}`);
  for (const service of services.values()) if (service.resource === uri) return { uri, service };
  throw new OAuthError(
    'invalid_target',
    `no service of this Keyward has the resource URI ${uri.slice(0, 200)}; it must be written exactly as registered`,
  );
}

/**
 * A scope asked together with resources names only what those resources' tokens can carry: their services'
 * roles and permissions. Org roles are Keyward's own (they reach only tokens for Keyward's API, asked without
 * resource); another service's role would never reach any of these tokens. Either is invalid_scope.
 */
export function checkScopeFitsTargets(requested: ScopeSet, targets: readonly Target[]): void {
  if (targets.length === 0 || requested.allRoles) return;
  const ids = targets.map((target) => target.service.id);
  const foreign = [...requested.serviceRoles, ...requested.permissions].filter(
    (value) => !ids.includes(value.slice(0, value.indexOf(':'))),
  );
  const beyond = [...requested.orgRoles, ...foreign];
  if (beyond.length > 0) {
    throw new OAuthError(
      'invalid_scope',
      `${beyond.join(', ')} cannot be in a token for ${targets.map((target) => target.uri).join(', ')}: a ` +
        `token for a resource carries only its service's roles and permissions (org roles come with tokens ` +
        `asked for without resource)`,
    );
  }
}

/**
 * The target of a token for a user's grant (RFC 8707 §2.2): the one asked for, which must be among the grant's
 * resources when the authorization named some; else the grant's only resource; else none (Keyward's own API).
 */
export function targetForGrant(
  grantResources: readonly string[] | undefined,
  asked: Target | undefined,
  services: ReadonlyMap<string, Service>,
): Target | undefined {
  const resources = grantResources ?? [];
  if (asked) {
    if (resources.length > 0 && !resources.includes(asked.uri)) {
      throw new OAuthError(
        'invalid_target',
        `this grant was authorized for ${resources.join(', ')}; resource ${asked.uri} was not among them`,
      );
    }
    return asked;
  }
  if (resources.length === 0) return undefined;
  if (resources.length > 1) {
    throw new OAuthError(
      'invalid_target',
      `this grant covers several resources (${resources.join(', ')}): send resource with the one this token is for`,
    );
  }
  return findTarget(resources[0] as string, services);
}

/** The services behind a grant's resources, as far as they are still registered. */
export function serviceIdsOf(resources: readonly string[], services: ReadonlyMap<string, Service>): string[] {
  return [...services.values()]
    .filter((service) => service.resource !== null && resources.includes(service.resource))
    .map((service) => service.id);
}
