import type { FastifyReply, FastifyRequest } from 'fastify';
import { isOvhSigned } from '../../http/authenticate.js';
import type { App } from '../../http/types.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * OVH's answers for OVH-signed calls to the management API: the OVH API answers every success with 200 and JSON,
 * `null` when there is nothing to say, and the npm `ovh` 2.x client treats any other status as an error. So a
 * signed call's 201 becomes 200 with the same body, and its 204 becomes 200 with `null`. Calls made with a session
 * or a bearer token keep the management API's statuses. A callback hook: it runs on every answer.
 */
export function answerSignedCallsAsOvh(api: App): void {
  api.addHook(
    'onSend',
    (
      request: FastifyRequest,
      reply: FastifyReply,
      payload: unknown,
      done: (error: null, body: unknown) => void,
    ) => {
      const status = reply.statusCode;
      if ((status !== 201 && status !== 204) || !isOvhSigned(request)) return done(null, payload);
      reply.code(200);
      if (status === 201 && payload !== null && payload !== undefined && payload !== '')
        return done(null, payload);
      reply.header('content-type', JSON_TYPE);
      done(null, 'null');
    },
  );
}
