import type { AppDirectory } from '../apps/directory.js';
import type { OAuthApp, OAuthAppStore } from '../apps/store.js';
import { auditEvent } from '../audit/service.js';
import type { AuditEvent } from '../audit/store.js';
import type { BatchWriter } from '../core/batch-writer.js';
import { TtlCache } from '../core/cache.js';
import type { Clock } from '../core/clock.js';
import { IdentityMemo } from '../core/identity-memo.js';
import { hasValidChecksum, mintChecksummedSecret, newId, randomToken } from '../core/ids-and-secrets.js';
import { systemCaller } from '../core/principal.js';
import { type Holdings, holdingsOf, onlyServices, toPerms } from '../core/scopes.js';
import type { ServerKey } from '../core/server-key.js';
import type { IdentityDirectory } from '../identity/directory.js';
import type { Membership } from '../identity/members/store.js';
import type { Service } from '../identity/services/store.js';
import type { User } from '../identity/users/store.js';
import type { KeyRing } from '../keys/service.js';
import { issueAccessToken } from '../keys/tokens/access-token.js';
import { issueIdToken } from '../keys/tokens/id-token.js';
import { revocationOf } from '../revocations/entries.js';
import type { RevocationStore } from '../revocations/store.js';
import type { InvalidationBus } from '../storage/invalidation.js';
import type { Transactional } from '../storage/transactional.js';
import type { AuthorizeStores } from './authorize/steps.js';
import type { DeviceAuthorizationStore } from './device/store.js';
import { OAuthError } from './errors.js';
import { serviceIdsOf, type Target } from './resource.js';
import type { RevocationList } from './revocation-list.js';
import { effectiveScope, grantableOidc } from './scope.js';
import type {
  AuthorizationCode,
  AuthorizationRequest,
  GrantFamily,
  GrantScope,
  RefreshToken,
} from './store.js';
import type { GrantNow, Redemption, TokenResult } from './token-result.js';
import { tokenTypeOf } from './token-result.js';

/** The stores of the OAuth provider: codes, refresh tokens, consents, device codes, the orgs and apps they name. */
export interface OAuthStores extends AuthorizeStores {
  deviceAuthorizations: DeviceAuthorizationStore;
  apps: OAuthAppStore;
  revocations: RevocationStore;
}

export interface ProviderDeps {
  storage: Transactional<OAuthStores>;
  clock: Clock;
  keys: KeyRing;
  issuer: string;
  serverKey: ServerKey;
  apps: AppDirectory;
  identity: IdentityDirectory;
  bus: InvalidationBus;
  revocations: RevocationList;
  auditBuffer: BatchWriter<AuditEvent>;
}

type CompromiseAction =
  | 'oauth.code_replayed'
  | 'oauth.device_code_replayed'
  | 'oauth.refresh_token_reused'
  | 'oauth.pkce_downgrade_refused';

/** What a keyed hash is of: each purpose hashes with its own key, so one kind of value never matches another. */
export type HashPurpose =
  | 'authorization_code'
  | 'refresh_token'
  | 'interaction'
  | 'device_code'
  | 'user_code'
  | 'request_uri';

/** The revocation reason each kind of compromise leaves on the family (shown by a later invalid_grant). */
const COMPROMISE_REASONS: Record<CompromiseAction, string> = {
  'oauth.code_replayed': 'authorization code replayed',
  'oauth.device_code_replayed': 'device code replayed',
  'oauth.refresh_token_reused': 'refresh token reused',
  'oauth.pkce_downgrade_refused': 'code_verifier sent for a code issued without PKCE',
};

/** Authorization codes live two minutes (RFC 6749 §4.1.2 says ten at most; ASVS L1 ≤ 10 min). */
export const CODE_TTL_MS = 2 * 60 * 1000;
export const FAMILY_TOPIC = 'grant_family';

const REFRESH_PREFIX = 'kwr';
const REFRESH_RANDOM_LENGTH = 56;

/**
 * The OAuth 2.0 / OIDC provider's shared machinery: secret handling, the user checks every user grant makes,
 * and token issuance. The grants (grants/*.ts) are small step lists over it.
 */
export class OAuthProvider {
  readonly #families: TtlCache<string, GrantFamily | null>;
  /** What an app may hold in an org for a requested scope, computed once per cached app, grant and catalogue. */
  readonly scopes = new IdentityMemo<Holdings>();

  constructor(readonly deps: ProviderDeps) {
    this.#families = new TtlCache({ maxEntries: 100_000, ttlMs: 2000, clock: deps.clock });
    deps.bus.subscribe(FAMILY_TOPIC, (id) => this.#families.delete(id));
  }

  /** A grant family, cached for bearer checks; revocations reach every node through the bus. */
  async family(id: string): Promise<GrantFamily | undefined> {
    const found = await this.#families.getOrLoad(
      id,
      async () => (await this.deps.storage.stores.oauth.findFamily(id)) ?? null,
    );
    return found ?? undefined;
  }

  /** The grant family as stored now, uncached: for a decision that must see a revocation made a moment ago. */
  async currentFamily(id: string): Promise<GrantFamily | undefined> {
    return this.deps.storage.stores.oauth.findFamily(id);
  }

  /** The authorization code with this value (consumed ones too), by its hash. */
  async findCode(value: string): Promise<AuthorizationCode | undefined> {
    return this.deps.storage.stores.oauth.findCode(this.hash('authorization_code', value));
  }

  /**
   * Ends a successful browser authorization: a new grant family for (app, user, org) and its single-use code,
   * bound to the client, the redirect URI and the PKCE challenge. Returns the code to put in the redirect.
   */
  async issueAuthorizationCode(input: {
    app: OAuthApp;
    userId: string;
    orgId: string;
    request: AuthorizationRequest;
    authTime: number;
    amr?: readonly string[];
    scope: GrantScope;
  }): Promise<string> {
    const now = this.deps.clock.now();
    const code = this.newAuthorizationCode();
    const family = this.newFamily(input.app, input);
    await this.deps.storage.transaction(async (stores) => {
      await stores.oauth.insertFamily(family);
      await stores.oauth.insertCode({
        codeHash: this.hash('authorization_code', code),
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

  /** The refresh token with this value (rotated ones too), by its hash; none for a value Keyward never issued. */
  async findRefreshToken(value: string): Promise<RefreshToken | undefined> {
    if (!this.isWellFormedRefreshToken(value)) return undefined;
    return this.deps.storage.stores.oauth.findRefreshToken(this.hash('refresh_token', value));
  }

  hash(purpose: HashPurpose, value: string): string {
    return this.deps.serverKey.hashSecret(purpose, value);
  }

  newAuthorizationCode(): string {
    return randomToken(32);
  }

  /** Refresh tokens carry a prefix and checksum like API tokens, so scanners find them and typos cost nothing. */
  newRefreshToken(): string {
    return mintChecksummedSecret(REFRESH_PREFIX, REFRESH_RANDOM_LENGTH);
  }

  isWellFormedRefreshToken(value: string): boolean {
    return hasValidChecksum(value, REFRESH_PREFIX, REFRESH_RANDOM_LENGTH);
  }

  /**
   * A new grant family: one user's authorization of an app in an org, approved now, ending `refreshTokenTtl`
   * from now (ASVS 10.4.8). A code or an approved device authorization refers to it.
   */
  newFamily(
    app: OAuthApp,
    input: { userId: string; orgId: string; scope: GrantScope; authTime: number; amr?: readonly string[] },
  ) {
    const now = this.deps.clock.now();
    return {
      id: newId(),
      appId: app.id,
      userId: input.userId,
      orgId: input.orgId,
      scope: input.scope,
      authTime: input.authTime,
      ...(input.amr ? { amr: [...input.amr] } : {}),
      createdAt: now,
      expiresAt: now + app.refreshTokenTtl * 1000,
      revokedAt: null,
      revokedReason: null,
    } satisfies GrantFamily;
  }

  /** The user of a grant, still enabled and still a member of its org; invalid_grant otherwise. */
  async activeMember(userId: string, orgId: string): Promise<{ user: User; membership: Membership }> {
    const user = await this.deps.identity.user(userId);
    if (!user || user.disabledAt !== null)
      throw new OAuthError('invalid_grant', 'the user of this grant is disabled');
    const membership = await this.deps.identity.membership(orgId, userId);
    if (!membership) {
      throw new OAuthError(
        'invalid_grant',
        `the user of this grant is no longer a member of organization ${orgId}`,
      );
    }
    return { user, membership };
  }

  /** Whether a family can still issue tokens; invalid_grant with the reason otherwise. */
  checkFamily(family: GrantFamily | undefined, app: OAuthApp): GrantFamily {
    if (!family || family.appId !== app.id)
      throw new OAuthError('invalid_grant', 'this grant was not issued to this client');
    if (family.revokedAt !== null) {
      throw new OAuthError(
        'invalid_grant',
        `this grant was revoked (${family.revokedReason ?? 'revoked'}); authorize again`,
      );
    }
    if (family.expiresAt <= this.deps.clock.now())
      throw new OAuthError('invalid_grant', 'this grant has expired; authorize again');
    return family;
  }

  /**
   * A user's grant to an app, now (docs/architecture.md#effective-access): consented ∩ app's allowed ∩ the
   * user's roles in the org now, and the OIDC scopes the app can be granted. The token endpoint, introspection
   * and the consent page all ask this, so they always show the same set. Platform roles never reach an app.
   * A grant for resources (RFC 8707) holds only their services' roles; a token for one `target` only its own.
   */
  grantNow(
    app: OAuthApp,
    scope: GrantScope,
    membership: Membership,
    services: ReadonlyMap<string, Service>,
    target?: Target,
  ): GrantNow {
    const all = effectiveScope(scope.roles, app.scopes, holdingsOf(membership, [], services), services);
    const resources = scope.resources ?? [];
    const granted = target
      ? onlyServices(all, [target.service.id])
      : resources.length > 0
        ? onlyServices(all, serviceIdsOf(resources, services))
        : all;
    const oidc = grantableOidc(app, scope.oidc);
    const listed = target ? toPerms(granted) : [...oidc, ...toPerms(granted)];
    return { granted, oidc, scope: listed.join(' '), audience: target?.uri };
  }

  /**
   * Access token, ID token when `openid` was granted, and a refresh token when `offline_access` was (or, when
   * `rotating`, a new one for the one presented) for a user's grant, with the scope of grantNow.
   *
   * `redeem` names the presented code, refresh token or device authorization, marked used in the same
   * transaction that stores the new refresh token: a credential is used up exactly when tokens were issued for
   * it. When it was already used (a replay), nothing is issued and this returns null.
   */
  async issueForGrant(
    app: OAuthApp,
    family: GrantFamily,
    member: { user: User; membership: Membership },
    options: {
      nonce?: string | null;
      /** A refresh: the presented refresh token is replaced whatever the scope asked this time (RFC 6749 §6). */
      rotating: boolean;
      /** The resource the access token is for (RFC 8707), already checked against the grant. */
      target: Target | undefined;
      /** The DPoP key the access token is bound to (RFC 9449 §6), if the request proved one. */
      dpopJkt: string | undefined;
      /** The DPoP key the new refresh token is bound to (public clients, RFC 9449 §5), or null. */
      refreshJkt: string | null;
      redeem: Redemption;
    },
  ): Promise<TokenResult | null> {
    const { user, membership } = member;
    const services = await this.deps.identity.services();
    const grant = this.grantNow(app, family.scope, membership, services, options.target);
    const now = this.deps.clock.now();
    const issued = issueAccessToken(this.deps.keys, this.deps.issuer, now, {
      subject: user.id,
      orgId: family.orgId,
      granted: grant.granted,
      credential: { type: 'grant', id: family.id },
      clientId: app.id,
      ttlSeconds: app.accessTokenTtl,
      account: { email: user.email },
      oidcScopes: grant.audience ? [] : grant.oidc,
      audience: grant.audience,
      dpopJkt: options.dpopJkt,
    });
    const idToken = grant.oidc.includes('openid')
      ? issueIdToken(this.deps.keys, this.deps.issuer, now, {
          user,
          clientId: app.id,
          orgId: family.orgId,
          ttlSeconds: app.accessTokenTtl,
          nonce: options.nonce ?? undefined,
          authTime: Math.floor(family.authTime / 1000),
          amr: family.amr,
          scopes: grant.oidc,
        })
      : null;
    // OIDC Core §11: a refresh token only for offline_access; a refresh keeps the grant's refresh token going.
    const refreshes = options.rotating || grant.oidc.includes('offline_access');
    const refreshToken =
      refreshes && app.grantTypes.includes('refresh_token') ? this.newRefreshToken() : null;
    const redeemed = await this.deps.storage.transaction(async (stores) => {
      if (!(await redeem(stores, options.redeem, this.deps.clock.now()))) return false;
      if (refreshToken !== null) {
        await stores.oauth.insertRefreshToken({
          id: randomToken(16),
          tokenHash: this.hash('refresh_token', refreshToken),
          familyId: family.id,
          createdAt: now,
          rotatedAt: null,
          dpopJkt: options.refreshJkt,
        });
      }
      return true;
    });
    if (!redeemed) return null;
    return {
      accessToken: issued.token,
      tokenType: tokenTypeOf(options.dpopJkt),
      expiresIn: issued.expiresIn,
      scope: issued.scope,
      refreshToken,
      idToken,
    };
  }

  /**
   * A credential of the family shows it leaked — a single-use code or refresh token came back a second time
   * (RFC 9700 §4.2.4, §4.14.2), or a code issued without PKCE came back with a code_verifier (§4.8, a downgrade):
   * revoke the family and whatever it issued, record it, and answer invalid_grant.
   */
  async refuseCompromised(family: GrantFamily, action: CompromiseAction, message: string): Promise<never> {
    await this.revokeFamily(family.id, COMPROMISE_REASONS[action]);
    this.deps.auditBuffer.add(
      auditEvent(systemCaller('oauth'), this.deps.clock.now(), {
        action,
        orgId: family.orgId,
        target: { kind: 'app', id: family.appId },
        details: { userId: family.userId, familyId: family.id },
      }),
    );
    throw new OAuthError('invalid_grant', message);
  }

  /** Revokes a family (reuse, replay, consent withdrawn) and tells every node's caches. */
  async revokeFamily(familyId: string, reason: string): Promise<void> {
    const now = this.deps.clock.now();
    const revoked = await this.deps.storage.transaction(async (stores) => {
      if (!(await stores.oauth.revokeFamily(familyId, now, reason))) return false;
      await stores.revocations.append([revocationOf(grantTarget(familyId), now, `grant revoked: ${reason}`)]);
      return true;
    });
    if (revoked) await this.deps.bus.publish(FAMILY_TOPIC, familyId);
  }
}

/** Marks a redeemed credential used; false when it already was. */
function redeem(stores: OAuthStores, redemption: Redemption, at: number): Promise<boolean> {
  switch (redemption.kind) {
    case 'authorization_code':
      return stores.oauth.consumeCode(redemption.codeHash, at);
    case 'refresh_token':
      return stores.oauth.rotateRefreshToken(redemption.id, at);
    case 'device_code':
      return stores.deviceAuthorizations.redeem(redemption.id, at);
  }
}

/** The `cred` of access tokens minted from a user's grant to an app: its refresh-token family. */
export function grantTarget(familyId: string) {
  return { kind: 'credential', type: 'grant', id: familyId } as const;
}
