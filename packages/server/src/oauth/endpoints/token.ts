import type { Container } from '../../container.js';
import { parameter } from '../../http/lenient-body.js';
import type { App } from '../../http/types.js';
import { OAuthError } from '../errors.js';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
/** RFC 8693 §3 lets servers define token types; this one names a Keyward API token. */
export const API_TOKEN_TYPE = 'urn:keyward:params:oauth:token-type:api_token';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/**
 * The native token endpoint. Grants are dispatched by `grant_type`; this one is RFC 8693 token exchange of a
 * personal API token for an access token (the standard spelling of CSP's api-tokens/authorize).
 */
export function registerTokenEndpoint(app: App, c: Container): void {
  c.discovery.native.endpoint('token_endpoint', '/oauth/token');
  c.discovery.native.support('grant_types_supported', TOKEN_EXCHANGE_GRANT);
  c.discovery.native.support('token_endpoint_auth_methods_supported', 'none');

  app.post('/oauth/token', { schema: { hide: true } }, async (request, reply) => {
    const grantType = parameter(request, 'grant_type');
    if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required');
    if (grantType !== TOKEN_EXCHANGE_GRANT) {
      throw new OAuthError(
        'unsupported_grant_type',
        `grant_type ${grantType.slice(0, 100)} is not supported`,
      );
    }
    const subjectTokenType = parameter(request, 'subject_token_type');
    if (subjectTokenType !== API_TOKEN_TYPE) {
      throw new OAuthError('invalid_request', `subject_token_type must be ${API_TOKEN_TYPE}`);
    }
    const requested = parameter(request, 'requested_token_type');
    if (requested !== undefined && requested !== ACCESS_TOKEN_TYPE) {
      throw new OAuthError('invalid_request', `requested_token_type may only be ${ACCESS_TOKEN_TYPE}`);
    }
    const subjectToken = parameter(request, 'subject_token', 256);
    if (!subjectToken) throw new OAuthError('invalid_request', 'subject_token is required');
    const result = await c.apiTokenExchange.exchange(subjectToken, { ip: request.ip, requestId: request.id });
    reply.header('cache-control', 'no-store');
    reply.header('pragma', 'no-cache');
    // RFC 8693 §2.2.1.
    return {
      access_token: result.accessToken,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: result.expiresIn,
      scope: result.scope,
      ...(result.idToken ? { id_token: result.idToken } : {}),
    };
  });
}
