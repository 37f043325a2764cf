import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config/load.js';
import type { Authenticator } from '../../http/authenticate.js';
import type { DiscoveryRegistry } from '../../http/discovery-registry.js';
import type { App } from '../../http/types.js';
import { userClaims } from '../../keys/tokens/id-token.js';
import type { ActiveBearer } from '../tokens/bearer.js';
import { refuseOtherMethods } from './methods.js';

/** What the userinfo endpoint uses. */
export interface UserinfoDeps {
  auth: Pick<Authenticator<ActiveBearer>, 'requireUserBearer'>;
  config: Pick<Config, 'issuer'>;
  discovery: { native: DiscoveryRegistry };
}

/**
 * OIDC Core §5.3 UserInfo: the claims of the access token's user, in its org, as far as the token's scope
 * grants them (§5.4: `profile`, `email`). GET and POST.
 */
export function registerUserinfoEndpoint(app: App, c: UserinfoDeps): void {
  c.discovery.native.endpoint('userinfo_endpoint', '/oauth/userinfo');
  const handler = async (request: FastifyRequest) => {
    const { user, claims } = await c.auth.requireUserBearer(request);
    return userClaims(user, claims.context_name, c.config.issuer, claims.scope.split(' '));
  };
  app.get('/oauth/userinfo', { schema: { hide: true } }, handler);
  app.post('/oauth/userinfo', { schema: { hide: true } }, handler);
  refuseOtherMethods(app, '/oauth/userinfo', ['GET', 'POST']);
}
