/** OIDC scopes Keyward answers (OIDC Core §5.4, §11); roles and permissions are scopes too but open-ended. */
export const SCOPES_SUPPORTED = ['openid', 'profile', 'email', 'offline_access'];

/** Claims of ID tokens, userinfo and access tokens (OIDC Core §5.1, RFC 9068, docs/wire/csp.md#claims). */
export const CLAIMS_SUPPORTED = [
  'sub',
  'iss',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'amr',
  'acr',
  'nonce',
  'azp',
  'name',
  'given_name',
  'family_name',
  'email',
  'email_verified',
  'acct',
  'username',
  'domain',
  'context',
  'context_name',
  'perms',
];
