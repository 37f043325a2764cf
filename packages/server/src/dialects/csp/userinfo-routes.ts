import type { Config } from '../../config/load.js';
import type { Authenticator } from '../../http/authenticate.js';
import type { DiscoveryRegistry } from '../../http/discovery-registry.js';
import type { App } from '../../http/types.js';
import { userClaims } from '../../keys/tokens/id-token.js';
import type { ActiveBearer } from '../../oauth/tokens/bearer.js';
import { CSP_API } from './keys-routes.js';

/** What CSP's userinfo routes use. */
export interface CspUserinfoRouteDeps {
  auth: Pick<Authenticator<ActiveBearer>, 'requireUserBearer'>;
  config: Pick<Config, 'issuer'>;
  discovery: { csp: DiscoveryRegistry };
}

/**
 * CSP's OidcUserInfoDto (docs/wire/csp.md#userinfo). Keyward has no groups: empty group lists. A token from a
 * user's grant to an app gets only the claims its scope grants, as at /oauth/userinfo; one from an API token
 * (the user's own credential) gets them all, as CSP answers.
 */
export function registerCspUserinfoRoutes(csp: App, c: CspUserinfoRouteDeps): void {
  c.discovery.csp.endpoint('userinfo_endpoint', `${CSP_API}/userinfo`);
  csp.get(`${CSP_API}/userinfo`, { schema: { hide: true } }, async (request) => {
    const { user, claims } = await c.auth.requireUserBearer(request);
    return {
      ...userClaims(
        user,
        claims.context_name,
        c.config.issuer,
        claims.cred.type === 'grant' ? claims.scope.split(' ') : undefined,
      ),
      context: claims.cred.id,
      group_ids: [],
      group_names: [],
    };
  });
}
