import { createHash } from 'node:crypto';
import type { OAuthApp } from '../../apps/store.js';
import { newId } from '../../core/ids-and-secrets.js';
import { safeEqual } from '../../core/server-key.js';
import { OAuthError } from '../errors.js';
import { CODE_TTL_MS, type OAuthProvider, type TokenResult } from '../provider.js';
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
    scope: GrantScope;
  },
): Promise<string> {
  const { storage, clock } = provider.deps;
  const now = clock.now();
  const code = provider.newAuthorizationCode();
  const familyId = newId();
  await storage.transaction(async (stores) => {
    await stores.oauth.insertFamily({
      id: familyId,
      appId: input.app.id,
      userId: input.userId,
      orgId: input.orgId,
      scope: input.scope,
      authTime: input.authTime,
      createdAt: now,
      expiresAt: now + input.app.refreshTokenTtl * 1000,
      revokedAt: null,
      revokedReason: null,
    });
    await stores.oauth.insertCode({
      codeHash: provider.hash('authorization_code', code),
      familyId,
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
 * RFC 6749 §4.1.3 with RFC 7636 and RFC 9700 §4.2.4:
 *   findCode → checkClient → checkRedirectUri → checkPkce → consumeOnce → issueTokens
 * A replayed code revokes every token the first redemption issued.
 */
export async function authorizationCodeGrant(
  provider: OAuthProvider,
  app: OAuthApp,
  params: { code: string | undefined; redirectUri: string | undefined; codeVerifier: string | undefined },
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
  if (code.consumedAt !== null || !(await storage.stores.oauth.consumeCode(code.codeHash, clock.now()))) {
    await provider.refuseReplay(
      family,
      'oauth.code_replayed',
      'this authorization code was already used; the tokens it issued are revoked',
    );
  }
  if (code.expiresAt <= clock.now())
    throw new OAuthError('invalid_grant', 'the authorization code has expired; authorize again');
  // RFC 6749 §4.1.3: the redirect URI of the authorization request, repeated identically.
  if (params.redirectUri !== code.redirectUri) {
    throw new OAuthError('invalid_grant', 'redirect_uri differs from the one of the authorization request');
  }
  checkPkce(code.codeChallenge, params.codeVerifier);
  provider.checkFamily(family, app);
  return provider.issueForGrant(app, family, { nonce: code.nonce, withRefreshToken: true });
}

/** RFC 7636 §4.6 (S256 only), and no verifier without a challenge (RFC 9700 §2.1.1: no PKCE downgrade). */
function checkPkce(challenge: string | null, verifier: string | undefined): void {
  if (challenge === null) {
    if (verifier !== undefined) {
      throw new OAuthError(
        'invalid_grant',
        'code_verifier sent, but the authorization request had no code_challenge',
      );
    }
    return;
  }
  if (verifier === undefined) throw new OAuthError('invalid_grant', 'code_verifier is required (PKCE)');
  if (!VERIFIER.test(verifier)) {
    throw new OAuthError('invalid_grant', 'code_verifier must be 43-128 characters of A-Z a-z 0-9 - . _ ~');
  }
  const computed = createHash('sha256').update(verifier).digest('base64url');
  if (!safeEqual(computed, challenge))
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
}
