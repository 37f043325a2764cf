import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { ApiTokenExchange } from '../../api-tokens/exchange.js';
import type { ApiTokenService } from '../../api-tokens/service.js';
import type { ApiToken } from '../../api-tokens/store.js';
import type { Config } from '../../config/load.js';
import { ApiError } from '../../core/errors.js';
import type { Authenticator } from '../../http/authenticate.js';
import { parameter } from '../../http/lenient-body.js';
import type { App } from '../../http/types.js';
import { tokenAnswer } from '../../oauth/token-answer.js';
import { CSP_API } from './keys-routes.js';
import { CspName, CspText, OrgPath, orNull } from './schemas.js';
import { CspAllowedScopesBody, fromCspAllowedScopes, toCspAllowedScopes } from './scopes.js';

/** What CSP's API-token routes use. */
export interface CspApiTokenRouteDeps {
  apiTokenExchange: Pick<ApiTokenExchange, 'details' | 'exchange' | 'scopeNow'>;
  apiTokens: Pick<ApiTokenService, 'generate' | 'setActive'>;
  auth: Pick<Authenticator, 'require'>;
  config: Pick<Config, 'issuer'>;
}

/** The native API's bound on reminder days. */
const MAX_REMINDER_DAYS = 365;

/** CSP's body for generating an API token (docs/wire/csp.md#api-token-management). */
const GenerateTokenBody = Type.Object({
  orgId: orNull(CspText('orgId', 64)),
  tokenName: CspName(64, 'tokenName is required, up to 64 characters'),
  allowedScopes: orNull(CspAllowedScopesBody),
  refreshTokenTTL: orNull(
    Type.Integer({
      refusal:
        "refreshTokenTTL is the token's lifetime in whole seconds (e.g. 15552000 for 180 days), or null for " +
        'a token that never expires; leave it out for six months',
    }),
  ),
  notifyBeforeExpiry: orNull(
    Type.Integer({
      minimum: 0,
      maximum: MAX_REMINDER_DAYS,
      refusal:
        `notifyBeforeExpiry is a whole number of days from 0 to ${MAX_REMINDER_DAYS}: the reminder e-mail goes ` +
        'that many days before the token expires (0 or null: no reminder)',
    }),
  ),
});

const TokenIdsBody = Type.Object({
  ids: Type.Array(Type.String({ maxLength: 64 }), {
    refusal: 'send {"ids": ["<token id>", …]} with at most 15 ids',
  }),
});

const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));
const origin = (request: FastifyRequest) => ({ ip: request.ip, requestId: request.id });

/**
 * CSP's API-token surface (docs/wire/csp.md#api-token-exchange): the exchange in all clients' spellings, the
 * details, generation with CSP's body, and owners' bulk deactivation. Routes marked `oauthErrors` answer
 * failures with CspErrorResponse plus RFC 6749 `error`/`error_description` (docs/wire/csp.md#error-body).
 */
export function registerCspApiTokenRoutes(csp: App, c: CspApiTokenRouteDeps): void {
  csp.post(
    `${CSP_API}/auth/api-tokens/authorize`,
    { schema: { hide: true }, config: { oauthErrors: true } },
    async (request) => {
      // api_token is preferred, refresh_token is what most clients send; body or query string; grant_type ignored.
      const value = parameter(request, 'api_token', 512) ?? parameter(request, 'refresh_token', 512);
      if (!value) {
        throw new ApiError(
          'request.invalid',
          'send the API token as api_token (or refresh_token) in a form body',
        );
      }
      const result = await c.apiTokenExchange.exchange(value, origin(request));
      return tokenAnswer({ ...result, tokenType: 'Bearer', refreshToken: result.apiToken }, 'csp');
    },
  );

  csp.post(`${CSP_API}/auth/api-tokens/details`, { schema: { hide: true } }, async (request) => {
    const value = parameter(request, 'tokenValue', 512);
    if (!value) throw new ApiError('request.invalid', 'send {"tokenValue": "<API token>"}');
    const { token, user } = await c.apiTokenExchange.details(value, origin(request));
    return {
      ...detailsOf(token, await c.apiTokenExchange.scopeNow(token)),
      acct: user.email,
      username: user.email,
      domain: new URL(c.config.issuer).hostname,
      idpId: 'keyward',
      token: value,
    };
  });

  csp.post(
    `${CSP_API}/loggedin/user/api-tokens`,
    { schema: { hide: true, body: GenerateTokenBody } },
    async (request, reply) => {
      const caller = await c.auth.require(request);
      const { tokenName, allowedScopes, refreshTokenTTL, notifyBeforeExpiry } = request.body;
      const orgId = request.body.orgId ?? caller.principal.orgId;
      if (!orgId)
        throw new ApiError('request.invalid', 'orgId is required when signed in without an org-bound token');
      const { scopes, openid } = fromCspAllowedScopes(allowedScopes);
      const { token, record } = await c.apiTokens.generate(caller, {
        orgId,
        name: tokenName,
        ttlSeconds: refreshTokenTTL,
        scopes,
        openid,
        notifyDaysBeforeExpiry: cspReminder(refreshTokenTTL, notifyBeforeExpiry),
      });
      return reply.code(201).send({ ...detailsOf(record, await c.apiTokenExchange.scopeNow(record)), token });
    },
  );

  for (const base of ['api-tokens', 'tokens']) {
    for (const [action, active] of [
      ['deactivate', false],
      ['activate', true],
    ] as const) {
      // `/orgs/{orgId}/tokens/...` is the deprecated spelling (docs/wire/csp.md#api-token-management).
      csp.post(
        `${CSP_API}/orgs/:orgId/${base}/${action}`,
        { schema: { hide: true, params: OrgPath, body: TokenIdsBody } },
        async (request) =>
          c.apiTokens.setActive(
            await c.auth.require(request),
            request.params.orgId,
            request.body.ids,
            active,
          ),
      );
    }
  }
}

/**
 * CSP's reminder days in Keyward's terms: 0 means no reminder, and CSP accepts a reminder on a token that never
 * expires (there is nothing to remind of, so none is kept) where the native API refuses it. A reminder longer
 * than the token's life is sent at once, as the native API does.
 */
function cspReminder(ttlSeconds: number | null | undefined, days: number | null | undefined): number | null {
  if (days === undefined || days === null || days === 0) return null;
  return ttlSeconds === null ? null : days;
}

/**
 * CSP's ApiTokenDetailsDto fields about the token (times in seconds, docs/wire/csp.md#token-details); `scope` is
 * what the exchange would grant now (ApiTokenExchange.scopeNow).
 */
function detailsOf(token: ApiToken, scope: string[]) {
  return {
    tokenId: token.id,
    tokenName: token.name,
    orgId: token.orgId,
    userId: token.userId,
    allowedScopes: toCspAllowedScopes(token.scopes, token.openid),
    scope,
    createdAt: seconds(token.createdAt),
    expiresAt: seconds(token.expiresAt),
    lastUsedAt: seconds(token.lastUsedAt),
    deactivated: token.deactivatedAt !== null,
    deactivatedUpdatedBy: token.deactivatedBy,
    deactivatedUpdatedOn: seconds(token.deactivatedAt),
  };
}
