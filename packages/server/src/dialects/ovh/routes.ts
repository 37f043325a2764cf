import type { Config } from '../../config/load.js';
import type { VerifiedRequest } from '../../consumer-keys/verifier.js';
import type { Clock } from '../../core/clock.js';
import type { Authenticator } from '../../http/authenticate.js';
import type { App } from '../../http/types.js';
import type { ActiveBearer } from '../../oauth/tokens/bearer.js';
import { type OvhAuthRouteDeps, registerOvhAuthRoutes } from './auth-routes.js';
import {
  type OvhMeRouteDeps,
  registerOvhAccountRoutes,
  registerOvhApplicationRoutes,
  registerOvhCredentialRoutes,
} from './me-routes.js';
import { ovhCallers, prepareOvhScope } from './scope.js';

/** What the OVH dialect's routes use. */
export type OvhRouteDeps = OvhAuthRouteDeps &
  OvhMeRouteDeps & {
    auth: Pick<
      Authenticator<ActiveBearer, VerifiedRequest>,
      'require' | 'requireUserBearer' | 'verifySigned'
    >;
    clock: Clock;
    config: Pick<Config, 'limits'>;
  };

/** `/1.0` and `/v1` are aliases of one API (docs/wire/ovh.md#versions); rules match relative to either. */
export const OVH_PREFIXES = ['/1.0', '/v1'] as const;

/** Whether a request target belongs to the OVH dialect (so even a malformed one is answered in its shape). */
export function isOvhPath(url: string): boolean {
  return OVH_PREFIXES.some(
    (prefix) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`),
  );
}

/**
 * The OVH dialect (docs/wire/ovh.md): what the official OVH clients call, under both version prefixes.
 * Success is always 200 with JSON (`null` for void), errors are OVH's shape, every response has X-Ovh-QueryId.
 */
export async function registerOvhRoutes(app: App, c: OvhRouteDeps): Promise<void> {
  for (const prefix of OVH_PREFIXES) {
    await app.register(
      (ovh: App, _options, done) => {
        prepareOvhScope(ovh, { clock: c.clock, bodyLimit: c.config.limits.bodyBytes });
        const callers = ovhCallers(c.auth, prefix);
        registerOvhAuthRoutes(ovh, c, callers);
        registerOvhAccountRoutes(ovh, callers);
        registerOvhApplicationRoutes(ovh, c, callers);
        registerOvhCredentialRoutes(ovh, c, callers);
        done();
      },
      { prefix },
    );
  }
}
