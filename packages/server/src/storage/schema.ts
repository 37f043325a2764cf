import type { Generated } from 'kysely';

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

export interface OAuthAppsTable {
  id: string;
  owner_org_id: string;
  /** server | web | native */
  type: string;
  name: string;
  description: string;
  /** JSON string[] */
  redirect_uris: string;
  /** JSON string[] */
  post_logout_redirect_uris: string;
  /** JSON string[] */
  grant_types: string;
  /** JSON ScopeSet: the most the app may ever be granted. */
  scopes: string;
  access_token_ttl: number;
  refresh_token_ttl: number;
  require_pkce: number;
  /** 1: authorization requests are accepted only when pushed first (RFC 9126 §5). */
  require_par: number;
  created_at: number;
  updated_at: number;
  created_by: string;
  /** client_secret_basic | client_secret_post | private_key_jwt | none (native apps). */
  token_endpoint_auth_method: string;
  /** JSON {keys: JWK[]} of the app's public keys (private_key_jwt), or null. */
  jwks: string | null;
  jwks_uri: string | null;
  require_dpop: number;
}

export interface OAuthAppSecretsTable {
  id: string;
  app_id: string;
  secret_hash: string;
  created_at: number;
  expires_at: number | null;
}

export interface AppGrantsTable {
  app_id: string;
  org_id: string;
  org_roles: string;
  service_roles: string;
  created_at: number;
  created_by: string;
}

export interface OAuthInteractionsTable {
  id: string;
  binding_hash: string;
  app_id: string;
  /** JSON of the validated authorization request. */
  request: string;
  user_id: string | null;
  org_id: string | null;
  created_at: number;
  expires_at: number;
  completed_at: number | null;
}

export interface GrantFamiliesTable {
  id: string;
  app_id: string;
  user_id: string;
  org_id: string;
  /** JSON GrantScope. */
  scope: string;
  auth_time: number;
  /** JSON string[] of RFC 8176 methods, or null for grants made before they were recorded. */
  amr: string | null;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
}

export interface AuthorizationCodesTable {
  code_hash: string;
  family_id: string;
  redirect_uri: string;
  code_challenge: string | null;
  nonce: string | null;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

export interface RefreshTokensTable {
  id: string;
  token_hash: string;
  family_id: string;
  created_at: number;
  rotated_at: number | null;
  /** RFC 7638 thumbprint of the DPoP key a public client's refresh token is bound to, or null. */
  dpop_jkt: string | null;
}

export interface ConsentsTable {
  user_id: string;
  app_id: string;
  org_id: string;
  scope: string;
  created_at: number;
  updated_at: number;
}

export interface RevokedAccessTokensTable {
  jti: string;
  expires_at: number;
}

/** One-time JWT ids seen recently (client assertions, DPoP proofs), kept until the JWT would be refused anyway. */
export interface UsedJtisTable {
  key: string;
  expires_at: number;
}

export interface ConsumerAppsTable {
  id: number;
  app_key: string;
  /** The application secret sealed with the server key (context `consumer-app:<id>`). */
  secret_enc: string;
  owner_user_id: string;
  name: string;
  description: string;
  /** active | blocked | inactive | trusted */
  status: string;
  created_at: number;
}

export interface ConsumerCredentialsTable {
  id: number;
  app_id: number;
  key_hash: string;
  user_id: string | null;
  rules: string;
  /** pendingValidation | validated | refused | expired */
  state: string;
  validation_token_hash: string | null;
  validation_expires_at: number;
  redirection: string | null;
  allowed_ips: string | null;
  created_at: number;
  validated_at: number | null;
  expires_at: number | null;
  last_used_at: number | null;
}

export interface DeviceAuthorizationsTable {
  id: string;
  device_code_hash: string;
  user_code_hash: string;
  app_id: string;
  /** JSON GrantScope */
  scope: string;
  created_at: number;
  expires_at: number;
  interval_seconds: number;
  last_polled_at: number | null;
  /** approved | denied | null while pending */
  decision: string | null;
  decided_at: number | null;
  user_id: string | null;
  org_id: string | null;
  family_id: string | null;
  redeemed_at: number | null;
}

export interface PushedAuthorizationRequestsTable {
  request_uri_hash: string;
  app_id: string;
  /** JSON AuthorizationRequest */
  request: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
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
