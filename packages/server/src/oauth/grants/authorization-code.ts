import { createHash } from 'node:crypto';
import type { OAuthApp } from '../../apps/store.js';
import type { Clock } from '../../core/clock.js';
import { safeEqual } from '../../core/server-key.js';
import type { IdentityDirectory } from '../../identity/directory.js';
import { OAuthError } from '../errors.js';
import type { OAuthProvider } from '../provider.js';
import { type Target, targetForGrant } from '../resource.js';
import type { TokenResult } from '../token-result.js';

/** RFC 7636 §4.1: 43–128 characters of [A-Za-z0-9-._~]. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** What the authorization_code grant uses. */
export interface AuthorizationCodeGrantDeps {
  clock: Clock;
  identity: Pick<IdentityDirectory, 'services'>;
  oauth: Pick<
    OAuthProvider,
    'findCode' | 'currentFamily' | 'checkFamily' | 'activeMember' | 'issueForGrant' | 'refuseCompromised'
  >;
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
  c: AuthorizationCodeGrantDeps,
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
  const provider = c.oauth;
  const code = await provider.findCode(params.code);
  if (!code) throw new OAuthError('invalid_grant', 'unknown authorization code');
  const family = await provider.currentFamily(code.familyId);
  // RFC 6819 §5.2.4.4: a code is bound to its client.
  if (!family || family.appId !== app.id)
    throw new OAuthError('invalid_grant', 'this code was not issued to this client');
  if (code.expiresAt <= c.clock.now())
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
  const target = targetForGrant(family.scope.resources, params.target, await c.identity.services());
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
          redeem: { kind: 'authorization_code', codeHash: code.codeHash },
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
