import type { AppDirectory } from '../../apps/directory.js';
import { matchRedirectUri } from '../../apps/redirect-uris.js';
import type { OAuthApp } from '../../apps/store.js';
import type { Config } from '../../config/load.js';
import { PageError } from '../../http/page-error.js';
import type { IdentityDirectory } from '../../identity/directory.js';
import { isOAuthError } from '../errors.js';
import { readRequestedScope } from '../requested-scope.js';
import { cspImpliedOidc } from '../scope.js';
import type { AuthorizationRequest } from '../store.js';
import { AuthorizationFailure, type ReturnAddress } from './response.js';

/** What reading an authorization request uses. */
export interface AuthorizationRequestDeps {
  appDirectory: Pick<AppDirectory, 'app'>;
  config: Pick<Config, 'issuer'>;
  identity: Pick<IdentityDirectory, 'services'>;
}

/** Which spelling of the request: RFC 6749 / OIDC at /oauth/authorize, or CSP's /csp/gateway/discovery. */
export type AuthorizeDialect = 'native' | 'csp';

/**
 * A request as an interaction stores it. `failure` is only found in interactions an earlier version stored
 * (it deferred errors until sign-in); such a request ends with its error, never with a code.
 */
export interface PendingRequest extends AuthorizationRequest {
  failure?: { error: AuthorizationFailure['error']; description: string };
}

export type ReadRequest =
  | { kind: 'valid'; app: OAuthApp; to: ReturnAddress; request: PendingRequest }
  | { kind: 'invalid'; app: OAuthApp; to: ReturnAddress; failure: AuthorizationFailure };

/** RFC 7636 §4.2: an S256 challenge is the base64url SHA-256 of the verifier, 43 characters. */
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const ORG_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** CSP's deprecated spelling of the org (docs/wire/csp.md#browser-authorize). */
const ORG_LINK = /^\/csp\/am\/api\/orgs\/([A-Za-z0-9._-]{1,64})\/?$/;
const PROMPTS = new Set(['none', 'login', 'consent', 'select_account']);
const MAX_STATE = 2048;
const MAX_NONCE = 512;

/**
 * Validates an authorization request in RFC 6749 §4.1.2.1 order. What makes the redirect untrustworthy
 * (repeated parameters, the client, the redirect URI) throws a PageError; everything after that is a failure
 * to redirect: checkPushed → checkResponseType → readPrompt → checkPkce → readScope → readOrg.
 * `pushed`: the request came to /oauth/par (RFC 9126), so an app that requires pushing accepts it.
 */
export async function readAuthorizationRequest(
  c: AuthorizationRequestDeps,
  entries: Iterable<[string, string]>,
  dialect: AuthorizeDialect,
  options: { pushed: boolean } = { pushed: false },
): Promise<ReadRequest> {
  const { params, resources } = readParameters(entries);
  const app = await findClient(c, params.get('client_id'));
  const redirectUri = checkRedirectUri(app, params.get('redirect_uri'));
  const state = params.get('state') ?? null;
  const to = { redirectUri, state: state !== null && state.length > MAX_STATE ? null : state };
  try {
    if (state !== null && to.state === null)
      fail('invalid_request', `state is longer than ${MAX_STATE} characters`);
    if (app.requirePar && !options.pushed) {
      fail(
        'invalid_request',
        'this app sends its authorization requests through /oauth/par first (RFC 9126): push them there, ' +
          'then send only client_id and the request_uri it answers',
      );
    }
    checkResponseType(app, params, dialect);
    const prompt = readPrompt(params.get('prompt'));
    const nonce = params.get('nonce') ?? null;
    if (nonce !== null && nonce.length > MAX_NONCE)
      fail('invalid_request', `nonce is longer than ${MAX_NONCE} characters`);
    const codeChallenge = checkPkce(app, params);
    // What can be granted is what the consent page shows and the grant records.
    const scope = readRequestedScope(
      app,
      { scope: params.get('scope'), resources, audience: params.get('audience') },
      { services: await c.identity.services(), issuer: c.config.issuer },
      (oidc) => (dialect === 'csp' ? cspImpliedOidc(app, oidc, params.has('scope')) : oidc),
    );
    const request: PendingRequest = {
      clientId: app.id,
      redirectUri,
      redirectUriSent: true,
      state: to.state,
      nonce,
      scope,
      codeChallenge,
      prompt,
      orgId: readOrg(params),
    };
    return { kind: 'valid', app, to, request };
  } catch (error) {
    if (error instanceof AuthorizationFailure) return { kind: 'invalid', app, to, failure: error };
    // The scope and resource checks speak OAuthError; their codes are authorization error codes too.
    if (isOAuthError(error) && (error.error === 'invalid_scope' || error.error === 'invalid_target')) {
      return {
        kind: 'invalid',
        app,
        to,
        failure: new AuthorizationFailure(error.error, error.description),
      };
    }
    throw error;
  }
}

function fail(error: AuthorizationFailure['error'], description: string): never {
  throw new AuthorizationFailure(error, description);
}

/**
 * RFC 6749 §3.1: a repeated parameter is an error, and an empty one counts as absent — except `resource`, which
 * RFC 8707 §2 lets a client repeat.
 */
function readParameters(entries: Iterable<[string, string]>): {
  params: Map<string, string>;
  resources: string[];
} {
  const params = new Map<string, string>();
  const resources: string[] = [];
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    if (name === 'resource') {
      if (value !== '') resources.push(value);
      continue;
    }
    if (seen.has(name)) {
      throw new PageError(
        400,
        'This sign-in link is not valid',
        `The parameter ${name.slice(0, 40)} appears more than once. Go back to the application and try again.`,
      );
    }
    seen.add(name);
    if (value !== '') params.set(name, value);
  }
  return { params, resources };
}

export async function findClient(
  c: AuthorizationRequestDeps,
  clientId: string | undefined,
): Promise<OAuthApp> {
  const app =
    clientId !== undefined && clientId.length <= 256 ? await c.appDirectory.app(clientId) : undefined;
  if (!app) {
    throw new PageError(
      400,
      'Unknown application',
      'The application that sent you here is not registered (its client_id is missing or unknown). Contact its developer.',
    );
  }
  if (app.type === 'server') {
    throw new PageError(
      400,
      'This application cannot sign you in',
      `${app.name} is a server-to-server application; it obtains tokens without a browser.`,
    );
  }
  return app;
}

/** RFC 9700 §2.1: exact match, except the port of a native app's loopback URI (RFC 8252 §7.3). */
function checkRedirectUri(app: OAuthApp, redirectUri: string | undefined): string {
  if (
    redirectUri === undefined ||
    redirectUri.length > 2048 ||
    !matchRedirectUri(app.type, app.redirectUris, redirectUri)
  ) {
    throw new PageError(
      400,
      'This sign-in link is not valid',
      `The redirect_uri is ${redirectUri === undefined ? 'missing' : 'not one registered for this application'}, so you are not sent anywhere. Contact the developer of ${app.name}.`,
    );
  }
  return redirectUri;
}

/** Only `code` (RFC 9700 §2.1.2: no token from this endpoint). CSP's clients may leave response_type out. */
function checkResponseType(app: OAuthApp, params: Map<string, string>, dialect: AuthorizeDialect): void {
  const responseType = params.get('response_type') ?? (dialect === 'csp' ? 'code' : undefined);
  if (responseType === undefined)
    fail('invalid_request', 'response_type is required; send response_type=code');
  if (responseType !== 'code') {
    fail('unsupported_response_type', 'only response_type=code is supported (authorization code with PKCE)');
  }
  const mode = params.get('response_mode');
  if (mode !== undefined && mode !== 'query')
    fail('invalid_request', 'only response_mode=query is supported');
  if (!app.grantTypes.includes('authorization_code')) {
    fail('unauthorized_client', 'this app may not use the authorization code grant');
  }
}

/** OIDC Core §3.1.2.1: none, login, consent, select_account; none stands alone. */
function readPrompt(text: string | undefined): string[] {
  const prompt = [...new Set((text ?? '').split(' ').filter((value) => value !== ''))];
  const unknown = prompt.filter((value) => !PROMPTS.has(value));
  if (unknown.length > 0) fail('invalid_request', `unsupported prompt value ${unknown[0]?.slice(0, 40)}`);
  if (prompt.includes('none') && prompt.length > 1) {
    fail('invalid_request', 'prompt=none cannot be combined with another prompt value');
  }
  return prompt;
}

/**
 * RFC 7636 §4.4.1, RFC 8252 §8.1, ASVS 10.4.6: native apps (and web apps that require it) send an S256
 * challenge; `plain`, and a missing method (which means plain), are refused.
 */
function checkPkce(app: OAuthApp, params: Map<string, string>): string | null {
  const challenge = params.get('code_challenge');
  const method = params.get('code_challenge_method');
  if (challenge === undefined) {
    if (method !== undefined)
      fail('invalid_request', 'code_challenge_method was sent without code_challenge');
    if (app.type === 'native' || app.requirePkce) {
      fail('invalid_request', 'this app must use PKCE: send code_challenge with code_challenge_method=S256');
    }
    return null;
  }
  if (method !== 'S256') {
    fail('invalid_request', 'code_challenge_method must be S256; plain is not accepted');
  }
  if (!CHALLENGE.test(challenge)) {
    fail('invalid_request', 'code_challenge must be 43 base64url characters (an unpadded SHA-256)');
  }
  return challenge;
}

/** orgId (CSP), org_id, or CSP's deprecated orgLink=/csp/am/api/orgs/{orgId}. */
function readOrg(params: Map<string, string>): string | null {
  const orgId = params.get('orgId') ?? params.get('org_id');
  const link = params.get('orgLink');
  const linked = link === undefined ? undefined : ORG_LINK.exec(link)?.[1];
  if (link !== undefined && linked === undefined) {
    fail('invalid_request', 'orgLink must look like /csp/am/api/orgs/{orgId}');
  }
  if (orgId !== undefined && !ORG_ID.test(orgId)) fail('invalid_request', 'orgId is not an organization id');
  if (orgId !== undefined && linked !== undefined && orgId !== linked) {
    fail('invalid_request', 'orgId and orgLink name different organizations');
  }
  return orgId ?? linked ?? null;
}
