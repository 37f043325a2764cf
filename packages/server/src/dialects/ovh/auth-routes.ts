import type { FastifyRequest } from 'fastify';
import type { CredentialRequests } from '../../consumer-keys/requests.js';
import type { ConsumerKeyService } from '../../consumer-keys/service.js';
import type { Clock } from '../../core/clock.js';
import type { App } from '../../http/types.js';
import { CredentialRequestBody } from './schemas.js';
import { type OvhCallers, ok } from './scope.js';
import { apiCredential } from './shapes.js';

/** What OVH's `/auth` routes use. */
export interface OvhAuthRouteDeps {
  clock: Clock;
  consumerKeys: Pick<ConsumerKeyService, 'getGranted' | 'logout'>;
  credentialRequests: Pick<CredentialRequests, 'requestCredential'>;
}

/**
 * OVH's `/auth` family (docs/wire/ovh.md#credential-request): the server time, a credential request (by the
 * application key alone), and what a signed call may learn of its own credential whatever its rules.
 */
export function registerOvhAuthRoutes(ovh: App, c: OvhAuthRouteDeps, callers: OvhCallers): void {
  ovh.get('/auth/time', async (_request, reply) => ok(reply, Math.floor(c.clock.now() / 1000)));

  ovh.post('/auth/credential', { schema: { body: CredentialRequestBody } }, async (request, reply) => {
    const { accessRules, redirection, allowedIPs } = request.body;
    const result = await c.credentialRequests.requestCredential(
      header(request, 'x-ovh-application'),
      {
        accessRules: accessRules.map(({ method, path }) => ({ method, path })),
        redirection,
        allowedIPs: allowedIPs ?? null,
      },
      { ip: request.ip, requestId: request.id },
    );
    return ok(reply, result);
  });

  ovh.get('/auth/currentCredential', async (request, reply) => {
    const { caller, credential } = await callers.signed(request, false);
    return ok(reply, apiCredential(await c.consumerKeys.getGranted(caller, credential.id)));
  });

  ovh.post('/auth/logout', async (request, reply) => {
    const { caller, credential } = await callers.signed(request, false);
    await c.consumerKeys.logout(caller, credential.id);
    return ok(reply, null);
  });

  ovh.get('/auth/details', async (request, reply) => {
    const { user, app, credential } = await callers.signed(request, false);
    return ok(reply, {
      account: user.id,
      allowedRoutes: credential.rules.map((rule) => ({ method: rule.method, path: rule.path })),
      description: app.name,
      identities: [`urn:v1:keyward:identity:account:${user.id}`],
      method: 'account',
      roles: [],
      user: user.email,
    });
  });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value.trim() : undefined;
}
