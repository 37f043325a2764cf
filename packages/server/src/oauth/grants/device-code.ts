import { DEVICE_CODE_GRANT, type OAuthApp } from '../../apps/store.js';
import type { Clock } from '../../core/clock.js';
import type { IdentityDirectory } from '../../identity/directory.js';
import { type DeviceFlow, SLOW_DOWN_SECONDS } from '../device/service.js';
import type { DeviceAuthorization } from '../device/store.js';
import { OAuthError } from '../errors.js';
import type { OAuthProvider } from '../provider.js';
import { type Target, targetForGrant } from '../resource.js';
import type { GrantFamily } from '../store.js';
import type { TokenResult } from '../token-result.js';

/** What the device_code grant uses. */
export interface DeviceCodeGrantDeps {
  clock: Clock;
  identity: Pick<IdentityDirectory, 'services'>;
  oauth: Pick<
    OAuthProvider,
    'currentFamily' | 'checkFamily' | 'activeMember' | 'issueForGrant' | 'refuseCompromised'
  >;
  deviceFlow: Pick<DeviceFlow, 'findByDeviceCode' | 'recordPoll'>;
}

/**
 * RFC 8628 §3.4–3.5, the device polling the token endpoint:
 *   checkGrantType → findAuthorization → checkClient → (pending: expired_token, slow_down or
 *   authorization_pending) → (denied: access_denied) → checkExpiry → checkFamily → chooseTarget → checkMember
 *   → redeemOnce + issueTokens
 * Scope, refresh token and ID token follow the authorization code's rules (the same grant family). A device code
 * yields tokens once; presenting it again revokes its grant, as a replayed code does (RFC 9700 §4.2.4).
 */
export async function deviceCodeGrant(
  c: DeviceCodeGrantDeps,
  app: OAuthApp,
  params: { deviceCode: string | undefined; target?: Target | undefined; dpopJkt?: string | undefined },
): Promise<TokenResult> {
  if (!app.grantTypes.includes(DEVICE_CODE_GRANT)) {
    throw new OAuthError(
      'unauthorized_client',
      `app ${app.id} may not use the device authorization grant; add ${DEVICE_CODE_GRANT} to its grant types`,
    );
  }
  if (!params.deviceCode) throw new OAuthError('invalid_request', 'device_code is required');
  const provider = c.oauth;
  const authorization = await c.deviceFlow.findByDeviceCode(params.deviceCode);
  if (!authorization) throw new OAuthError('invalid_grant', 'unknown device code');
  // RFC 8628 §3.4 with RFC 6749 §4.1.3: a device code is bound to its client.
  if (authorization.appId !== app.id)
    throw new OAuthError('invalid_grant', 'this device code was not issued to this client');
  const now = c.clock.now();
  if (authorization.decision === null) return refusePending(c.deviceFlow, authorization, now);
  if (authorization.decision === 'denied')
    throw new OAuthError('access_denied', 'the user denied the authorization');
  if (authorization.expiresAt <= now) throw expired();
  const family = provider.checkFamily(await provider.currentFamily(authorization.familyId ?? ''), app);
  if (authorization.redeemedAt !== null) return refuseReplay(provider, family);
  const target = targetForGrant(family.scope.resources, params.target, await c.identity.services());
  const member = await provider.activeMember(family.userId, family.orgId);
  const issued = await provider.issueForGrant(app, family, member, {
    nonce: null,
    rotating: false,
    target,
    dpopJkt: params.dpopJkt,
    // A public client's refresh token is bound to the DPoP key as its tokens are (RFC 9449 §5); a confidential
    // client's is bound to its own authentication already.
    refreshJkt: app.type === 'native' ? (params.dpopJkt ?? null) : null,
    redeem: { kind: 'device_code', id: authorization.id },
  });
  return issued ?? refuseReplay(provider, family);
}

/**
 * No answer yet: expired_token once the code is past its life; slow_down when this poll came sooner than the
 * interval after the last one (the interval then grows by 5 s, for good); authorization_pending otherwise.
 * The poll is recorded in the database, so every node sees the same pace.
 */
async function refusePending(
  polls: Pick<DeviceFlow, 'recordPoll'>,
  authorization: DeviceAuthorization,
  now: number,
): Promise<never> {
  if (authorization.expiresAt <= now) throw expired();
  const { lastPolledAt, intervalSeconds } = authorization;
  const tooSoon = lastPolledAt !== null && now - lastPolledAt < intervalSeconds * 1000;
  const interval = tooSoon ? intervalSeconds + SLOW_DOWN_SECONDS : intervalSeconds;
  await polls.recordPoll(authorization.id, now, interval);
  if (tooSoon) {
    throw new OAuthError(
      'slow_down',
      `polled sooner than every ${intervalSeconds} seconds; wait ${interval} seconds between polls from now on`,
    );
  }
  throw new OAuthError(
    'authorization_pending',
    `the user has not answered yet; poll again in ${interval} seconds`,
  );
}

function expired(): OAuthError {
  return new OAuthError(
    'expired_token',
    'the device code has expired; start again with a new device authorization request',
  );
}

function refuseReplay(
  provider: Pick<OAuthProvider, 'refuseCompromised'>,
  family: GrantFamily,
): Promise<never> {
  return provider.refuseCompromised(
    family,
    'oauth.device_code_replayed',
    'this device code was already used; its grant is now revoked, with every token issued from it',
  );
}
