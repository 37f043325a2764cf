import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkGuardSetup, type GuardOptions, requirementOf } from './guard.js';
import type { Principal } from './principal.js';
import type { Requirement } from './requirements.js';
import type { Verifier } from './verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, set by a `fastifyGuard` that let the request through. */
    keyward?: Principal;
  }
}

/**
 * A Fastify `preHandler` (or `onRequest`) hook: sets `request.keyward` to the principal, or answers the
 * refusal (RFC 6750, or CSP's shape for callers that sent `csp-auth-token`) and stops the request there.
 */
export function fastifyGuard(
  verifier: Verifier,
  requirement?: Requirement,
  options?: GuardOptions,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  checkGuardSetup(verifier, options);
  const wanted = requirementOf(requirement);
  return async (request, reply) => {
    const outcome = await verifier.check(request.headers, wanted, {
      ...options,
      // What a DPoP proof names (RFC 9449 §4.3); behind a proxy, the verifier's dpop.publicOrigin replaces the origin.
      request: { method: request.method, url: `${request.protocol}://${request.host}${request.url}` },
    });
    if (outcome.ok) {
      request.keyward = outcome.principal;
      return undefined;
    }
    const refusal = verifier.render(outcome.failure, outcome.dialect, request.id);
    return reply.code(refusal.status).headers(refusal.headers).send(refusal.body);
  };
}

export type { GuardOptions, Principal, Requirement, Verifier };
