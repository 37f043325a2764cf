import type { ConsumerKeyService } from '../../consumer-keys/service.js';
import type { App } from '../../http/types.js';
import { ApplicationPath, CredentialListQuery, CredentialPath, CredentialUpdateBody } from './schemas.js';
import { type OvhCallers, ok } from './scope.js';
import { apiApplication, apiCredential, nichandle } from './shapes.js';

/** What OVH's `/me` routes use. */
export interface OvhMeRouteDeps {
  consumerKeys: Pick<
    ConsumerKeyService,
    | 'applicationOfGranted'
    | 'deleteMyApp'
    | 'getGranted'
    | 'getMyApp'
    | 'listGranted'
    | 'listMyApps'
    | 'revokeGranted'
    | 'setAllowedIps'
  >;
}

/** `GET /me`: the account, which in Keyward is the user the call's credential found. */
export function registerOvhAccountRoutes(ovh: App, callers: OvhCallers): void {
  ovh.get('/me', async (request, reply) => ok(reply, nichandle(await callers.account(request))));
}

/** `/me/api/application`: the caller's own OVH applications (docs/wire/ovh.md#application-shape). */
export function registerOvhApplicationRoutes(ovh: App, c: OvhMeRouteDeps, callers: OvhCallers): void {
  ovh.get('/me/api/application', async (request, reply) => {
    const apps = await c.consumerKeys.listMyApps(await callers.caller(request));
    return ok(
      reply,
      apps.map((app) => app.id),
    );
  });

  const one = { schema: { params: ApplicationPath } };
  ovh.get('/me/api/application/:applicationId', one, async (request, reply) => {
    const id = Number(request.params.applicationId);
    return ok(reply, apiApplication(await c.consumerKeys.getMyApp(await callers.caller(request), id)));
  });

  ovh.delete('/me/api/application/:applicationId', one, async (request, reply) => {
    const id = Number(request.params.applicationId);
    await c.consumerKeys.deleteMyApp(await callers.caller(request), id);
    return ok(reply, null);
  });
}

/** `/me/api/credential`: the credentials the caller validated (docs/wire/ovh.md#credential-shape). */
export function registerOvhCredentialRoutes(ovh: App, c: OvhMeRouteDeps, callers: OvhCallers): void {
  ovh.get('/me/api/credential', { schema: { querystring: CredentialListQuery } }, async (request, reply) => {
    const { applicationId, status } = request.query;
    const credentials = await c.consumerKeys.listGranted(await callers.caller(request), {
      applicationId: applicationId ? Number(applicationId) : undefined,
      status,
    });
    return ok(
      reply,
      credentials.map((credential) => credential.id),
    );
  });

  const one = { schema: { params: CredentialPath } };
  ovh.get('/me/api/credential/:credentialId', one, async (request, reply) => {
    const id = Number(request.params.credentialId);
    return ok(reply, apiCredential(await c.consumerKeys.getGranted(await callers.caller(request), id)));
  });

  ovh.put(
    '/me/api/credential/:credentialId',
    { schema: { params: CredentialPath, body: CredentialUpdateBody } },
    async (request, reply) => {
      const id = Number(request.params.credentialId);
      const caller = await callers.caller(request);
      const { allowedIPs } = request.body;
      if (allowedIPs !== undefined) await c.consumerKeys.setAllowedIps(caller, id, allowedIPs);
      else await c.consumerKeys.getGranted(caller, id); // nothing to change, but the credential must be the caller's
      return ok(reply, null);
    },
  );

  ovh.delete('/me/api/credential/:credentialId', one, async (request, reply) => {
    const id = Number(request.params.credentialId);
    await c.consumerKeys.revokeGranted(await callers.caller(request), id);
    return ok(reply, null);
  });

  ovh.get('/me/api/credential/:credentialId/application', one, async (request, reply) => {
    const id = Number(request.params.credentialId);
    return ok(
      reply,
      apiApplication(await c.consumerKeys.applicationOfGranted(await callers.caller(request), id)),
    );
  });
}
