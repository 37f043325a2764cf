import { describe, expect, it } from 'vitest';
import { GatewayConfigError, parseGatewayConfig } from './config.js';

const minimal = `
keyward: { issuer: https://id.example.com }
routes:
  - { path: /billing, upstream: http://127.0.0.1:9000 }
`;

function problem(text: string, env: Record<string, string> = {}): string {
  try {
    parseGatewayConfig(text, { file: '/etc/keyward/gateway.yaml', env });
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('gateway.yaml', () => {
  it('fills in the documented defaults', () => {
    const config = parseGatewayConfig(minimal, { file: '/etc/keyward/gateway.yaml', env: {} });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8443,
      publicUrl: 'http://127.0.0.1:8443',
      keyward: {
        issuer: 'https://id.example.com',
        client: null,
        introspectionCacheMs: 1000,
        revocationFeed: null,
      },
      signingKey: { file: '/etc/keyward/gateway-signing-key.json', alsoPublish: [] },
      identity: { header: 'x-keyward-assertion', ttlSeconds: 60 },
      forwardCredentials: true,
      ovhRulesPrefix: '',
      timeouts: { connectMs: 5000, responseMs: 60000, idleMs: 60000 },
      decisionsPath: '/decisions',
    });
    expect(config.routes).toEqual([
      {
        name: 'route1',
        methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        path: '/billing',
        upstream: 'http://127.0.0.1:9000',
        audience: 'http://127.0.0.1:9000',
        require: {},
        immediate: false,
        websocket: false,
      },
    ]);
  });

  it('takes the client secret from a variable, never requiring it in the file', () => {
    const text = minimal.replace(
      'issuer: https://id.example.com',
      'issuer: https://id.example.com, clientId: gateway',
    );
    expect(problem(text)).toContain('KEYWARD_GATEWAY_CLIENT_SECRET');
    const config = parseGatewayConfig(text, { env: { KEYWARD_GATEWAY_CLIENT_SECRET: 's3cret' } });
    expect(config.keyward.client).toEqual({ clientId: 'gateway', clientSecret: 's3cret' });
  });

  it('follows the revocation feed by default once it has a client, and can be told not to', () => {
    const withClient = minimal.replace(
      'issuer: https://id.example.com',
      'issuer: https://id.example.com, clientId: gateway',
    );
    const env = { KEYWARD_GATEWAY_CLIENT_SECRET: 's3cret' };
    expect(parseGatewayConfig(withClient, { env }).keyward.revocationFeed).toEqual({
      maxDisconnectedMs: 30_000,
    });
    const off = withClient.replace('clientId: gateway', 'clientId: gateway, revocationFeed: false');
    expect(parseGatewayConfig(off, { env }).keyward.revocationFeed).toBeNull();
    const bound = withClient.replace(
      'clientId: gateway',
      'clientId: gateway, revocationFeedMaxDisconnectedSeconds: 5',
    );
    expect(parseGatewayConfig(bound, { env }).keyward.revocationFeed).toEqual({ maxDisconnectedMs: 5000 });
    expect(
      problem(
        minimal.replace(
          'issuer: https://id.example.com',
          'issuer: https://id.example.com, revocationFeed: true',
        ),
      ),
    ).toContain('keyward.revocationFeed needs keyward.clientId');
  });

  it('says where YAML is broken', () => {
    expect(problem('keyward: { issuer: https://x\nroutes: [')).toMatch(
      /not valid YAML at line \d+, column \d+/,
    );
  });

  it('names the setting that does not fit the schema', () => {
    expect(problem(`${minimal}\nlisten: { port: eighty }`)).toContain('listen.port must be integer');
    expect(problem(`${minimal}\nrotues: []`)).toContain('must NOT have additional properties "rotues"');
    expect(problem(minimal.replace('/billing', 'billing'))).toContain('routes[0].path must match pattern');
    expect(problem(minimal.replace('http://127.0.0.1:9000', 'http://127.0.0.1:9000/api'))).toContain(
      'routes[0].upstream must match pattern',
    );
    expect(
      problem(
        minimal.replace(
          'upstream: http://127.0.0.1:9000',
          'upstream: http://127.0.0.1:9000, require: { perm: x }',
        ),
      ),
    ).toContain('"perm"');
  });

  it('refuses what cannot work, saying what to do', () => {
    expect(problem(minimal.replace('/billing', '/bill*ing'))).toContain(
      'may end with /* but have no other *',
    );
    expect(problem(minimal.replace('/billing', '/decisions/x'))).toContain("/decisions is the gateway's own");
    expect(
      problem(minimal.replace('upstream: http://127.0.0.1:9000', 'immediate: true, audience: billing')),
    ).toContain('needs keyward.clientId');
    expect(problem(minimal.replace('upstream: http://127.0.0.1:9000', 'methods: [GET]'))).toContain(
      'needs an audience',
    );
    expect(
      problem(
        minimal.replace('upstream: http://127.0.0.1:9000', 'upstream: http://a:1, require: { method: GET }'),
      ),
    ).toContain('needs both method and path');
  });
});
