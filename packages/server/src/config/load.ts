import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { CONFIG_VARIABLES, type ConfigVariable } from './variables.js';

export type SigningAlg = 'ES256' | 'RS256' | 'EdDSA';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** The whole configuration, validated once at start-up. Everything else receives it; nothing reads env itself. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  /**
   * Public base URL, no trailing slash. Every absolute URL Keyward prints or signs starts with it. At start-up it
   * is settled against the one recorded in the database (deployment-issuer.ts); the container sees that one.
   */
  issuer: string;
  /** Whether the issuer was set (KEYWARD_ISSUER / --issuer) rather than derived from host and port. */
  issuerConfigured: boolean;
  /** KEYWARD_SECRET, or null when it must be read from / generated into the data dir (see server-secret.ts). */
  secret: string | null;
  secretFile: string | null;
  tls: { certFile: string; keyFile: string } | null;
  signingAlg: SigningAlg;
  logLevel: LogLevel;
  /** Fastify trustProxy: false, true, or a list of the proxies' addresses/CIDRs. */
  trustProxy: boolean | string[];
  bootstrapAdmin: { email: string | null; password: string | null };
  /** stepUpWindowSeconds: how long after a factor was presented sensitive actions go without asking again. */
  session: { idleTtlSeconds: number; maxTtlSeconds: number; stepUpWindowSeconds: number };
  accessTokenTtlSeconds: number;
  apiTokens: { maxPerUserAndOrg: number };
  mail: { smtpUrl: string | null; from: string };
  /** How long a link sent by e-mail works: a password reset, an address verification, an invitation. */
  emailLinks: {
    passwordResetTtlSeconds: number;
    verificationTtlSeconds: number;
    invitationTtlSeconds: number;
  };
  /**
   * OVH-style consumer keys: allowed clock difference of signed requests, credential requests per AK, and the
   * OAuth apps (client ids) allowed to have signed requests checked for them (gateways, resource servers).
   */
  ovh: { timestampWindowSeconds: number; credentialRequestsPerHour: number; signedRequestCheckers: string[] };
  /** DPoP (RFC 9449): whether proofs must carry a nonce Keyward handed out (DPoP-Nonce, §8 and §9). */
  dpop: { nonce: boolean };
  limits: { orgsPerUser: number; bodyBytes: number };
  /**
   * Lockouts (docs/accounts.md#lockout): `attempts` failures within `windowSeconds` lock a (account, address) or
   * a device cookie, `accountAttempts` the account for browsers without its device cookie, `addressAttempts`
   * an address for every account; each lockout in a row lasts twice the one before, from `baseSeconds` up to
   * `maxSeconds`. A browser that completed a sign-in keeps its device cookie for `deviceCookieTtlSeconds`.
   */
  lockout: {
    attempts: number;
    accountAttempts: number;
    addressAttempts: number;
    windowSeconds: number;
    baseSeconds: number;
    maxSeconds: number;
    deviceCookieTtlSeconds: number;
  };
  /** `keyward serve` processes sharing the port: 1 is a single process, more a supervisor and that many workers. */
  workers: number;
}

/** Flags from the command line; each overrides its KEYWARD_* variable. */
export interface ConfigFlags {
  host?: string | undefined;
  port?: string | undefined;
  data?: string | undefined;
  databaseUrl?: string | undefined;
  issuer?: string | undefined;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  logLevel?: string | undefined;
  workers?: string | undefined;
}

/** A configuration value that cannot be used; the message starts with the variable's name. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

/**
 * Builds the configuration from flags and environment variables.
 * Pure: no file is read or written here, so it can be tested with a plain object.
 */
export function loadConfig(env: Env = process.env, flags: ConfigFlags = {}, cwd = process.cwd()): Config {
  const read = (name: string, flag?: string): string | undefined => {
    const value = flag ?? env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const def = (name: string): string => {
    const variable = CONFIG_VARIABLES.find((v: ConfigVariable) => v.env === name);
    if (!variable?.default) throw new TypeError(`no default documented for ${name}`);
    return variable.default;
  };

  const host = read('KEYWARD_HOST', flags.host) ?? def('KEYWARD_HOST');
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host))
    throw new ConfigError('KEYWARD_HOST', `"${host}" is not a host name or address`);
  const port = parseInteger(
    'KEYWARD_PORT',
    read('KEYWARD_PORT', flags.port) ?? def('KEYWARD_PORT'),
    0,
    65535,
  );
  const dataDir = absolute(read('KEYWARD_DATA_DIR', flags.data) ?? def('KEYWARD_DATA_DIR'), cwd);

  const tlsCert = read('KEYWARD_TLS_CERT', flags.tlsCert);
  const tlsKey = read('KEYWARD_TLS_KEY', flags.tlsKey);
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    const missing = tlsCert === undefined ? 'KEYWARD_TLS_CERT' : 'KEYWARD_TLS_KEY';
    throw new ConfigError(missing, 'TLS needs both a certificate and a key; set both or neither');
  }
  const tls = tlsCert && tlsKey ? { certFile: absolute(tlsCert, cwd), keyFile: absolute(tlsKey, cwd) } : null;

  const secret = read('KEYWARD_SECRET') ?? null;
  if (secret !== null && secret.length < 32) {
    throw new ConfigError(
      'KEYWARD_SECRET',
      'must be at least 32 characters; generate one with `openssl rand -base64 48`',
    );
  }
  const secretFileValue = read('KEYWARD_SECRET_FILE');
  const secretFile = secretFileValue ? absolute(secretFileValue, cwd) : null;

  return {
    host,
    port,
    dataDir,
    database: parseDatabase(
      read('KEYWARD_DATABASE_URL', flags.databaseUrl) ?? read('DATABASE_URL'),
      dataDir,
      cwd,
    ),
    issuer: parseIssuer(read('KEYWARD_ISSUER', flags.issuer), host, port, tls !== null),
    issuerConfigured: read('KEYWARD_ISSUER', flags.issuer) !== undefined,
    secret,
    secretFile,
    tls,
    signingAlg: parseChoice(
      'KEYWARD_SIGNING_ALG',
      read('KEYWARD_SIGNING_ALG') ?? def('KEYWARD_SIGNING_ALG'),
      ['ES256', 'RS256', 'EdDSA'] as const,
    ),
    logLevel: parseChoice(
      'KEYWARD_LOG_LEVEL',
      read('KEYWARD_LOG_LEVEL', flags.logLevel) ?? def('KEYWARD_LOG_LEVEL'),
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
    ),
    trustProxy: parseTrustProxy(read('KEYWARD_TRUST_PROXY') ?? def('KEYWARD_TRUST_PROXY')),
    workers: parseWorkers(read('KEYWARD_WORKERS', flags.workers) ?? def('KEYWARD_WORKERS')),
    bootstrapAdmin: parseBootstrapAdmin(read('KEYWARD_ADMIN_EMAIL'), env.KEYWARD_ADMIN_PASSWORD),
    session: {
      idleTtlSeconds: parseDuration(
        'KEYWARD_SESSION_IDLE_TTL',
        read('KEYWARD_SESSION_IDLE_TTL') ?? def('KEYWARD_SESSION_IDLE_TTL'),
      ),
      maxTtlSeconds: parseDuration(
        'KEYWARD_SESSION_MAX_TTL',
        read('KEYWARD_SESSION_MAX_TTL') ?? def('KEYWARD_SESSION_MAX_TTL'),
      ),
      stepUpWindowSeconds: parseDuration(
        'KEYWARD_STEP_UP_WINDOW',
        read('KEYWARD_STEP_UP_WINDOW') ?? def('KEYWARD_STEP_UP_WINDOW'),
        { min: 60, max: 24 * 3600 },
      ),
    },
    accessTokenTtlSeconds: parseDuration(
      'KEYWARD_ACCESS_TOKEN_TTL',
      read('KEYWARD_ACCESS_TOKEN_TTL') ?? def('KEYWARD_ACCESS_TOKEN_TTL'),
      { min: 60, max: MAX_JWT_TTL_SECONDS },
    ),
    apiTokens: {
      maxPerUserAndOrg: parseInteger(
        'KEYWARD_API_TOKEN_LIMIT',
        read('KEYWARD_API_TOKEN_LIMIT') ?? def('KEYWARD_API_TOKEN_LIMIT'),
        1,
        100_000,
      ),
    },
    mail: parseMail(read('KEYWARD_SMTP_URL'), read('KEYWARD_MAIL_FROM')),
    emailLinks: {
      passwordResetTtlSeconds: parseDuration(
        'KEYWARD_PASSWORD_RESET_TTL',
        read('KEYWARD_PASSWORD_RESET_TTL') ?? def('KEYWARD_PASSWORD_RESET_TTL'),
        { min: 5 * 60, max: 24 * 3600 },
      ),
      verificationTtlSeconds: parseDuration(
        'KEYWARD_EMAIL_VERIFICATION_TTL',
        read('KEYWARD_EMAIL_VERIFICATION_TTL') ?? def('KEYWARD_EMAIL_VERIFICATION_TTL'),
        { min: 5 * 60, max: 30 * 86400 },
      ),
      invitationTtlSeconds: parseDuration(
        'KEYWARD_INVITATION_TTL',
        read('KEYWARD_INVITATION_TTL') ?? def('KEYWARD_INVITATION_TTL'),
        { min: 3600, max: 90 * 86400 },
      ),
    },
    ovh: {
      timestampWindowSeconds: parseDuration(
        'KEYWARD_OVH_TIMESTAMP_WINDOW',
        read('KEYWARD_OVH_TIMESTAMP_WINDOW') ?? def('KEYWARD_OVH_TIMESTAMP_WINDOW'),
        { min: 5, max: 24 * 3600 },
      ),
      credentialRequestsPerHour: parseInteger(
        'KEYWARD_OVH_CREDENTIAL_REQUESTS_PER_HOUR',
        read('KEYWARD_OVH_CREDENTIAL_REQUESTS_PER_HOUR') ?? def('KEYWARD_OVH_CREDENTIAL_REQUESTS_PER_HOUR'),
        1,
        1_000_000,
      ),
      signedRequestCheckers: parseClientIds(
        'KEYWARD_SIGNED_REQUEST_CHECKERS',
        read('KEYWARD_SIGNED_REQUEST_CHECKERS'),
      ),
    },
    dpop: {
      nonce: parseBoolean('KEYWARD_DPOP_NONCE', read('KEYWARD_DPOP_NONCE') ?? def('KEYWARD_DPOP_NONCE')),
    },
    limits: {
      orgsPerUser: parseInteger(
        'KEYWARD_MAX_ORGS_PER_USER',
        read('KEYWARD_MAX_ORGS_PER_USER') ?? def('KEYWARD_MAX_ORGS_PER_USER'),
        1,
        1_000_000,
      ),
      bodyBytes: 256 * 1024,
    },
    lockout: parseLockout(read, def),
  };
}

function parseLockout(
  read: (name: string) => string | undefined,
  def: (name: string) => string,
): Config['lockout'] {
  const count = (name: string) => parseInteger(name, read(name) ?? def(name), 1, 1_000_000);
  const duration = (name: string, bounds?: { min: number; max: number }) =>
    parseDuration(name, read(name) ?? def(name), bounds);
  const baseSeconds = duration('KEYWARD_LOCKOUT_DURATION', { min: 1, max: 7 * 86400 });
  const maxSeconds = duration('KEYWARD_LOCKOUT_MAX_DURATION', { min: 1, max: 7 * 86400 });
  if (maxSeconds < baseSeconds) {
    throw new ConfigError(
      'KEYWARD_LOCKOUT_MAX_DURATION',
      `must be at least KEYWARD_LOCKOUT_DURATION (${baseSeconds}s), the first lockout's length`,
    );
  }
  return {
    attempts: count('KEYWARD_LOCKOUT_ATTEMPTS'),
    accountAttempts: count('KEYWARD_LOCKOUT_ACCOUNT_ATTEMPTS'),
    addressAttempts: count('KEYWARD_LOCKOUT_ADDRESS_ATTEMPTS'),
    windowSeconds: duration('KEYWARD_LOCKOUT_WINDOW', { min: 1, max: 7 * 86400 }),
    baseSeconds,
    maxSeconds,
    deviceCookieTtlSeconds: duration('KEYWARD_DEVICE_COOKIE_TTL', { min: 3600, max: 5 * 365 * 86400 }),
  };
}

/** No JWT Keyward signs lives longer than this; retired signing keys stay published for as long. */
export const MAX_JWT_TTL_SECONDS = 24 * 60 * 60;

function absolute(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

function parseInteger(variable: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw new ConfigError(variable, `"${text}" is not a whole number`);
  const value = Number(text);
  if (value < min || value > max) throw new ConfigError(variable, `${value} is outside ${min}–${max}`);
  return value;
}

/** `auto` is one worker per core the process may use. */
function parseWorkers(text: string): number {
  if (text.toLowerCase() === 'auto') return availableParallelism();
  return parseInteger('KEYWARD_WORKERS', text, 1, 256);
}

function parseBoolean(variable: string, text: string): boolean {
  if (/^(true|on|1)$/i.test(text)) return true;
  if (/^(false|off|0)$/i.test(text)) return false;
  throw new ConfigError(variable, `"${text}" is not true or false`);
}

function parseChoice<T extends string>(variable: string, text: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice.toLowerCase() === text.toLowerCase());
  if (!found) throw new ConfigError(variable, `"${text}" is not one of ${choices.join(', ')}`);
  return found;
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "90", "90s", "30m", "8h", "7d" → seconds. */
export function parseDuration(
  variable: string,
  text: string,
  bounds: { min: number; max: number } = { min: 1, max: 10 * 365 * 86400 },
): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text);
  if (!match) throw new ConfigError(variable, `"${text}" is not a duration such as 90s, 30m, 8h or 7d`);
  const seconds = Number(match[1]) * (DURATION_UNITS[match[2] || 's'] ?? 1);
  if (seconds < bounds.min || seconds > bounds.max) {
    throw new ConfigError(variable, `${text} is outside ${bounds.min}s–${bounds.max}s`);
  }
  return seconds;
}

function parseDatabase(url: string | undefined, dataDir: string, cwd: string): DatabaseConfig {
  const variable = 'KEYWARD_DATABASE_URL';
  if (url === undefined) return { kind: 'sqlite', file: resolve(dataDir, 'keyward.db') };
  if (/^postgres(ql)?:\/\//i.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError(variable, 'is not a valid postgres:// URL');
    }
    return { kind: 'postgres', url };
  }
  if (/^sqlite:/i.test(url)) {
    const path = url.replace(/^sqlite:(\/\/)?/i, '');
    if (!path) throw new ConfigError(variable, 'sqlite: needs a file path, e.g. sqlite:./data/keyward.db');
    return { kind: 'sqlite', file: absolute(path, cwd) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    // Never echo the URL: it may hold a password.
    throw new ConfigError(variable, 'only postgres:// URLs and SQLite file paths are supported');
  }
  return { kind: 'sqlite', file: absolute(url, cwd) };
}

function parseIssuer(text: string | undefined, host: string, port: number, tls: boolean): string {
  return text === undefined ? nodeUrl(host, port, tls) : parseIssuerUrl(text);
}

/** The URL of this node itself (`http(s)://<host>:<port>`): the default issuer, and where the node listens. */
export function nodeUrl(host: string, port: number, tls: boolean): string {
  const visibleHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `${tls ? 'https' : 'http'}://${visibleHost}:${port}`;
}

/** An issuer URL as KEYWARD_ISSUER accepts it, normalised (no trailing slash); ConfigError otherwise. */
export function parseIssuerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError('KEYWARD_ISSUER', `"${text}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError('KEYWARD_ISSUER', 'must be an http:// or https:// URL');
  }
  // RFC 8414 §2 / OIDC Discovery §3: the issuer has no query or fragment.
  if (url.search || url.hash) throw new ConfigError('KEYWARD_ISSUER', 'must not have a query or fragment');
  // Every endpoint hangs off the root; an issuer with a path would advertise URLs nobody serves.
  if (url.pathname !== '/') {
    throw new ConfigError(
      'KEYWARD_ISSUER',
      'must be an origin without a path (serve Keyward at the root of its host)',
    );
  }
  // RFC 9207 §2 and RFC 8414 §2: an https issuer. Plain http only for a machine talking to itself.
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new ConfigError(
      'KEYWARD_ISSUER',
      `http is only for loopback hosts; use https://${url.host} (TLS here or at a proxy in front of Keyward)`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

function parseMail(smtpUrl: string | undefined, from: string | undefined): Config['mail'] {
  if (smtpUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(smtpUrl);
    } catch {
      throw new ConfigError(
        'KEYWARD_SMTP_URL',
        'is not a URL; use smtp://user:password@host:587 or smtps://host:465',
      );
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
      throw new ConfigError('KEYWARD_SMTP_URL', 'must start with smtp:// or smtps://');
    }
  }
  if (from !== undefined && !/@/.test(from)) {
    throw new ConfigError('KEYWARD_MAIL_FROM', `"${from}" has no e-mail address`);
  }
  return { smtpUrl: smtpUrl ?? null, from: from ?? 'Keyward <keyward@localhost>' };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** A comma-separated list of OAuth client ids (UUIDs, or ids chosen at creation); empty when unset. */
function parseClientIds(variable: string, text: string | undefined): string[] {
  const ids = (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  const bad = ids.find((id) => !/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/.test(id));
  if (bad !== undefined) {
    throw new ConfigError(
      variable,
      `"${bad.slice(0, 70)}" is not an OAuth client id; list client ids separated by commas`,
    );
  }
  return [...new Set(ids)];
}

function parseTrustProxy(text: string): boolean | string[] {
  if (text === 'false') return false;
  if (text === 'true') return true;
  // A hop count trusts whatever X-Forwarded-For the client itself sends (Fastify no longer honours one).
  if (/^\d+$/.test(text)) {
    throw new ConfigError(
      'KEYWARD_TRUST_PROXY',
      `a hop count (${text}) cannot tell a proxy from a client that forges X-Forwarded-For; list your proxies' addresses or CIDRs, e.g. 10.0.0.0/8`,
    );
  }
  const list = text.split(',').map((part) => part.trim());
  if (list.some((part) => !/^[0-9a-fA-F.:/]+$/.test(part))) {
    throw new ConfigError(
      'KEYWARD_TRUST_PROXY',
      "must be true, false, or a comma-separated list of the proxies' addresses or CIDRs",
    );
  }
  return list;
}

function parseBootstrapAdmin(
  email: string | undefined,
  password: string | undefined,
): Config['bootstrapAdmin'] {
  if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new ConfigError('KEYWARD_ADMIN_EMAIL', `"${email}" is not an e-mail address`);
  }
  if (password !== undefined && password !== '' && email === undefined) {
    throw new ConfigError('KEYWARD_ADMIN_EMAIL', 'must be set when KEYWARD_ADMIN_PASSWORD is');
  }
  return { email: email ?? null, password: password ? password : null };
}
