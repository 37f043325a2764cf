import type { Config } from '../../config/load.js';
import { ApiError } from '../../core/errors.js';
import { ORG_ROLES } from '../../core/roles.js';
import type { App } from '../../http/types.js';
import { SCOPES_SUPPORTED } from '../discovery.js';

/** What the protected resource metadata route uses. */
export interface ProtectedResourceDeps {
  config: Pick<Config, 'issuer'>;
}

/** RFC 9728 §3.1: the metadata of a resource whose identifier has no path (Keyward's: the issuer). */
export const PROTECTED_RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';

/**
 * RFC 9728 metadata of Keyward's own APIs as a protected resource. Its identifier is the issuer: the `aud` of
 * every access token asked for without `resource`, accepted by the management API (`/api/v1`) and by the CSP
 * and OVH dialects alike — one resource, not one per path, so there is no path-inserted form
 * (`/.well-known/oauth-protected-resource/api/v1` would have to name `<issuer>/api/v1`, which no token carries).
 * A client may send `resource=<issuer>` and gets such a token (docs/adr/0003).
 */
export function registerProtectedResourceMetadata(app: App, c: ProtectedResourceDeps): void {
  const issuer = c.config.issuer;
  app.get(PROTECTED_RESOURCE_METADATA_PATH, { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return {
      resource: issuer,
      authorization_servers: [issuer],
      // The OIDC scopes and the org roles that decide management-API calls (service roles are other services').
      scopes_supported: [...SCOPES_SUPPORTED, ...ORG_ROLES],
      // RFC 6750 §2.1 only; CSP's csp-auth-token header is not a registered method.
      bearer_methods_supported: ['header'],
      resource_name: 'Keyward',
      resource_documentation: `${issuer}/docs`,
    };
  });
}

/**
 * RFC 9728 §5.1: the management API's 401s name its metadata in their Bearer challenge, so a client that knows
 * only the API's URL finds the authorization server. A 401 without a challenge gets one (RFC 9110 §15.5.2);
 * a wrong e-mail or password at sign-in is no bearer matter and keeps its answer.
 */
export function withResourceMetadata(error: ApiError, issuer: string): ApiError {
  if (error.status !== 401 || error.code === 'auth.invalid_credentials') return error;
  const challenge = error.headers?.['www-authenticate'] ?? 'Bearer realm="keyward"';
  if (!/^bearer\b/i.test(challenge)) return error;
  const resourceMetadata = `${issuer}${PROTECTED_RESOURCE_METADATA_PATH}`;
  return new ApiError(error.code, error.message, error.details, {
    ...error.headers,
    'www-authenticate': `${challenge}, resource_metadata="${resourceMetadata}"`,
  });
}
