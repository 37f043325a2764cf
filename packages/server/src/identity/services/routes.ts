import type { Authenticator } from '../../http/authenticate.js';
import { ErrorBody, Page, PageQuery, toPage } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { CreateServiceBody, ServiceBody, ServiceIdParams, serviceView } from './schemas.js';
import type { ServiceCatalog } from './service.js';

/** What the service catalogue routes use. */
export interface ServiceRouteDeps {
  auth: Pick<Authenticator, 'require'>;
  services: Pick<ServiceCatalog, 'create' | 'get' | 'list'>;
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export function registerServiceRoutes(app: App, c: ServiceRouteDeps): void {
  app.post(
    '/services',
    {
      schema: {
        tags: ['services'],
        summary: 'Register a protected service with its permissions and roles (platform operators)',
        body: CreateServiceBody,
        response: { 201: ServiceBody, 409: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const service = await c.services.create(await c.auth.require(request), request.body);
      return reply.code(201).send(serviceView(service));
    },
  );

  app.get(
    '/services',
    {
      schema: {
        tags: ['services'],
        summary: 'The registered services: what service roles and permissions exist',
        querystring: PageQuery,
        response: { 200: Page(ServiceBody), ...errors },
      },
    },
    async (request) => {
      const result = await c.services.list(await c.auth.require(request), request.query);
      return toPage(result, request.query, request.url, serviceView);
    },
  );

  app.get(
    '/services/:serviceId',
    {
      schema: {
        tags: ['services'],
        summary: 'One service',
        params: ServiceIdParams,
        response: { 200: ServiceBody, ...errors },
      },
    },
    async (request) =>
      serviceView(await c.services.get(await c.auth.require(request), request.params.serviceId)),
  );
}
