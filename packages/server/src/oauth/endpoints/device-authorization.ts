import { DEVICE_CODE_GRANT } from '../../apps/store.js';
import type { Config } from '../../config/load.js';
import type { DiscoveryRegistry } from '../../http/discovery-registry.js';
import { parameter, parameterValues } from '../../http/lenient-body.js';
import type { App } from '../../http/types.js';
import type { IdentityDirectory } from '../../identity/directory.js';
import type { ClientAuthenticator } from '../clients.js';
import type { DeviceFlow } from '../device/service.js';
import { OAuthError } from '../errors.js';
import { readRequestedScope } from '../requested-scope.js';
import { refuseOtherMethods } from './methods.js';

/** What the device authorization endpoint uses. */
export interface DeviceAuthorizationEndpointDeps {
  clientAuth: Pick<ClientAuthenticator, 'authenticate'>;
  config: Pick<Config, 'issuer'>;
  deviceFlow: Pick<DeviceFlow, 'start'>;
  discovery: { native: DiscoveryRegistry };
  identity: Pick<IdentityDirectory, 'services'>;
}

/**
 * RFC 8628 §3.1–3.2, the device authorization endpoint: authenticateClient (as the token endpoint does; a
 * native app is a public client and sends its client_id) → checkGrantType → readRequestedScope (as an
 * authorization request reads it, RFC 8707 resources included) → start → the codes and where the user enters
 * them. Errors are the token endpoint's (§3.2).
 */
export function registerDeviceAuthorizationEndpoint(app: App, c: DeviceAuthorizationEndpointDeps): void {
  c.discovery.native.endpoint('device_authorization_endpoint', '/oauth/device_authorization');

  app.post('/oauth/device_authorization', { schema: { hide: true } }, async (request, reply) => {
    const { app: client } = await c.clientAuth.authenticate(request);
    if (!client.grantTypes.includes(DEVICE_CODE_GRANT)) {
      throw new OAuthError(
        'unauthorized_client',
        `app ${client.id} may not use the device authorization grant; add ${DEVICE_CODE_GRANT} to its grant types`,
      );
    }
    const scope = readRequestedScope(
      client,
      {
        scope: parameter(request, 'scope', 4096),
        resources: parameterValues(request, 'resource', 2048),
        audience: parameter(request, 'audience', 2048),
      },
      { services: await c.identity.services(), issuer: c.config.issuer },
    );
    const started = await c.deviceFlow.start(client, scope);
    reply.header('pragma', 'no-cache');
    return {
      device_code: started.deviceCode,
      user_code: started.userCode,
      verification_uri: started.verificationUri,
      verification_uri_complete: started.verificationUriComplete,
      expires_in: started.expiresIn,
      interval: started.interval,
    };
  });
  refuseOtherMethods(app, '/oauth/device_authorization', ['POST']);
}
