import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../ops/logger.js';
import { ConfigError, loadConfig } from './load.js';
import { resolveServerSecret } from './server-secret.js';

const cwd = '/srv/keyward';

function expectConfigError(env: Record<string, string>, variable: string, flags = {}): void {
  try {
    loadConfig(env, flags, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as Error).message.startsWith(`${variable}: `)).toBe(true);
    return;
  }
  throw new Error(`expected a ConfigError for ${variable}`);
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({}, {}, cwd);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: '/srv/keyward/data',
      database: { kind: 'sqlite', file: '/srv/keyward/data/keyward.db' },
      issuer: 'http://127.0.0.1:8080',
      secret: null,
      tls: null,
      signingAlg: 'ES256',
      logLevel: 'info',
      trustProxy: false,
      session: { idleTtlSeconds: 8 * 3600, maxTtlSeconds: 7 * 86400 },
      accessTokenTtlSeconds: 1800,
    });
  });

  it('lets flags win over variables', () => {
    const config = loadConfig({ KEYWARD_PORT: '9000', KEYWARD_HOST: '0.0.0.0' }, { port: '9100' }, cwd);
    expect(config.port).toBe(9100);
    expect(config.issuer).toBe('http://127.0.0.1:9100'); // 0.0.0.0 is not an address a client can use
  });

  it('selects PostgreSQL for postgres:// URLs (KEYWARD_DATABASE_URL, then DATABASE_URL) and SQLite otherwise', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }, {}, cwd).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h/db',
    });
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u@h/a', KEYWARD_DATABASE_URL: 'postgresql://u@h/b' }, {}, cwd)
        .database,
    ).toEqual({ kind: 'postgres', url: 'postgresql://u@h/b' });
    expect(loadConfig({ KEYWARD_DATABASE_URL: 'sqlite:./x.db' }, {}, cwd).database).toEqual({
      kind: 'sqlite',
      file: '/srv/keyward/x.db',
    });
    expect(loadConfig({}, { databaseUrl: '/tmp/y.db' }, cwd).database).toEqual({
      kind: 'sqlite',
      file: '/tmp/y.db',
    });
  });

  it('derives an https issuer under TLS and normalises a given one', () => {
    const tls = loadConfig({ KEYWARD_TLS_CERT: 'c.pem', KEYWARD_TLS_KEY: 'k.pem' }, {}, cwd);
    expect(tls.issuer).toBe('https://127.0.0.1:8080');
    expect(tls.tls).toEqual({ certFile: '/srv/keyward/c.pem', keyFile: '/srv/keyward/k.pem' });
    expect(loadConfig({ KEYWARD_ISSUER: 'https://id.example.com/' }, {}, cwd).issuer).toBe(
      'https://id.example.com',
    );
  });

  it.each([
    [{ KEYWARD_PORT: '80a' }, 'KEYWARD_PORT'],
    [{ KEYWARD_PORT: '70000' }, 'KEYWARD_PORT'],
    [{ KEYWARD_HOST: 'bad host' }, 'KEYWARD_HOST'],
    [{ KEYWARD_DATABASE_URL: 'mysql://root:pw@h/db' }, 'KEYWARD_DATABASE_URL'],
    [{ KEYWARD_ISSUER: 'ftp://x' }, 'KEYWARD_ISSUER'],
    [{ KEYWARD_ISSUER: 'https://x/?a=1' }, 'KEYWARD_ISSUER'],
    [{ KEYWARD_ISSUER: 'not a url' }, 'KEYWARD_ISSUER'],
    [{ KEYWARD_ISSUER: 'https://id.example.com/keyward' }, 'KEYWARD_ISSUER'],
    [{ KEYWARD_ISSUER: 'http://id.example.com' }, 'KEYWARD_ISSUER'],
    [{ KEYWARD_SECRET: 'too-short' }, 'KEYWARD_SECRET'],
    [{ KEYWARD_TLS_CERT: 'c.pem' }, 'KEYWARD_TLS_KEY'],
    [{ KEYWARD_TLS_KEY: 'k.pem' }, 'KEYWARD_TLS_CERT'],
    [{ KEYWARD_SIGNING_ALG: 'HS256' }, 'KEYWARD_SIGNING_ALG'],
    [{ KEYWARD_LOG_LEVEL: 'loud' }, 'KEYWARD_LOG_LEVEL'],
    [{ KEYWARD_TRUST_PROXY: 'maybe' }, 'KEYWARD_TRUST_PROXY'],
    [{ KEYWARD_ADMIN_EMAIL: 'nobody' }, 'KEYWARD_ADMIN_EMAIL'],
    [{ KEYWARD_ADMIN_PASSWORD: 'p4ssphrase-ok' }, 'KEYWARD_ADMIN_EMAIL'],
    [{ KEYWARD_SESSION_IDLE_TTL: '8 hours' }, 'KEYWARD_SESSION_IDLE_TTL'],
    [{ KEYWARD_ACCESS_TOKEN_TTL: '2d' }, 'KEYWARD_ACCESS_TOKEN_TTL'],
    [{ KEYWARD_MAX_ORGS_PER_USER: '0' }, 'KEYWARD_MAX_ORGS_PER_USER'],
  ])('stops on %o naming %s', (env, variable) => {
    expectConfigError(env, variable);
  });

  it('never echoes a database password in its error', () => {
    expect(() => loadConfig({ KEYWARD_DATABASE_URL: 'mysql://root:hunter2@h/db' }, {}, cwd)).toThrow(
      /^(?!.*hunter2)/,
    );
  });

  it('reads the apps allowed to check signed requests: none by default, a comma-separated list of client ids', () => {
    expect(loadConfig({}, {}, cwd).ovh.signedRequestCheckers).toEqual([]);
    const ids = ' billing-gateway, 1f0c2a1e-7b7d-4a59-9a43-0b5b0c3d9e11 ,billing-gateway';
    expect(loadConfig({ KEYWARD_SIGNED_REQUEST_CHECKERS: ids }, {}, cwd).ovh.signedRequestCheckers).toEqual([
      'billing-gateway',
      '1f0c2a1e-7b7d-4a59-9a43-0b5b0c3d9e11',
    ]);
    expectConfigError(
      { KEYWARD_SIGNED_REQUEST_CHECKERS: 'gateway; drop' },
      'KEYWARD_SIGNED_REQUEST_CHECKERS',
    );
  });

  it('turns DPoP nonces on with KEYWARD_DPOP_NONCE (off by default), and names the variable when unreadable', () => {
    expect(loadConfig({}, {}, cwd).dpop).toEqual({ nonce: false });
    expect(loadConfig({ KEYWARD_DPOP_NONCE: 'true' }, {}, cwd).dpop).toEqual({ nonce: true });
    expect(loadConfig({ KEYWARD_DPOP_NONCE: 'OFF' }, {}, cwd).dpop).toEqual({ nonce: false });
    expectConfigError({ KEYWARD_DPOP_NONCE: 'sometimes' }, 'KEYWARD_DPOP_NONCE');
  });

  it('parses durations and proxy settings', () => {
    const config = loadConfig(
      {
        KEYWARD_SESSION_IDLE_TTL: '90s',
        KEYWARD_SESSION_MAX_TTL: '30m',
        KEYWARD_STEP_UP_WINDOW: '5m',
        KEYWARD_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      },
      {},
      cwd,
    );
    expect(config.session).toEqual({ idleTtlSeconds: 90, maxTtlSeconds: 1800, stepUpWindowSeconds: 300 });
    expect(loadConfig({}, {}, cwd).session.stepUpWindowSeconds).toBe(15 * 60);
    expect(() => loadConfig({ KEYWARD_STEP_UP_WINDOW: '10s' }, {}, cwd)).toThrow(/KEYWARD_STEP_UP_WINDOW/);
    expect(config.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  it('reads the lockout settings, with documented defaults, and refuses a maximum below the first lockout', () => {
    expect(loadConfig({}, {}, cwd).lockout).toEqual({
      attempts: 10,
      accountAttempts: 50,
      addressAttempts: 100,
      windowSeconds: 15 * 60,
      baseSeconds: 60,
      maxSeconds: 3600,
      deviceCookieTtlSeconds: 180 * 86400,
    });
    const custom = loadConfig(
      { KEYWARD_LOCKOUT_ATTEMPTS: '5', KEYWARD_LOCKOUT_DURATION: '30s', KEYWARD_LOCKOUT_MAX_DURATION: '2h' },
      {},
      cwd,
    ).lockout;
    expect(custom).toMatchObject({ attempts: 5, baseSeconds: 30, maxSeconds: 7200 });
    expect(() =>
      loadConfig({ KEYWARD_LOCKOUT_DURATION: '10m', KEYWARD_LOCKOUT_MAX_DURATION: '5m' }, {}, cwd),
    ).toThrow(/KEYWARD_LOCKOUT_MAX_DURATION: must be at least/);
    expect(() => loadConfig({ KEYWARD_LOCKOUT_ATTEMPTS: '0' }, {}, cwd)).toThrow(/KEYWARD_LOCKOUT_ATTEMPTS/);
  });

  it('refuses a proxy hop count, which a client forging X-Forwarded-For would defeat', () => {
    expect(() => loadConfig({ KEYWARD_TRUST_PROXY: '2' }, {}, cwd)).toThrow(
      /list your proxies' addresses or CIDRs/,
    );
  });
});

describe('resolveServerSecret', () => {
  const logger = createLogger('silent');

  it('generates a secret once into the data dir with mode 0600, then reuses it', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'kw-secret-')), 'data');
    const config = loadConfig({ KEYWARD_DATA_DIR: dataDir });
    const [first, second] = await Promise.all([
      resolveServerSecret(config, logger),
      resolveServerSecret(config, logger),
    ]);
    expect(first).toBe(second);
    expect(first.length).toBeGreaterThanOrEqual(48);
    expect(statSync(join(dataDir, 'secret')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'secret'), 'utf8').trim()).toBe(first);
    expect(await resolveServerSecret(config, logger)).toBe(first);
  });

  it('prefers KEYWARD_SECRET, then KEYWARD_SECRET_FILE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-secret-'));
    const file = join(dir, 'key');
    writeFileSync(file, `${'f'.repeat(40)}\n`);
    expect(
      await resolveServerSecret(
        loadConfig({ KEYWARD_SECRET: 's'.repeat(32), KEYWARD_SECRET_FILE: file }),
        logger,
      ),
    ).toBe('s'.repeat(32));
    expect(await resolveServerSecret(loadConfig({ KEYWARD_SECRET_FILE: file }), logger)).toBe('f'.repeat(40));
    writeFileSync(file, 'short');
    await expect(resolveServerSecret(loadConfig({ KEYWARD_SECRET_FILE: file }), logger)).rejects.toThrow(
      /^KEYWARD_SECRET_FILE: /,
    );
  });

  it('refuses a secret file other users can read', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kw-secret-'));
    writeFileSync(join(dataDir, 'secret'), 'x'.repeat(48), { mode: 0o644 });
    await expect(resolveServerSecret(loadConfig({ KEYWARD_DATA_DIR: dataDir }), logger)).rejects.toThrow(
      /chmod 600/,
    );
  });
});
