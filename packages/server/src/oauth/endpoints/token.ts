import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiTokenExchange } from '../../api-tokens/exchange.js';
import { CLIENT_SIGNING_ALGS } from '../../apps/client-keys.js';
import { DEVICE_CODE_GRANT, type OAuthApp } from '../../apps/store.js';
import type { Config } from '../../config/load.js';
import { isApiError } from '../../core/errors.js';
import type { DiscoveryRegistry } from '../../http/discovery-registry.js';
import { parameter, parameterValues } from '../../http/lenient-body.js';
import { publicUrlOf } from '../../http/request-target.js';
import type { App } from '../../http/types.js';
import type { IdentityDirectory } from '../../identity/directory.js';
import type { ClientAuthenticator } from '../clients.js';
import { DPOP_ALGS, type DpopProofChecker, DpopProofError } from '../dpop/proof.js';
import { OAuthError } from '../errors.js';
import { type AuthorizationCodeGrantDeps, authorizationCodeGrant } from '../grants/authorization-code.js';
import { type ClientCredentialsGrantDeps, clientCredentialsGrant } from '../grants/client-credentials.js';
import { type DeviceCodeGrantDeps, deviceCodeGrant } from '../grants/device-code.js';
import { type RefreshTokenGrantDeps, refreshTokenGrant } from '../grants/refresh-token.js';
import { readTargets, type Target } from '../resource.js';
import { tokenAnswer } from '../token-answer.js';
import { type TokenResult, tokenTypeOf } from '../token-result.js';
import { refuseOtherMethods } from './methods.js';

/** What the token endpoint uses: its own parts, and what each grant uses. */
export type TokenEndpointDeps = ClientCredentialsGrantDeps &
  AuthorizationCodeGrantDeps &
  RefreshTokenGrantDeps &
  DeviceCodeGrantDeps & {
    apiTokenExchange: Pick<ApiTokenExchange, 'exchange'>;
    clientAuth: Pick<ClientAuthenticator, 'authenticate'>;
    config: Pick<Config, 'issuer'>;
    discovery: { native: DiscoveryRegistry };
    dpop: Pick<DpopProofChecker, 'check' | 'currentNonce'>;
    identity: Pick<IdentityDirectory, 'services'>;
  };

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
/** RFC 8693 §3 lets servers define token types; this one names a Keyward API token. */
export const API_TOKEN_TYPE = 'urn:keyward:params:oauth:token-type:api_token';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

export const SUPPORTED_GRANTS = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
  DEVICE_CODE_GRANT,
  TOKEN_EXCHANGE_GRANT,
];

/**
 * Token endpoint work for /oauth/token and CSP's auth/token and auth/authorize (docs/wire/csp.md#app-tokens):
 *   checkGrantType → readTarget (RFC 8707) → authenticateClient → proveKey (DPoP, RFC 9449) → run the grant
 */
export async function handleTokenRequest(
  c: TokenEndpointDeps,
  request: FastifyRequest,
): Promise<TokenResult> {
  const grantType = parameter(request, 'grant_type', 200);
  if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required');
  const target = await readTarget(c, request);
  if (grantType === TOKEN_EXCHANGE_GRANT) {
    return tokenExchange(c, request, target, await proveKey(c, request, undefined));
  }
  if (!SUPPORTED_GRANTS.includes(grantType)) {
    // RFC 9700 §2.4: no resource-owner password grant, nor anything else unlisted.
    throw new OAuthError('unsupported_grant_type', `grant_type ${grantType} is not supported`);
  }
  const { app } = await c.clientAuth.authenticate(request);
  const dpopJkt = await proveKey(c, request, app);
  switch (grantType) {
    case 'client_credentials':
      return clientCredentialsGrant(c, app, {
        // orgId from CSP clients; org_id as a CSP-compatible service spells it (docs/wire/csp.md#app-tokens).
        orgId: parameter(request, 'orgId', 64) ?? parameter(request, 'org_id', 64),
        scope: parameter(request, 'scope', 4096),
        target,
        dpopJkt,
      });
    case DEVICE_CODE_GRANT:
      return deviceCodeGrant(c, app, {
        deviceCode: parameter(request, 'device_code', 256),
        target,
        dpopJkt,
      });
    case 'authorization_code':
      return authorizationCodeGrant(c, app, {
        code: parameter(request, 'code', 256),
        redirectUri: parameter(request, 'redirect_uri', 2048),
        codeVerifier: parameter(request, 'code_verifier', 256),
        target,
        dpopJkt,
      });
    default:
      return refreshTokenGrant(c, app, {
        refreshToken: parameter(request, 'refresh_token', 256),
        scope: parameter(request, 'scope', 4096),
        target,
        dpopJkt,
      });
  }
}

/**
 * RFC 9449 §5: a valid DPoP proof binds the tokens to its key (any client may send one); an app registered
 * with requireDpop gets no token without one (§5.2, `dpop_bound_access_tokens`). Answers the key's thumbprint.
 */
async function proveKey(
  c: TokenEndpointDeps,
  request: FastifyRequest,
  app: OAuthApp | undefined,
): Promise<string | undefined> {
  if (request.headers.dpop === undefined) {
    if (app?.requireDpop) {
      throw new OAuthError(
        'invalid_request',
        `app ${app.id} requires DPoP-bound tokens: send a DPoP proof header with each token request (RFC 9449)`,
      );
    }
    return undefined;
  }
  try {
    const proof = await c.dpop.check(request.headers.dpop, {
      method: request.method,
      url: publicUrlOf(c.config.issuer, request),
    });
    return proof.jkt;
  } catch (error) {
    if (!(error instanceof DpopProofError)) throw error;
    throw new OAuthError(
      error.code,
      error.message,
      400,
      error.nonce ? { 'dpop-nonce': error.nonce } : undefined,
    );
  }
}

/** `resource` (once here) or `audience`: the one resource server this token is for, if any (RFC 8707 §2.2). */
async function readTarget(c: TokenEndpointDeps, request: FastifyRequest): Promise<Target | undefined> {
  const resources = parameterValues(request, 'resource', 2048);
  const audience = parameter(request, 'audience', 2048);
  if (resources.length === 0 && audience === undefined) return undefined;
  return readTargets(resources, audience, await c.identity.services(), {
    several: false,
    own: c.config.issuer,
  })[0];
}

/** RFC 8693 exchange of a personal API token; a bad subject token is invalid_request (§2.2.2). */
async function tokenExchange(
  c: TokenEndpointDeps,
  request: FastifyRequest,
  target: Target | undefined,
  dpopJkt: string | undefined,
): Promise<TokenResult> {
  if (parameter(request, 'subject_token_type') !== API_TOKEN_TYPE) {
    throw new OAuthError('invalid_request', `subject_token_type must be ${API_TOKEN_TYPE}`);
  }
  const requested = parameter(request, 'requested_token_type');
  if (requested !== undefined && requested !== ACCESS_TOKEN_TYPE) {
    throw new OAuthError('invalid_request', `requested_token_type may only be ${ACCESS_TOKEN_TYPE}`);
  }
  const subjectToken = parameter(request, 'subject_token', 256);
  if (!subjectToken) throw new OAuthError('invalid_request', 'subject_token is required');
  try {
    const result = await c.apiTokenExchange.exchange(
      subjectToken,
      { ip: request.ip, requestId: request.id },
      target && { uri: target.uri, serviceId: target.service.id },
      dpopJkt,
    );
    return {
      accessToken: result.accessToken,
      tokenType: tokenTypeOf(dpopJkt),
      expiresIn: result.expiresIn,
      scope: result.scope,
      refreshToken: null,
      idToken: result.idToken,
    };
  } catch (error) {
    if (isApiError(error) && error.code.startsWith('api_token.'))
      throw new OAuthError('invalid_request', error.message);
    throw error;
  }
}

/** RFC 6749 §5.1 answer; token exchange adds issued_token_type (RFC 8693 §2.2.1). */
export function registerTokenEndpoint(app: App, c: TokenEndpointDeps): void {
  c.discovery.native.endpoint('token_endpoint', '/oauth/token');
  c.discovery.native.support('grant_types_supported', ...SUPPORTED_GRANTS);
  // RFC 8707 defines no metadata; this one, not IANA-registered, is what MCP and other clients look for.
  c.discovery.native.set('resource_indicators_supported', true);
  c.discovery.native.support(
    'token_endpoint_auth_methods_supported',
    'client_secret_basic',
    'client_secret_post',
    'private_key_jwt',
    'none',
  );
  c.discovery.native.support('token_endpoint_auth_signing_alg_values_supported', ...CLIENT_SIGNING_ALGS);
  c.discovery.native.support('dpop_signing_alg_values_supported', ...DPOP_ALGS);

  app.post('/oauth/token', { schema: { hide: true } }, async (request, reply) => {
    const result = await handleTokenRequest(c, request);
    reply.header('pragma', 'no-cache');
    answerDpopNonce(c, reply);
    const exchanged = parameter(request, 'grant_type') === TOKEN_EXCHANGE_GRANT;
    return tokenAnswer(result, 'oauth', exchanged ? ACCESS_TOKEN_TYPE : undefined);
  });
  refuseOtherMethods(app, '/oauth/token', ['POST']);
}

/** RFC 9449 §8.2: with nonces on, every token response carries the nonce for the client's next proof. */
export function answerDpopNonce(c: TokenEndpointDeps, reply: FastifyReply): void {
  const nonce = c.dpop.currentNonce();
  if (nonce !== null) reply.header('dpop-nonce', nonce);
}
