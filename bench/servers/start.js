// How each server under test is started: its command line, environment and the URL that says it is ready.
// Every server runs alone on SERVER_CORE; only one measurement's servers run at a time.
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { keywardBin, repoRoot } from '../lib/keyward-dist.js';
import { startPinned, waitReady } from '../lib/processes.js';

export const SERVER_CORE = 0;
export const LOAD_CORE = 1;
// Uncommon ports below the ephemeral range (32768+), so neither a developer's own server on 8080 or 18080
// nor an outgoing connection's local port is ever mistaken for one of ours.
const BASE_PORT = Number(process.env.BENCH_PORT_BASE ?? 28080);
const PORTS = {
  keyward: BASE_PORT,
  'oidc-provider': BASE_PORT + 1,
  minimal: BASE_PORT + 2,
  'resource-server': BASE_PORT + 3,
  upstream: BASE_PORT + 4,
  gateway: BASE_PORT + 5,
};
export const originOf = (kind) => `http://127.0.0.1:${PORTS[kind]}`;

/** The client the peers are configured with (the same grant as Keyward's server app). */
export const PEER_CLIENT = {
  clientId: 'bench-client',
  clientSecret: 'bench-client-secret-7a1c9e4b2d8f6035a1c9e4b2d8f60357',
  resource: 'urn:keyward-bench:api',
  orgId: 'bench-org',
};

const script = (name) => fileURLToPath(new URL(`./${name}.js`, import.meta.url));

/** Keyward's environment for a database of the run (see docs/configuration.md). */
export function keywardEnv(run, database) {
  return {
    KEYWARD_HOST: '127.0.0.1',
    KEYWARD_PORT: String(PORTS.keyward),
    KEYWARD_ISSUER: originOf('keyward'),
    KEYWARD_DATA_DIR: database.dataDir,
    ...(database.url ? { KEYWARD_DATABASE_URL: database.url } : {}),
    KEYWARD_SECRET: run.secret,
    KEYWARD_ADMIN_EMAIL: 'operator@bench.keyward.test',
    KEYWARD_ADMIN_PASSWORD: run.adminPassword,
  };
}

function spec(kind, run, database, target) {
  const peerEnv = {
    PORT: String(PORTS[kind]),
    CLIENT_ID: PEER_CLIENT.clientId,
    CLIENT_SECRET: PEER_CLIENT.clientSecret,
    RESOURCE: PEER_CLIENT.resource,
  };
  switch (kind) {
    case 'keyward':
      return { args: [keywardBin, 'serve'], env: keywardEnv(run, database), ready: '/readyz' };
    case 'oidc-provider':
      return { args: [script('oidc-provider')], env: { ...peerEnv, NODE_ENV: 'production' }, ready: '/jwks' };
    case 'minimal':
      return { args: [script('minimal')], env: { ...peerEnv, NODE_ENV: 'production' }, ready: '/jwks' };
    case 'resource-server':
      return {
        args: [script('resource-server')],
        env: {
          PORT: String(PORTS[kind]),
          ISSUER: originOf('keyward'),
          JWKS_URL: `${originOf('keyward')}/oauth/jwks`,
          VERIFIER: target.verifier ?? 'jose',
          NODE_ENV: 'production',
        },
        ready: '/healthz',
      };
    case 'upstream':
      return {
        args: [script('upstream')],
        env: { PORT: String(PORTS[kind]), NODE_ENV: 'production' },
        ready: '/healthz',
      };
    case 'gateway':
      return {
        args: [keywardBin, 'gateway', '--config', gatewayConfig(run)],
        env: { NODE_ENV: 'production' },
        ready: '/healthz',
      };
    default:
      throw new TypeError(`unknown server kind ${kind}`);
  }
}

/** The gateway.yaml of the gateway scenario: one route to the upstream, demanding billing:read (docs/gateway.md). */
function gatewayConfig(run) {
  const file = `${run.tmpDir}/gateway.yaml`;
  writeFileSync(
    file,
    [
      `listen: { host: 127.0.0.1, port: ${PORTS.gateway} }`,
      `keyward: { issuer: ${originOf('keyward')} }`,
      `signingKey: { file: ${run.tmpDir}/gateway-signing-key.json }`,
      'routes:',
      `  - { name: resource, methods: [GET], path: /resource, upstream: ${originOf('upstream')}, require: { permission: billing:read } }`,
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * What each target runs, in start order, and on which core. The server under load is last and alone on the
 * server core. Behind the gateway, the upstream runs on the load generator's core: the gateway's core is the
 * one measured, as the upstream's is when it is called directly.
 */
function processesOf(target) {
  switch (target.kind) {
    case 'resource-server':
      return [{ kind: 'keyward' }, { kind: 'resource-server' }];
    case 'upstream':
      return [{ kind: 'keyward' }, { kind: 'upstream' }];
    case 'gateway':
      return [{ kind: 'keyward' }, { kind: 'upstream', core: LOAD_CORE }, { kind: 'gateway' }];
    default:
      return [{ kind: target.kind }];
  }
}

/**
 * Starts what a target needs, in order, and waits until each answers: the server under load last (a resource
 * server needs Keyward up for its JWKS). `nodeArgs` (e.g. --cpu-prof) go to the server under load only.
 */
export async function startTarget(target, run, { nodeArgs = [], logDir }) {
  const started = [];
  try {
    for (const { kind, core = SERVER_CORE } of processesOf(target)) {
      const underLoad = kind === target.kind;
      const { args, env, ready } = spec(kind, run, run.databases[target.database], target);
      await assertPortFree(PORTS[kind]);
      const server = startPinned({
        name: kind,
        core,
        nodeArgs: [...(underLoad ? nodeArgs : []), ...args],
        env,
        cwd: repoRoot,
        logFile: `${logDir}/${target.id}.${kind}.log`,
      });
      started.push(server);
      await waitReady(server, `${originOf(kind)}${ready}`);
    }
  } catch (error) {
    await Promise.all(started.map((server) => server.child.kill('SIGKILL')));
    throw error;
  }
  return { servers: started, underLoad: started.at(-1) };
}

/** Refuses to start when something already listens on `port`: its answers would be taken for ours. */
function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      reject(new Error(`port ${port} is already in use; stop that process or set BENCH_PORT_BASE`));
    });
    socket.once('error', () => resolve());
  });
}
