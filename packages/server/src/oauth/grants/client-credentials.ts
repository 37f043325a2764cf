import type { AppDirectory } from '../../apps/directory.js';
import type { AppGrant } from '../../apps/grant-store.js';
import type { OAuthApp } from '../../apps/store.js';
import type { Config } from '../../config/load.js';
import type { Clock } from '../../core/clock.js';
import { exceededBy, type Holdings, holdingsOf, onlyServices } from '../../core/scopes.js';
import type { IdentityDirectory } from '../../identity/directory.js';
import type { Service } from '../../identity/services/store.js';
import type { KeyRing } from '../../keys/service.js';
import { issueAccessToken } from '../../keys/tokens/access-token.js';
import { OAuthError } from '../errors.js';
import type { OAuthProvider } from '../provider.js';
import { checkScopeFitsTargets, type Target } from '../resource.js';
import { checkAppAllows, effectiveScope, parseScope } from '../scope.js';
import { type TokenResult, tokenTypeOf } from '../token-result.js';

/** What the client_credentials grant uses. */
export interface ClientCredentialsGrantDeps {
  appDirectory: Pick<AppDirectory, 'grant'>;
  identity: Pick<IdentityDirectory, 'services'>;
  keys: KeyRing;
  clock: Clock;
  config: Pick<Config, 'issuer'>;
  /** The memo of what an app may hold for a requested scope. */
  oauth: Pick<OAuthProvider, 'scopes'>;
}

/**
 * RFC 6749 §4.4, CSP's way (docs/wire/csp.md#client-credentials): the app is itself in one org — `orgId` (or
 * `org_id`), else its owning org — with the roles that org granted it, within the app's allowed scopes. A scope
 * naming roles beyond either is invalid_scope naming them (RFC 6749 §5.2), never a token with less; OIDC scopes
 * are ignored, as no user is involved. For a resource (RFC 8707), the token is for that service alone.
 *   checkGrantType → resolveOrg → findGrant → checkScope → computeScope → issueAccessToken (DPoP-bound or not)
 */
export async function clientCredentialsGrant(
  c: ClientCredentialsGrantDeps,
  app: OAuthApp,
  params: {
    orgId: string | undefined;
    scope: string | undefined;
    target?: Target | undefined;
    /** The DPoP key the token is bound to (RFC 9449 §5), if the request proved one. */
    dpopJkt?: string | undefined;
  },
): Promise<TokenResult> {
  if (!app.grantTypes.includes('client_credentials')) {
    throw new OAuthError('unauthorized_client', `a ${app.type} app may not use client_credentials`);
  }
  const orgId = params.orgId ?? app.ownerOrgId;
  const grant = await c.appDirectory.grant(app.id, orgId);
  if (!grant) {
    throw new OAuthError(
      'unauthorized_client',
      params.orgId
        ? `app ${app.id} is not added to organization ${orgId}; an owner of it adds the app first`
        : `app ${app.id} is not added to its own organization; pass orgId to choose an organization it was added to`,
    );
  }
  const services = await c.identity.services();
  const { target } = params;
  const key = `${params.scope ?? ''}\n${target?.uri ?? ''}`;
  const granted = c.oauth.scopes.get(grant, [app, services], key, () =>
    appScope(app, grant, orgId, services, params.scope, target),
  );
  const issued = issueAccessToken(c.keys, c.config.issuer, c.clock.now(), {
    subject: app.id,
    orgId,
    granted,
    credential: { type: 'client', id: app.id },
    clientId: app.id,
    ttlSeconds: app.accessTokenTtl,
    audience: target?.uri,
    dpopJkt: params.dpopJkt,
  });
  return {
    accessToken: issued.token,
    tokenType: tokenTypeOf(params.dpopJkt),
    expiresIn: issued.expiresIn,
    scope: issued.scope,
    refreshToken: null,
    idToken: null,
  };
}

/**
 * What a client_credentials token of `app` in `orgId` carries: the scope asked for (all the app may have when
 * none), within the app's allowed scopes and the roles the org granted it, for one service when `target` is
 * given. Throws invalid_scope naming what is beyond the grant. The access checks explain tokens with it too.
 */
export function appScope(
  app: OAuthApp,
  grant: AppGrant,
  orgId: string,
  services: ReadonlyMap<string, Service>,
  scope: string | undefined,
  target: Target | undefined,
): Holdings {
  const requested = parseScope(scope, services);
  checkAppAllows(requested.roles, app.scopes, services);
  checkScopeFitsTargets(requested.roles, target ? [target] : []);
  const held = holdingsOf(grant, [], services);
  const beyond = exceededBy(requested.roles, held);
  if (beyond.length > 0) {
    throw new OAuthError(
      'invalid_scope',
      `organization ${orgId} did not grant app ${app.id} ${beyond.join(', ')}; ask for what it granted ` +
        `(${describeGrant(grant)}), or ask an owner of it to grant more`,
    );
  }
  const all = effectiveScope(requested.roles, app.scopes, held, services);
  if (!target) return all;
  const forTarget = onlyServices(all, [target.service.id]);
  if (forTarget.serviceRoles.length + forTarget.permissions.length === 0) {
    throw new OAuthError(
      'invalid_scope',
      `organization ${orgId} granted app ${app.id} no role of ${target.service.name} (${target.uri}), so a ` +
        'token for it would carry nothing; ask an owner of the organization to grant one',
    );
  }
  return forTarget;
}

function describeGrant(grant: { orgRoles: readonly string[]; serviceRoles: readonly string[] }): string {
  const roles = [...grant.orgRoles, ...grant.serviceRoles];
  return roles.length > 0 ? roles.join(', ') : 'no role';
}
