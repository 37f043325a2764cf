/**
 * Every setting Keyward reads and its default: the one place defaults are written. Their meaning is documented
 * in docs/configuration.md, which a test keeps in step with this list.
 */
export interface ConfigVariable {
  env: string;
  flag?: string;
  default?: string;
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { env: 'KEYWARD_HOST', flag: '--host', default: '127.0.0.1' },
  { env: 'KEYWARD_PORT', flag: '--port', default: '8080' },
  { env: 'KEYWARD_DATA_DIR', flag: '--data', default: './data' },
  { env: 'KEYWARD_DATABASE_URL', flag: '--database-url' },
  { env: 'KEYWARD_ISSUER', flag: '--issuer' },
  { env: 'KEYWARD_SECRET' },
  { env: 'KEYWARD_SECRET_FILE' },
  { env: 'KEYWARD_TLS_CERT', flag: '--tls-cert' },
  { env: 'KEYWARD_TLS_KEY', flag: '--tls-key' },
  { env: 'KEYWARD_SIGNING_ALG', default: 'ES256' },
  { env: 'KEYWARD_LOG_LEVEL', flag: '--log-level', default: 'info' },
  { env: 'KEYWARD_TRUST_PROXY', default: 'false' },
  { env: 'KEYWARD_WORKERS', flag: '--workers', default: 'auto' },
  { env: 'KEYWARD_ADMIN_EMAIL' },
  { env: 'KEYWARD_ADMIN_PASSWORD' },
  { env: 'KEYWARD_SESSION_IDLE_TTL', default: '8h' },
  { env: 'KEYWARD_SESSION_MAX_TTL', default: '7d' },
  { env: 'KEYWARD_STEP_UP_WINDOW', default: '15m' },
  { env: 'KEYWARD_LOCKOUT_ATTEMPTS', default: '10' },
  { env: 'KEYWARD_LOCKOUT_ACCOUNT_ATTEMPTS', default: '50' },
  { env: 'KEYWARD_LOCKOUT_ADDRESS_ATTEMPTS', default: '100' },
  { env: 'KEYWARD_LOCKOUT_WINDOW', default: '15m' },
  { env: 'KEYWARD_LOCKOUT_DURATION', default: '1m' },
  { env: 'KEYWARD_LOCKOUT_MAX_DURATION', default: '1h' },
  { env: 'KEYWARD_DEVICE_COOKIE_TTL', default: '180d' },
  { env: 'KEYWARD_ACCESS_TOKEN_TTL', default: '30m' },
  { env: 'KEYWARD_MAX_ORGS_PER_USER', default: '100' },
  { env: 'KEYWARD_API_TOKEN_LIMIT', default: '50' },
  { env: 'KEYWARD_PASSWORD_RESET_TTL', default: '30m' },
  { env: 'KEYWARD_EMAIL_VERIFICATION_TTL', default: '24h' },
  { env: 'KEYWARD_INVITATION_TTL', default: '7d' },
  { env: 'KEYWARD_SMTP_URL' },
  { env: 'KEYWARD_MAIL_FROM' },
  { env: 'KEYWARD_OVH_TIMESTAMP_WINDOW', default: '180s' },
  { env: 'KEYWARD_OVH_CREDENTIAL_REQUESTS_PER_HOUR', default: '1000' },
  { env: 'KEYWARD_SIGNED_REQUEST_CHECKERS' },
  { env: 'KEYWARD_DPOP_NONCE', default: 'false' },
];
