import type { Authenticator } from '../../http/authenticate.js';
import { ErrorBody } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { ServiceBody, ServiceIdParams, serviceView, UpdateServiceBody } from './schemas.js';
import type { ServiceCatalog } from './service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** PATCH /services/{id}: a platform operator edits a registered service. */
export function registerServiceEditRoute(
  app: App,
  deps: { auth: Pick<Authenticator, 'require'>; services: Pick<ServiceCatalog, 'update'> },
): void {
  app.patch(
    '/services/:serviceId',
    {
      schema: {
        tags: ['services'],
        summary: "Edit a service's name, description, permissions and roles (platform operators)",
        description:
          'Each field given replaces the current one; the id and resource URI stay. A role that members or ' +
          'apps hold cannot be left out (409 service.role_in_use); changing the permissions of a role changes ' +
          'what its holders may do from their next access token on.',
        params: ServiceIdParams,
        body: UpdateServiceBody,
        response: { 200: ServiceBody, ...errors },
      },
    },
    async (request) =>
      serviceView(
        await deps.services.update(await deps.auth.require(request), request.params.serviceId, request.body),
      ),
  );
}
