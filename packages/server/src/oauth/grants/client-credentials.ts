import type { OAuthApp } from '../../apps/store.js';
import { holdingsOf } from '../../core/scopes.js';
import { OAuthError } from '../errors.js';
import type { OAuthProvider, TokenResult } from '../provider.js';
import { checkAppAllows, effectiveScope, parseScope } from '../scope.js';
import { issueAccessToken } from '../tokens/access-token.js';

/**
 * RFC 6749 §4.4, as CSP does it (csp-wire §2.2–2.3, §5.2): the app acts as itself in one org — `orgId` (or
 * `org_id`), else its owning org — with the roles that org granted it, within the app's allowed scopes.
 *   checkGrantType → resolveOrg → findGrant → computeScope → issueAccessToken
 */
export async function clientCredentialsGrant(
  provider: OAuthProvider,
  app: OAuthApp,
  params: { orgId: string | undefined; scope: string | undefined },
): Promise<TokenResult> {
  if (!app.grantTypes.includes('client_credentials')) {
    throw new OAuthError('unauthorized_client', `a ${app.type} app may not use client_credentials`);
  }
  const { apps, identity, keys, issuer, clock } = provider.deps;
  const orgId = params.orgId ?? app.ownerOrgId;
  const grant = await apps.grant(app.id, orgId);
  if (!grant) {
    throw new OAuthError(
      'unauthorized_client',
      params.orgId
        ? `app ${app.id} is not added to organization ${orgId}; an owner of it adds the app first`
        : `app ${app.id} is not added to its own organization; pass orgId to choose an organization it was added to`,
    );
  }
  const services = await identity.services();
  const granted = provider.scopes.get(grant, [app, services], params.scope ?? '', () => {
    const requested = parseScope(params.scope, services);
    checkAppAllows(requested.roles, app.scopes, services);
    return effectiveScope(requested.roles, app.scopes, holdingsOf(grant, [], services), services);
  });
  const issued = issueAccessToken(keys, issuer, clock.now(), {
    subject: app.id,
    orgId,
    granted,
    credential: { type: 'client', id: app.id },
    clientId: app.id,
    ttlSeconds: app.accessTokenTtl,
  });
  return {
    accessToken: issued.token,
    expiresIn: issued.expiresIn,
    scope: issued.scope,
    refreshToken: null,
    idToken: null,
  };
}
