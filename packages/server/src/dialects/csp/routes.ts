import type { Config } from '../../config/load.js';
import type { App } from '../../http/types.js';
import { type CspApiTokenRouteDeps, registerCspApiTokenRoutes } from './api-token-routes.js';
import { type CspAppRouteDeps, registerCspAppRoutes } from './app-routes.js';
import { type CspClientRouteDeps, registerCspClientRoutes } from './client-routes.js';
import { type CspDiscoveryRouteDeps, registerCspDiscoveryRoutes } from './discovery-routes.js';
import { type CspKeyRouteDeps, registerCspKeyRoutes } from './keys-routes.js';
import { type CspOAuthRouteDeps, registerCspOAuthRoutes } from './oauth-routes.js';
import { prepareCspScope } from './scope.js';
import { type CspTokenRouteDeps, registerCspTokenRoutes } from './token-routes.js';
import { type CspUserinfoRouteDeps, registerCspUserinfoRoutes } from './userinfo-routes.js';

/** What the CSP dialect's routes use. */
export type CspRouteDeps = CspApiTokenRouteDeps &
  CspAppRouteDeps &
  CspClientRouteDeps &
  CspDiscoveryRouteDeps &
  CspKeyRouteDeps &
  CspOAuthRouteDeps &
  CspTokenRouteDeps &
  CspUserinfoRouteDeps & { config: Pick<Config, 'limits'> };

/** The CSP dialect (docs/wire/csp.md), in one scope under `/csp/gateway/am/api`. */
export async function registerCspRoutes(app: App, c: CspRouteDeps): Promise<void> {
  await app.register((csp: App, _options, done) => {
    prepareCspScope(csp, c.config.limits.bodyBytes);
    registerCspKeyRoutes(csp, c);
    registerCspDiscoveryRoutes(csp, c);
    registerCspApiTokenRoutes(csp, c);
    registerCspAppRoutes(csp, c);
    registerCspClientRoutes(csp, c);
    registerCspTokenRoutes(csp, c);
    registerCspOAuthRoutes(csp, c);
    registerCspUserinfoRoutes(csp, c);
    done();
  });
}
