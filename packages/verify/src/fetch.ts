import { checkGuardSetup, type GuardOptions, requirementOf } from './guard.js';
import type { Principal } from './principal.js';
import type { Requirement } from './requirements.js';
import type { Verifier } from './verifier.js';

/**
 * A guard for the Fetch API (Hono, Bun, Deno, Cloudflare Workers, Next.js route handlers…): resolves to the
 * principal when the request may go on, or to the refusal `Response` (RFC 6750, or CSP's shape for callers that
 * sent `csp-auth-token`) to return as it is.
 */
export function fetchGuard(
  verifier: Verifier,
  requirement?: Requirement,
  options?: GuardOptions,
): (request: Request) => Promise<Response | Principal> {
  checkGuardSetup(verifier, options);
  const wanted = requirementOf(requirement);
  return async (request) => {
    const outcome = await verifier.check(request.headers, wanted, {
      ...options,
      request: { method: request.method, url: request.url },
    });
    if (outcome.ok) return outcome.principal;
    const refusal = verifier.render(
      outcome.failure,
      outcome.dialect,
      request.headers.get('x-request-id') ?? undefined,
    );
    return new Response(JSON.stringify(refusal.body), {
      status: refusal.status,
      headers: { ...refusal.headers, 'content-type': 'application/json; charset=utf-8' },
    });
  };
}
