import { createHash } from 'node:crypto';
import type { OAuthApp } from '../../apps/store.js';
import { safeEqual } from '../../core/server-key.js';
import { OAuthError } from '../errors.js';
import { CODE_TTL_MS, type OAuthProvider, type TokenResult } from '../provider.js';
import { type Target, targetForGrant } from '../resource.js';
import type { AuthorizationRequest, GrantScope } from '../store.js';

/** RFC 7636 §4.1: 43–128 characters of [A-Za-z0-9-._~]. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * Ends a successful browser authorization: a new grant family for (app, user, org) and its single-use code,
 * bound to the client, the redirect URI and the PKCE challenge. Returns the code to put in the redirect.
 */
export async function createAuthorizationCode(
  provider: OAuthProvider,
  input: {
    app: OAuthApp;
    userId: string;
    orgId: string;
    request: AuthorizationRequest;
    authTime: number;
    amr?: readonly string[];
    scope: GrantScope;
  },
): Promise<string> {
  const { storage, clock } = provider.deps;
  const now = clock.now();
  const code = provider.newAuthorizationCode();
  const family = provider.newFamily(input.app, input);
  await storage.transaction(async (stores) => {
    await stores.oauth.insertFamily(family);
    await stores.oauth.insertCode({
      codeHash: provider.hash('authorization_code', code),
      familyId: family.id,
      redirectUri: input.request.redirectUri,
      codeChallenge: input.request.codeChallenge,
      nonce: input.request.nonce,
      createdAt: now,
      expiresAt: now + CODE_TTL_MS,
      consumedAt: null,
    });
  });
  return code;
}

/**
 * RFC 6749 §4.1.3 with RFC 7636 and RFC 9700 §2.1.1, §4.2.4, §4.8:
 *   findCode → checkClient → checkExpiry → checkRedirectUri → checkPkce → checkFamily → chooseTarget
 *   → checkMember → consumeOnce + issueTokens (DPoP-bound when the request proved a key)
 * A client's mistake (wrong redirect_uri, missing or wrong code_verifier) is refused without using the code up;
 * the code is consumed only together with the tokens it yields (docs/adr/0001). A replayed code revokes the
 * grant; a code_verifier for a code issued without PKCE is a downgrade attempt and revokes it too.
 */
export async function authorizationCodeGrant(
  provider: OAuthProvider,
  app: OAuthApp,
  params: {
    code: string | undefined;
    redirectUri: string | undefined;
    codeVerifier: string | undefined;
    target?: Target | undefined;
    /** The DPoP key the tokens are bound to (RFC 9449 §5), if the request proved one. */
    dpopJkt?: string | undefined;
  },
): Promise<TokenResult> {
  if (!app.grantTypes.includes('authorization_code')) {
    throw new OAuthError('unauthorized_client', `a ${app.type} app may not use authorization_code`);
  }
  if (!params.code) throw new OAuthError('invalid_request', 'code is required');
  const { storage, clock } = provider.deps;
  const code = await storage.stores.oauth.findCode(provider.hash('authorization_code', params.code));
  if (!code) throw new OAuthError('invalid_grant', 'unknown authorization code');
  const family = await storage.stores.oauth.findFamily(code.familyId);
  // RFC 6819 §5.2.4.4: a code is bound to its client.
  if (!family || family.appId !== app.id)
    throw new OAuthError('invalid_grant', 'this code was not issued to this client');
  if (code.expiresAt <= clock.now())
    throw new OAuthError('invalid_grant', 'the authorization code has expired; authorize again');
  // RFC 6749 §4.1.3: the redirect URI of the authorization request, repeated identically.
  if (params.redirectUri !== code.redirectUri) {
    throw new OAuthError(
      'invalid_grant',
      params.redirectUri === undefined
        ? 'redirect_uri is required: send the one of the authorization request'
        : 'redirect_uri differs from the one of the authorization request; the code is still usable with the right one',
    );
  }
  if (code.codeChallenge === null && params.codeVerifier !== undefined) {
    // RFC 9700 §2.1.1, §4.8: no verifier without a challenge. A client that used PKCE never gets this code
    // redeemed (it always sends its verifier), so the code is worth nothing to it and its grant is revoked.
    await provider.refuseCompromised(
      family,
      'oauth.pkce_downgrade_refused',
      'code_verifier sent, but the authorization request had no code_challenge; authorize again',
    );
  }
  checkPkce(code.codeChallenge, params.codeVerifier);
  provider.checkFamily(family, app);
  const target = targetForGrant(
    family.scope.resources,
    params.target,
    await provider.deps.identity.services(),
  );
  const member = await provider.activeMember(family.userId, family.orgId);
  const issued =
    code.consumedAt === null
      ? await provider.issueForGrant(app, family, member, {
          nonce: code.nonce,
          rotating: false,
          target,
          dpopJkt: params.dpopJkt,
          // RFC 9449 §5: a public client's refresh token is bound to the key too; a confidential client's is
          // bound to the client's own authentication already.
          refreshJkt: app.type === 'native' ? (params.dpopJkt ?? null) : null,
          redeem: (stores) => stores.oauth.consumeCode(code.codeHash, clock.now()),
        })
      : null;
  if (issued) return issued;
  return provider.refuseCompromised(
    family,
    'oauth.code_replayed',
    'this authorization code was already used; its grant is now revoked, with any token issued from it',
  );
}

/** RFC 7636 §4.6, S256 only; a failure leaves the code usable with the right verifier (docs/adr/0001). */
function checkPkce(challenge: string | null, verifier: string | undefined): void {
  if (challenge === null) return;
  if (verifier === undefined) throw new OAuthError('invalid_grant', 'code_verifier is required (PKCE)');
  if (!VERIFIER.test(verifier)) {
    throw new OAuthError('invalid_grant', 'code_verifier must be 43-128 characters of A-Z a-z 0-9 - . _ ~');
  }
  const computed = createHash('sha256').update(verifier).digest('base64url');
  if (!safeEqual(computed, challenge))
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
}
