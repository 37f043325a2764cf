import type { NextFunction, Request, Response } from 'express';
import { checkGuardSetup, type GuardOptions, requirementOf } from './guard.js';
import type { Principal } from './principal.js';
import type { Requirement } from './requirements.js';
import type { Verifier } from './verifier.js';

declare global {
  namespace Express {
    interface Request {
      /** The caller, set by an `expressGuard` that let the request through. */
      keyward?: Principal;
    }
  }
}

/**
 * An Express middleware (4 or 5): sets `req.keyward` to the principal and calls `next()`, or answers the
 * refusal (RFC 6750, or CSP's shape for callers that sent `csp-auth-token`). Unexpected errors go to `next(err)`.
 */
export function expressGuard(
  verifier: Verifier,
  requirement?: Requirement,
  options?: GuardOptions,
): (req: Request, res: Response, next: NextFunction) => void {
  checkGuardSetup(verifier, options);
  const wanted = requirementOf(requirement);
  return (req, res, next) => {
    // What a DPoP proof names (RFC 9449 §4.3); behind a proxy, the verifier's dpop.publicOrigin replaces the origin.
    const request = { method: req.method, url: `${req.protocol}://${req.get('host')}${req.originalUrl}` };
    verifier.check(req.headers, wanted, { ...options, request }).then((outcome) => {
      if (outcome.ok) {
        req.keyward = outcome.principal;
        next();
        return;
      }
      const requestId = req.get('x-request-id');
      const refusal = verifier.render(outcome.failure, outcome.dialect, requestId);
      res.status(refusal.status).set(refusal.headers).json(refusal.body);
    }, next);
  };
}

export type { GuardOptions, Principal, Requirement, Verifier };
