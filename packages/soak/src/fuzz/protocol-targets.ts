/**
 * The routes the OpenAPI document leaves out, by family: OAuth / OIDC, the pages, the CSP dialect, the console
 * and documentation, operations, and the OVH dialect (listed once, aimed at under /1.0 and /v1). Each with the
 * credentials it takes and a request it would accept. A test compares this list with the server's route table.
 */
import { WEB_REDIRECT } from '../credentials.js';
import type { Rand } from '../random.js';
import type { Body, Target } from './targets.js';
import type { FuzzWorld } from './world.js';

const CSP = '/csp/gateway/am/api';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const API_TOKEN_TYPE = 'urn:keyward:params:oauth:token-type:api_token';

const form = (fields: Record<string, string>): Body => ({ kind: 'form', fields: Object.entries(fields) });
export const json = (value: unknown): Body => ({ kind: 'json', value });

/** The token endpoint's requests, one per grant, each with the client it needs. */
function tokenRequest(world: FuzzWorld, rand: Rand): { body: Body } {
  const grant = rand.pick(['client_credentials', 'exchange', 'refresh_token', 'authorization_code', 'other']);
  switch (grant) {
    case 'client_credentials':
      return { body: form({ grant_type: 'client_credentials', orgId: world.orgId, scope: 'org_member' }) };
    case 'exchange':
      return {
        body: form({
          grant_type: TOKEN_EXCHANGE,
          subject_token_type: API_TOKEN_TYPE,
          subject_token: world.apiToken.token,
          resource: 'https://example.test/',
        }),
      };
    case 'refresh_token':
      return {
        body: form({ grant_type: 'refresh_token', refresh_token: world.refreshToken, scope: 'openid' }),
      };
    case 'authorization_code':
      return {
        body: form({
          grant_type: 'authorization_code',
          code: 'kwc0000000000000000000000000000000000000000',
          redirect_uri: WEB_REDIRECT,
          code_verifier: 'x'.repeat(43),
        }),
      };
    default:
      return { body: form({ grant_type: 'password', username: world.member.email, password: 'wrong' }) };
  }
}

const authorizeQuery = (world: FuzzWorld): [string, string][] => [
  ['client_id', world.webApp.id],
  ['redirect_uri', WEB_REDIRECT],
  ['response_type', 'code'],
  ['scope', 'openid profile offline_access'],
  ['state', 'fuzz'],
  ['nonce', 'fuzz'],
  ['code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'],
  ['code_challenge_method', 'S256'],
  ['orgId', world.orgId],
];

export const USER = ['session', 'bearer', 'none'] as const;
const CSP_USER = ['csp-token', 'bearer', 'session', 'none'] as const;
const SIGNED = ['ovh-signed', 'none'] as const;

/** The routes outside /api/v1, by family. */
export const PROTOCOL_TARGETS: Target[] = [
  // OAuth 2.0 / OpenID Connect.
  {
    family: 'oauth',
    methods: ['POST', 'GET'],
    path: '/oauth/token',
    auths: ['server-basic', 'web-basic', 'none'],
    build: tokenRequest,
  },
  {
    family: 'oauth',
    methods: ['POST'],
    path: '/oauth/introspect',
    auths: ['server-basic', 'bearer', 'none'],
    build: (w, r) => ({
      body: form({
        token: r.pick([w.accessToken, w.refreshToken, w.apiToken.token]),
        token_type_hint: 'access_token',
      }),
    }),
  },
  {
    family: 'oauth',
    methods: ['POST'],
    path: '/oauth/revoke',
    auths: ['web-basic', 'server-basic', 'none'],
    build: () => ({
      body: form({ token: 'kwr00000000000000000000000000000000000000000', token_type_hint: 'refresh_token' }),
    }),
  },
  {
    family: 'oauth',
    methods: ['GET', 'POST'],
    path: '/oauth/userinfo',
    auths: ['bearer', 'none'],
    // RFC 6750 §2.3 lets a client put the token in the query: the access log must not show it.
    build: (w, r) => (r.chance(0.3) ? { query: [['access_token', w.accessToken]] } : {}),
  },
  {
    family: 'oauth',
    methods: ['GET'],
    path: '/oauth/authorize',
    auths: ['session', 'none'],
    build: (w) => ({ query: authorizeQuery(w) }),
  },
  {
    family: 'oauth',
    methods: ['GET', 'POST'],
    path: '/oauth/logout',
    auths: ['session', 'none'],
    build: (w) => ({
      query: [
        ['client_id', w.webApp.id],
        ['post_logout_redirect_uri', 'https://soak.example/'],
        ['state', 'x'],
      ],
    }),
  },
  {
    family: 'oauth',
    methods: ['POST'],
    path: '/oauth/logout/confirm',
    auths: ['session', 'none'],
    build: (w) => ({ body: form({ csrf_token: w.session.csrfToken }) }),
  },
  { family: 'oauth', methods: ['GET'], path: '/.well-known/openid-configuration', auths: ['none'] },
  { family: 'oauth', methods: ['GET'], path: '/.well-known/oauth-authorization-server', auths: ['none'] },
  { family: 'oauth', methods: ['GET'], path: '/oauth/jwks', auths: ['none'] },
  { family: 'oauth', methods: ['GET'], path: '/.well-known/oauth-protected-resource', auths: ['none'] },
  {
    family: 'oauth',
    methods: ['POST', 'GET'],
    path: '/oauth/par',
    auths: ['web-basic', 'server-basic', 'none'],
    build: (w) => ({ body: form(Object.fromEntries(authorizeQuery(w))) }),
  },
  {
    family: 'oauth',
    methods: ['POST', 'GET'],
    path: '/oauth/device_authorization',
    auths: ['web-basic', 'server-basic', 'none'],
    build: (w, r) => ({
      body: form({ client_id: w.webApp.id, scope: r.pick(['openid', 'org_member', '']) }),
    }),
  },

  // Pages: the authorization interaction, OVH validation, application registration.
  { family: 'pages', methods: ['GET'], path: '{interaction}', auths: ['session', 'none'] },
  {
    family: 'pages',
    methods: ['POST'],
    path: '{interaction}/sign-in',
    auths: ['none', 'session'],
    build: (w) => ({
      body: form({ csrf_token: w.interaction.csrfToken, email: w.member.email, password: w.member.password }),
    }),
  },
  {
    family: 'pages',
    methods: ['POST'],
    path: '{interaction}/org',
    auths: ['session'],
    build: (w) => ({ body: form({ csrf_token: w.interaction.csrfToken, org: w.orgId }) }),
  },
  {
    family: 'pages',
    methods: ['POST'],
    path: '{interaction}/sign-out',
    auths: ['none'],
    build: (w) => ({ body: form({ csrf_token: w.interaction.csrfToken }) }),
  },
  {
    family: 'pages',
    methods: ['POST'],
    path: '{interaction}/consent',
    auths: ['session', 'none'],
    build: (w, r) => ({
      body: form({ csrf_token: w.interaction.csrfToken, org: w.orgId, decision: r.pick(['allow', 'deny']) }),
    }),
  },
  {
    family: 'pages',
    methods: ['GET'],
    path: '/auth/',
    auths: ['session', 'none'],
    build: (w) => ({ query: [['credentialToken', w.pendingToken]] }),
  },
  {
    family: 'pages',
    methods: ['POST'],
    path: '/auth/',
    auths: ['session', 'none'],
    build: (w, r) => ({
      body: form({
        csrf_token: w.session.csrfToken,
        credentialToken: w.pendingToken,
        validity: r.pick(['3600', '86400', 'unlimited']),
        decision: r.pick(['authorize', 'refuse']),
      }),
    }),
  },
  {
    family: 'pages',
    methods: ['POST'],
    path: '/auth/sign-in',
    auths: ['none'],
    build: (w) => ({
      body: form({
        csrf_token: 'x',
        credentialToken: w.pendingToken,
        email: w.member.email,
        password: 'not the password',
      }),
    }),
  },
  // The second step of a server-page sign-in: without a pending session it sends the browser back to sign in.
  {
    family: 'pages',
    methods: ['GET'],
    path: '/sign-in/second-factor',
    auths: ['session', 'none'],
    build: (_w, r) => ({
      query: [['next', r.pick(['/device', '/oauth/authorize', 'https://evil.example/'])]],
    }),
  },
  {
    family: 'pages',
    methods: ['POST'],
    path: '/sign-in/second-factor',
    auths: ['session', 'none'],
    build: (w, r) => ({
      query: [['next', '/device']],
      body: form({ csrf_token: w.session.csrfToken, code: r.pick(['123456', 'abcd-efgh-ijkl', '']) }),
    }),
  },
  // Forgot password: the request form, and the page a reset link opens (the token is well formed, never live).
  { family: 'pages', methods: ['GET'], path: '/account/forgot-password', auths: ['none'], build: () => ({}) },
  {
    family: 'pages',
    methods: ['POST'],
    path: '/account/forgot-password',
    auths: ['none'],
    build: (w, r) => ({
      body: form({ csrf_token: 'x'.repeat(43), email: r.pick([w.member.email, 'nobody@example.test', '']) }),
    }),
  },
  {
    family: 'pages',
    methods: ['GET'],
    path: '/account/reset-password',
    auths: ['none'],
    build: (_w, r) => ({ query: [['token', r.pick(['A'.repeat(43), 'short', ''])]] }),
  },
  {
    family: 'pages',
    methods: ['POST'],
    path: '/account/reset-password',
    auths: ['none'],
    build: (_w, r) => ({
      body: form({
        csrf_token: 'x'.repeat(43),
        token: 'A'.repeat(43),
        password: r.pick(['correct horse battery', '']),
        confirm: 'x',
      }),
    }),
  },
  // The page an e-mail verification link opens, and its confirm button.
  {
    family: 'pages',
    methods: ['GET'],
    path: '/account/verify-email',
    auths: ['none'],
    build: (_w, r) => ({ query: [['token', r.pick(['A'.repeat(43), 'short', ''])]] }),
  },
  {
    family: 'pages',
    methods: ['POST'],
    path: '/account/verify-email',
    auths: ['none'],
    build: () => ({ body: form({ csrf_token: 'x'.repeat(43), token: 'A'.repeat(43) }) }),
  },
  // The page an invitation link opens, and its form that creates the account.
  {
    family: 'pages',
    methods: ['GET'],
    path: '/account/invitation',
    auths: ['none'],
    build: (_w, r) => ({ query: [['token', r.pick(['A'.repeat(43), 'short', ''])]] }),
  },
  {
    family: 'pages',
    methods: ['POST'],
    path: '/account/invitation',
    auths: ['none'],
    build: (_w, r) => ({
      body: form({
        csrf_token: 'x'.repeat(43),
        token: 'A'.repeat(43),
        name: 'Fuzz',
        password: r.pick(['correct horse battery', '']),
        confirm: 'correct horse battery',
      }),
    }),
  },
  // The device flow's verification page (RFC 8628 §3.3); the code is well formed but rarely a live one.
  {
    family: 'pages',
    methods: ['GET'],
    path: '/device',
    auths: ['session', 'none'],
    build: (_w, r) => ({ query: [['user_code', r.pick(['BCDF-GHJK', 'bcdfghjk', ''])]] }),
  },
  {
    family: 'pages',
    methods: ['POST'],
    path: '/device',
    auths: ['session', 'none'],
    build: (w) => ({ body: form({ csrf_token: w.session.csrfToken, user_code: 'BCDF-GHJK', org: w.orgId }) }),
  },
  {
    family: 'pages',
    methods: ['POST'],
    path: '/device/decision',
    auths: ['session', 'none'],
    build: (w, r) => ({
      body: form({
        csrf_token: w.session.csrfToken,
        user_code: 'BCDF-GHJK',
        org: w.orgId,
        decision: r.pick(['allow', 'deny']),
      }),
    }),
  },
  {
    family: 'pages',
    methods: ['POST'],
    path: '/device/sign-in',
    auths: ['none'],
    build: (w) => ({
      body: form({ csrf_token: 'x', user_code: 'BCDF-GHJK', email: w.member.email, password: 'nope' }),
    }),
  },
  {
    family: 'pages',
    methods: ['POST'],
    path: '/device/sign-out',
    auths: ['none'],
    build: () => ({ body: form({ csrf_token: 'x', user_code: 'BCDF-GHJK' }) }),
  },
  { family: 'pages', methods: ['GET'], path: '/createApp/', auths: ['session', 'none'] },
  {
    family: 'pages',
    methods: ['POST'],
    path: '/createApp/',
    auths: ['session', 'none'],
    build: (w) => ({
      body: form({ csrf_token: w.session.csrfToken, name: 'fuzzed app', description: 'from the soak' }),
    }),
  },
  {
    family: 'pages',
    methods: ['POST'],
    path: '/createApp/sign-in',
    auths: ['none'],
    build: (w) => ({ body: form({ csrf_token: 'x', email: w.member.email, password: 'nope' }) }),
  },

  // CSP dialect.
  {
    family: 'csp',
    methods: ['POST'],
    path: `${CSP}/auth/api-tokens/authorize`,
    auths: ['none'],
    build: (w, r) =>
      r.chance(0.5)
        ? { body: form({ grant_type: 'refresh_token', refresh_token: w.apiToken.token }) }
        : { query: [['api_token', w.apiToken.token]] },
  },
  {
    family: 'csp',
    methods: ['POST'],
    path: `${CSP}/auth/api-tokens/details`,
    auths: ['none'],
    build: (w) => ({ body: json({ tokenValue: w.apiToken.token }) }),
  },
  ...['auth/token', 'auth/authorize'].map(
    (path): Target => ({
      family: 'csp',
      methods: ['POST', 'GET'],
      path: `${CSP}/${path}`,
      auths: ['server-basic', 'web-basic', 'none'],
      build: tokenRequest,
    }),
  ),
  {
    family: 'csp',
    methods: ['GET'],
    path: `${CSP}/auth/token-public-key`,
    auths: ['none'],
    build: () => ({ query: [['format', 'jwks']] }),
  },
  { family: 'csp', methods: ['GET'], path: `${CSP}/auth/keys`, auths: ['none'] },
  { family: 'csp', methods: ['GET'], path: `${CSP}/auth/.well-known/openid-configuration`, auths: ['none'] },
  { family: 'csp', methods: ['GET'], path: `${CSP}/.well-known/openid-configuration`, auths: ['none'] },
  { family: 'csp', methods: ['GET'], path: `${CSP}/userinfo`, auths: CSP_USER },
  {
    family: 'csp',
    methods: ['POST'],
    path: `${CSP}/auth/introspect`,
    auths: ['server-basic', 'csp-token', 'none'],
    build: (w) => ({ body: form({ token: w.accessToken }) }),
  },
  {
    family: 'csp',
    methods: ['POST'],
    path: `${CSP}/auth/revoke`,
    auths: ['web-basic', 'none'],
    build: () => ({ body: form({ token: 'nothing' }) }),
  },
  {
    family: 'csp',
    methods: ['POST'],
    path: `${CSP}/auth/logout`,
    auths: CSP_USER,
    build: () => ({ body: json({ idToken: 'x' }) }),
  },
  {
    family: 'csp',
    methods: ['POST'],
    path: `${CSP}/v2/auth/logout`,
    auths: CSP_USER,
    build: () => ({ body: json({ idToken: 'x' }) }),
  },
  {
    family: 'csp',
    methods: ['GET'],
    path: '/csp/gateway/discovery',
    auths: ['session', 'none'],
    build: (w) => ({
      query: [
        ['client_id', w.webApp.id],
        ['redirect_uri', WEB_REDIRECT],
        ['state', 'x'],
        ['orgId', w.orgId],
      ],
    }),
  },
  {
    family: 'csp',
    methods: ['POST'],
    path: `${CSP}/loggedin/user/api-tokens`,
    auths: CSP_USER,
    build: () => ({
      body: json({
        tokenName: 'fuzz',
        refreshTokenTTL: 3600,
        allowedScopes: { allRoles: true },
        notifyBeforeExpiry: 0,
      }),
    }),
  },
  ...['api-tokens/deactivate', 'api-tokens/activate', 'tokens/deactivate', 'tokens/activate'].map(
    (action): Target => ({
      family: 'csp',
      methods: ['POST'],
      path: `${CSP}/orgs/{orgId}/${action}`,
      auths: CSP_USER,
      build: (w) => ({ body: json({ ids: [w.apiToken.id] }) }),
    }),
  ),
  {
    family: 'csp',
    methods: ['GET', 'POST'],
    path: `${CSP}/orgs/{orgId}/oauth-apps`,
    auths: CSP_USER,
    build: () => ({
      body: json({
        displayName: 'fuzz',
        description: 'x',
        allowedGrantTypes: ['client_credentials'],
        allowedScopes: { allRoles: true },
      }),
    }),
  },
  {
    family: 'csp',
    methods: ['GET', 'PATCH', 'DELETE'],
    path: `${CSP}/orgs/{orgId}/oauth-apps/{appId}`,
    auths: CSP_USER,
    build: () => ({ body: json({ displayName: 'renamed' }) }),
  },
  {
    family: 'csp',
    methods: ['PUT', 'POST', 'DELETE'],
    path: `${CSP}/orgs/{orgId}/oauth-apps/{appId}/secret`,
    auths: CSP_USER,
    build: () => ({ body: json({ secretRotationExpirationInSeconds: 60 }) }),
  },
  {
    family: 'csp',
    methods: ['GET', 'POST', 'DELETE'],
    path: `${CSP}/orgs/{orgId}/clients`,
    auths: CSP_USER,
    build: (w) => ({
      body: json({ ids: [w.serverApp.id], organizationRoles: [{ name: 'org_member' }], serviceRoles: [] }),
    }),
  },
  { family: 'csp', methods: ['DELETE'], path: `${CSP}/orgs/{orgId}/clients/{appId}`, auths: CSP_USER },

  // Console, documentation and operations.
  { family: 'console', methods: ['GET'], path: '/', auths: ['none'] },
  { family: 'console', methods: ['GET'], path: '/console', auths: ['session', 'none'] },
  { family: 'console', methods: ['GET'], path: '/console/', auths: ['session', 'none'] },
  { family: 'console', methods: ['GET'], path: '/console/account/api-tokens', auths: ['session', 'none'] },
  { family: 'console', methods: ['GET'], path: '/static/keyward.css', auths: ['none'] },
  { family: 'console', methods: ['GET'], path: '/docs', auths: ['none'] },
  { family: 'console', methods: ['GET'], path: '/docs/json', auths: ['none'] },
  { family: 'console', methods: ['GET'], path: '/docs/yaml', auths: ['none'] },
  { family: 'console', methods: ['GET'], path: '/docs/static/index.html', auths: ['none'] },
  { family: 'console', methods: ['GET'], path: '/docs/static/swagger-initializer.js', auths: ['none'] },
  { family: 'ops', methods: ['GET'], path: '/healthz', auths: ['none'] },
  { family: 'ops', methods: ['GET'], path: '/readyz', auths: ['none'] },
  { family: 'ops', methods: ['GET'], path: '/metrics', auths: ['none'] },
];

/** OVH dialect routes, under both /1.0 and /v1. */
export const OVH_ROUTES: Omit<Target, 'family'>[] = [
  { methods: ['GET'], path: '/auth/time', auths: ['none'] },
  {
    methods: ['POST'],
    path: '/auth/credential',
    auths: ['ovh-app', 'none'],
    build: () => ({
      body: json({
        accessRules: [
          { method: 'GET', path: '/me' },
          { method: 'GET', path: '/me/api/*' },
        ],
        redirection: 'https://soak.example/done',
        allowedIPs: null,
      }),
    }),
  },
  { methods: ['GET'], path: '/auth/currentCredential', auths: SIGNED },
  { methods: ['POST'], path: '/auth/logout', auths: SIGNED },
  { methods: ['GET'], path: '/auth/details', auths: SIGNED },
  { methods: ['GET'], path: '/me', auths: SIGNED },
  { methods: ['GET'], path: '/me/api/application', auths: SIGNED },
  { methods: ['GET', 'DELETE'], path: '/me/api/application/{applicationId}', auths: SIGNED },
  {
    methods: ['GET'],
    path: '/me/api/credential',
    auths: SIGNED,
    build: (w) => ({
      query: [
        ['applicationId', String(w.consumer.applicationId)],
        ['status', 'validated'],
      ],
    }),
  },
  {
    methods: ['GET', 'PUT', 'DELETE'],
    path: '/me/api/credential/{credentialId}',
    auths: SIGNED,
    build: () => ({ body: json({ allowedIPs: ['127.0.0.0/8'] }) }),
  },
  { methods: ['GET'], path: '/me/api/credential/{credentialId}/application', auths: SIGNED },
];
