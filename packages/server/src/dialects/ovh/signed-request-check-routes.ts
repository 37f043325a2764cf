import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config/load.js';
import {
  CheckAnswer,
  type CheckAnswer as CheckAnswerType,
  SignedRequestCheckBody,
} from '../../consumer-keys/check-schemas.js';
import {
  type CheckVerdict,
  MAX_CHECKED_BODY_BYTES,
  SignedRequestChecks,
} from '../../consumer-keys/signed-request-checks.js';
import type { ConsumerKeyVerifier } from '../../consumer-keys/verifier.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import { ErrorBody } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import type { IdentityDirectory } from '../../identity/directory.js';
import type { OrgStore } from '../../identity/orgs/store.js';
import type { ClientAuthenticator } from '../../oauth/clients.js';
import { OAuthError } from '../../oauth/errors.js';
import { ovhErrorBody } from './errors.js';

/** What the endpoint uses of the server: client authentication, the signed-call verifier, identity reads. */
export interface SignedRequestCheckDeps {
  config: { ovh: Pick<Config['ovh'], 'signedRequestCheckers'> };
  clock: Clock;
  storage: { stores: { orgs: Pick<OrgStore, 'listForUser'> } };
  identity: IdentityDirectory;
  consumerKeyVerifier: ConsumerKeyVerifier;
  clientAuth: Pick<ClientAuthenticator, 'authenticate'>;
}

const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="keyward", charset="UTF-8"' };
/** base64 of the largest body checked, with room for padding. */
const MAX_BODY_BASE64 = Math.ceil(MAX_CHECKED_BODY_BYTES / 3) * 4;

/**
 * `POST /api/v1/signed-request-checks`: a gateway (or resource server) that received an OVH-signed request asks
 * Keyward, which holds the application secret, whether it is genuine and who signed it. Callers authenticate as
 * a confidential OAuth app listed in KEYWARD_SIGNED_REQUEST_CHECKERS (docs/gateway.md).
 *   authenticateChecker → readCheck → check (the signed-call pipeline) → answer
 */
export function registerSignedRequestCheckRoutes(api: App, deps: SignedRequestCheckDeps): void {
  const checks = new SignedRequestChecks({
    verifier: deps.consumerKeyVerifier,
    identity: deps.identity,
    orgs: deps.storage.stores.orgs,
    clock: deps.clock,
  });
  const checkers = new Set(deps.config.ovh.signedRequestCheckers);

  api.post(
    '/signed-request-checks',
    {
      // The body carries the signed request's own body in base64.
      bodyLimit: MAX_BODY_BASE64 + 64 * 1024,
      schema: {
        tags: ['consumer keys'],
        summary:
          'Check an OVH-signed request received elsewhere (a gateway): whether the signature holds and who signed it',
        description:
          'For gateways and resource servers that take OVH-style signed requests without holding the application ' +
          'secret. Authenticate with HTTP Basic as a confidential OAuth app listed in ' +
          'KEYWARD_SIGNED_REQUEST_CHECKERS. A refused signature is answered 200 with valid: false, the reason, and ' +
          'the OVH-shaped error to send to the caller; 4xx answers are about the check request itself. Nothing is ' +
          'cached: each signature is checked afresh.',
        security: [{ clientBasic: [] }],
        body: SignedRequestCheckBody,
        response: {
          200: CheckAnswer,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          413: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (request) => {
      await authenticateChecker(request, deps, checkers);
      const { body } = request;
      if (isIP(body.clientIp) === 0) {
        throw new ApiError(
          'request.invalid',
          `clientIp must be the IPv4 or IPv6 address the request came from, not "${body.clientIp}"`,
        );
      }
      const signedBody = Buffer.from(body.body ?? '', 'base64');
      if (signedBody.length > MAX_CHECKED_BODY_BYTES) {
        throw new ApiError(
          'request.too_large',
          `the signed request's body is ${signedBody.length} bytes; at most ${MAX_CHECKED_BODY_BYTES} are checked`,
        );
      }
      const verdict = await checks.check({
        method: body.method,
        url: body.url,
        publicOrigin: body.publicOrigin,
        headers: body.headers,
        body: signedBody,
        clientIp: body.clientIp,
        rulesPrefix: body.rulesPrefix ?? '',
        orgId: body.orgId,
        requestId: request.id,
      });
      return answerOf(verdict, request.id);
    },
  );
}

/** A confidential app, by HTTP Basic (or client_secret_post), that the operator listed as a checker. */
async function authenticateChecker(
  request: FastifyRequest,
  deps: SignedRequestCheckDeps,
  checkers: ReadonlySet<string>,
): Promise<void> {
  let clientId: string;
  try {
    const { app, method } = await deps.clientAuth.authenticate(request);
    if (method === 'none') {
      throw new ApiError(
        'signed_request_check.not_allowed',
        'a public (native) app cannot check signed requests; use a server-to-server app',
      );
    }
    clientId = app.id;
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    if (error.status === 429) {
      throw new ApiError('auth.rate_limited', error.description, undefined, error.headers);
    }
    throw new ApiError(
      'auth.required',
      `${error.description}: authenticate with HTTP Basic as the OAuth app (client id and secret) listed in KEYWARD_SIGNED_REQUEST_CHECKERS`,
      undefined,
      BASIC_CHALLENGE,
    );
  }
  if (!checkers.has(clientId)) {
    throw new ApiError(
      'signed_request_check.not_allowed',
      `the app ${clientId} may not check signed requests: the operator lists the apps that may in KEYWARD_SIGNED_REQUEST_CHECKERS`,
    );
  }
}

function answerOf(verdict: CheckVerdict, requestId: string): CheckAnswerType {
  if (!verdict.valid) {
    const { error } = verdict;
    const retryAfter = error.headers?.['retry-after'];
    return {
      valid: false,
      code: error.code,
      status: error.status,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      ...(retryAfter ? { retryAfterSeconds: Number(retryAfter) } : {}),
      ovh: ovhErrorBody(error, requestId),
    };
  }
  return {
    valid: true,
    principal: verdict.principal,
    rules: verdict.rules,
    expiresAt: verdict.expiresAt === null ? null : new Date(verdict.expiresAt).toISOString(),
    request: verdict.request,
  };
}
