import type { Authenticator } from '../http/authenticate.js';
import { ErrorBody } from '../http/schemas.js';
import type { App } from '../http/types.js';
import { OrgIdParams } from '../identity/orgs/schemas.js';
import { AccessCheckBody, AccessCheckRequestBody } from './schemas.js';
import type { AccessChecks } from './service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export function registerAccessCheckRoutes(
  app: App,
  deps: { auth: Pick<Authenticator, 'require'>; accessChecks: AccessChecks },
): void {
  app.post(
    '/orgs/:orgId/access-checks',
    {
      schema: {
        tags: ['access checks'],
        summary: 'Why a credential, member or app can or cannot do something, step by step',
        description:
          'Answered by the code the requests run (the API-token exchange, the client_credentials grant, the ' +
          'OVH signature verifier). Owners and admins ask about anyone in the organization; members about ' +
          'themselves and their own credentials. Nothing is changed or recorded as a use.',
        params: OrgIdParams,
        body: AccessCheckRequestBody,
        response: { 200: AccessCheckBody, ...errors },
      },
    },
    async (request) => {
      const caller = await deps.auth.require(request);
      return deps.accessChecks.check(
        caller,
        request.params.orgId,
        request.body.credential,
        request.body.request,
      );
    },
  );
}
