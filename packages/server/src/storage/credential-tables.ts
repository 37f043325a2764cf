// The tables of what clients are given: OAuth apps and their secrets and grants, the OAuth provider's
// interactions, grant families, codes, refresh tokens and consents, OVH-style consumer keys, device and pushed
// authorization requests. Part of the Schema (schema.ts).

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
