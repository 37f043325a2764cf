import type { Generated } from 'kysely';
import type {
  AppGrantsTable,
  AuthorizationCodesTable,
  ConsentsTable,
  ConsumerAppsTable,
  ConsumerCredentialsTable,
  DeviceAuthorizationsTable,
  GrantFamiliesTable,
  OAuthAppSecretsTable,
  OAuthAppsTable,
  OAuthInteractionsTable,
  PushedAuthorizationRequestsTable,
  RefreshTokensTable,
  RevokedAccessTokensTable,
  UsedJtisTable,
} from './credential-tables.js';

export type * from './credential-tables.js';

/**
 * Row types of every table, as Kysely sees them. Timestamps are integer milliseconds since the epoch;
 * lists and objects are JSON text, so both dialects store them the same way.
 */
export interface Schema {
  meta: MetaTable;
  users: UsersTable;
  orgs: OrgsTable;
  memberships: MembershipsTable;
  services: ServicesTable;
  signing_keys: SigningKeysTable;
  audit_events: AuditEventsTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  lockouts: LockoutsTable;
  device_cookies: DeviceCookiesTable;
  client_auth_origins: ClientAuthOriginsTable;
  api_tokens: ApiTokensTable;
  org_policies: OrgPoliciesTable;
  outbox: OutboxTable;
  oauth_apps: OAuthAppsTable;
  oauth_app_secrets: OAuthAppSecretsTable;
  app_grants: AppGrantsTable;
  oauth_interactions: OAuthInteractionsTable;
  grant_families: GrantFamiliesTable;
  authorization_codes: AuthorizationCodesTable;
  refresh_tokens: RefreshTokensTable;
  consents: ConsentsTable;
  revoked_access_tokens: RevokedAccessTokensTable;
  used_jtis: UsedJtisTable;
  consumer_apps: ConsumerAppsTable;
  consumer_credentials: ConsumerCredentialsTable;
  device_authorizations: DeviceAuthorizationsTable;
  pushed_authorization_requests: PushedAuthorizationRequestsTable;
  revocation_feed: RevocationFeedTable;
  revocations: RevocationsTable;
  user_factors: UserFactorsTable;
  recovery_codes: RecoveryCodesTable;
  webauthn_challenges: WebAuthnChallengesTable;
  email_links: EmailLinksTable;
  invitations: InvitationsTable;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  password_hash: string | null;
  /** JSON string[] of platform roles, e.g. ["platform_operator"]. */
  platform_roles: string;
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
  /** 1 when the password was set by someone else (the bootstrap) and must be replaced at sign-in. */
  must_change_password: Generated<number>;
  /** 1 once the user followed a verification (or password reset) link sent to this address. */
  email_verified: Generated<number>;
}

/** An invitation to an org for an address with no account yet. */
export interface InvitationsTable {
  id: string;
  org_id: string;
  email: string;
  org_roles: string;
  service_roles: string;
  token_hash: string;
  invited_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  revoked_at: number | null;
}

/** A single-use link sent by e-mail: password reset or address verification. */
export interface EmailLinksTable {
  id: string;
  /** Keyed hash of the link's token. */
  token_hash: string;
  purpose: string;
  user_id: string;
  /** The address the link was sent to. */
  email: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface OrgsTable {
  id: string;
  name: string;
  display_name: string;
  created_at: number;
  updated_at: number;
  /** 1 when every member must sign in with a second factor. */
  require_mfa: Generated<number>;
}

export interface MembershipsTable {
  org_id: string;
  user_id: string;
  /** JSON OrgRole[]. */
  org_roles: string;
  /** JSON string[] of `<serviceId>:<role>`. */
  service_roles: string;
  created_at: number;
  updated_at: number;
}

export interface ServicesTable {
  id: string;
  name: string;
  description: string;
  /** JSON {id, description}[]. */
  permissions: string;
  /** JSON {name, description, permissions[]}[]. */
  roles: string;
  /** The RFC 8707 resource URI, or null. */
  resource: string | null;
  created_at: number;
  updated_at: number;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  /** PKCS#8 PEM sealed with the server key (ServerKey.encrypt, context `signing-key:<kid>`). */
  private_enc: string;
  /** Public JWK as JSON. */
  public_jwk: string;
  created_at: number;
  retired_at: number | null;
}

export interface AuditEventsTable {
  id: string;
  at: number;
  org_id: string | null;
  actor_kind: string;
  actor_id: string;
  action: string;
  target_kind: string;
  target_id: string;
  ip: string | null;
  request_id: string | null;
  /** JSON object; never a secret. */
  details: string;
}

export interface SessionsTable {
  /** Keyed hash of the session id held in the cookie. */
  id_hash: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
  /** JSON string[] of RFC 8176 authentication methods. */
  amr: Generated<string>;
  /** When a factor was last presented (sign-in or step-up); null means created_at. */
  authenticated_at: number | null;
  /** 1 while a second factor is owed: the session signs nobody in yet. */
  pending_factor: Generated<number>;
}

export interface LockoutsTable {
  key: string;
  id: string;
  scope: string;
  user_id: string | null;
  subject: string | null;
  address: string | null;
  failures: number;
  window_start: number;
  lockout_count: number;
  locked_until: number | null;
  last_failure_at: number;
}

export interface DeviceCookiesTable {
  /** Keyed hash of the value in the cookie. */
  id_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export interface ClientAuthOriginsTable {
  client_id: string;
  address: string;
  at: number;
}

export interface RateLimitsTable {
  key: string;
  window_start: number;
  count: number;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  org_id: string;
  name: string;
  token_hash: string;
  /** JSON ScopeSet. */
  scopes: string;
  openid: number;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  notify_days_before_expiry: number | null;
  remind_at: number | null;
  reminded_at: number | null;
  revoked_at: number | null;
  deactivated_at: number | null;
  deactivated_by: string | null;
  replaces_id: string | null;
}

export interface OrgPoliciesTable {
  org_id: string;
  api_token_max_ttl_seconds: number | null;
  api_token_idle_ttl_seconds: number | null;
  updated_at: number;
}

export interface OutboxTable {
  id: string;
  dedupe_key: string;
  recipient: string;
  subject: string;
  body: string;
  created_at: number;
  not_before: number;
  attempts: number;
  claimed_by: string | null;
  claimed_until: number | null;
  sent_at: number | null;
  failed_at: number | null;
  last_error: string | null;
}

/** The revocation feed's one row: the last position handed out and the highest one swept away. */
export interface RevocationFeedTable {
  id: number;
  head: number;
  swept_through: number;
}

export interface RevocationsTable {
  position: number;
  /** token | credential | subject | client */
  kind: string;
  /** api_token | client | grant | consumer_key, for credentials */
  credential_type: string | null;
  target: string;
  org_id: string | null;
  issued_before: number | null;
  keep_until: number;
  reason: string;
  revoked_at: number;
}

export interface UserFactorsTable {
  id: string;
  user_id: string;
  /** 'totp' or 'passkey'. */
  kind: string;
  name: string;
  /** TOTP secret, encrypted with the server key. */
  secret_enc: string | null;
  /** TOTP: last accepted time step. */
  last_step: number | null;
  /** Passkey credential id, base64url. */
  credential_id: string | null;
  /** Passkey COSE public key, base64url. */
  public_key: string | null;
  sign_count: number | null;
  /** JSON string[] of WebAuthn transports. */
  transports: string | null;
  /** 'hwk' or 'swk' for a passkey. */
  amr: string | null;
  confirmed_at: number | null;
  created_at: number;
  last_used_at: number | null;
}

export interface RecoveryCodesTable {
  code_hash: string;
  user_id: string;
  created_at: number;
  used_at: number | null;
}

export interface WebAuthnChallengesTable {
  challenge_hash: string;
  purpose: string;
  user_id: string | null;
  expires_at: number;
}
