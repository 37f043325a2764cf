// Micro-benchmark of packages/verify (issue 14): `verify()` per second on one core against jose's `jwtVerify`
// alone on the same token with the same checks — the floor any verifier built on jose stands on. Target: the
// verifier keeps ≥ 0.9× of jose. No Keyward and no HTTP on the measured path: an in-process server publishes
// discovery and the JWKS once, the token is signed here with Keyward's claims.
//
//   node bench/verify-micro.js [--pairs 20] [--slice 0.5] [--concurrency 8] [--json]
//
// The two sides run in alternating slices (A B, B A, …) so that whatever else loads the machine weighs on both
// alike. The verdict is the median per-pair ratio of CPU time per call (calls per second on one core); the
// req/s ratio is printed beside it but moves with whatever else runs on the machine.
//
// On Linux it re-runs itself under `taskset -c 0` (WebCrypto's worker threads included) unless
// BENCH_NO_PIN=1. Needs the built package (`npm run build` at the root). `measureVerifyMicro` is exported for
// run.js to call later.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT } from 'jose';

const PACKAGE = new URL('../packages/verify/dist/esm/index.js', import.meta.url);
const TARGET_RATIO = 0.9;

/**
 * Measures both sides in alternating slices. Resolves to { jose, verify } (median req/s and CPU µs per call),
 * ratio (verify's calls per CPU-second over jose's, the median of the pairs: the verdict), wallRatio (the same
 * for req/s), pairRatios, target and pass.
 */
export async function measureVerifyMicro({
  pairs = 20,
  slice = 0.5,
  concurrency = 8,
  warmupSeconds = 1,
} = {}) {
  if (!existsSync(PACKAGE)) throw new Error('packages/verify is not built: run `npm run build` at the root');
  const { createVerifier } = await import(PACKAGE.href);
  const keys = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'bench-key', alg: 'ES256', use: 'sig' };
  const issuer = await serveMetadata(jwk);
  try {
    const token = await keywardLikeToken(keys.privateKey, issuer.url);
    const verifier = createVerifier({ issuer: issuer.url, audience: 'billing' });
    await verifier.ready();
    // The same checks jose makes for the verifier, on a key imported the same way (a CryptoKey).
    const key = await importJWK(jwk, 'ES256');
    const options = {
      issuer: issuer.url,
      audience: ['billing'],
      algorithms: ['ES256'],
      typ: 'at+jwt',
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'],
      clockTolerance: 5,
    };
    const sides = {
      jose: () => jwtVerify(token, key, options),
      verify: () => verifier.verify(token),
    };
    const principal = await sides.verify();
    if (principal.permissions[0] !== 'billing:read') throw new Error('the verifier did not read the token');
    for (const run of Object.values(sides)) await throughput(run, warmupSeconds, concurrency);
    const slices = { jose: [], verify: [] };
    const pairRatios = { wall: [], cpu: [] };
    for (let pair = 0; pair < pairs; pair++) {
      const order = pair % 2 === 0 ? ['jose', 'verify'] : ['verify', 'jose'];
      const measured = {};
      for (const name of order) measured[name] = await throughput(sides[name], slice, concurrency);
      slices.jose.push(measured.jose);
      slices.verify.push(measured.verify);
      pairRatios.wall.push(measured.verify.perSecond / measured.jose.perSecond);
      pairRatios.cpu.push(measured.jose.cpuMicrosPerCall / measured.verify.cpuMicrosPerCall);
    }
    const summary = (name) => ({
      perSecond: median(slices[name].map((s) => s.perSecond)),
      cpuMicrosPerCall: median(slices[name].map((s) => s.cpuMicrosPerCall)),
    });
    // CPU time per call decides: it is what "per second on one core" means, and it is far less disturbed by
    // other processes sharing the machine than wall-clock throughput.
    const ratio = median(pairRatios.cpu);
    return {
      jose: summary('jose'),
      verify: summary('verify'),
      ratio,
      wallRatio: median(pairRatios.wall),
      pairRatios,
      target: TARGET_RATIO,
      pass: ratio >= TARGET_RATIO,
    };
  } finally {
    await issuer.close();
  }
}

/** Completed calls per second, and this process's CPU time per call, `concurrency` kept in flight. */
async function throughput(run, seconds, concurrency) {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < until) {
      await run();
      done++;
    }
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(cpu);
  return {
    perSecond: done / ((performance.now() - started) / 1000),
    cpuMicrosPerCall: (used.user + used.system) / done,
  };
}

/** Discovery and JWKS on 127.0.0.1, as Keyward publishes them. */
async function serveMetadata(jwk) {
  const server = createServer((request, response) => {
    const url = `http://127.0.0.1:${server.address().port}`;
    const body =
      request.url === '/.well-known/openid-configuration'
        ? { issuer: url, jwks_uri: `${url}/oauth/jwks` }
        : request.url === '/oauth/jwks'
          ? { keys: [jwk] }
          : null;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** An access token shaped like Keyward's (access-token.ts): an API-token user with billing roles. */
function keywardLikeToken(privateKey, issuer) {
  const perms = [
    'csp:org_member',
    'external/billing/viewer',
    'external/billing/billing:read',
    'external/accounts/self',
    'external/accounts/accounts:password',
  ];
  return new SignJWT({
    aud: [issuer, 'accounts', 'billing'],
    jti: crypto.randomUUID(),
    client_id: 'api-token',
    azp: 'api-token',
    scope: perms.join(' '),
    context_name: crypto.randomUUID(),
    context: crypto.randomUUID(),
    perms,
    domain: '127.0.0.1',
    cred: { type: 'api_token', id: crypto.randomUUID() },
    acct: 'ada@example.test',
    username: 'ada@example.test',
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'bench-key' })
    .setIssuer(issuer)
    .setSubject(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main() {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string', default: '20' },
      slice: { type: 'string', default: '0.5' },
      concurrency: { type: 'string', default: '8' },
      json: { type: 'boolean', default: false },
    },
  });
  if (process.platform === 'linux' && !process.env.BENCH_NO_PIN && !process.env.BENCH_PINNED) {
    const pinned = spawnSync('taskset', ['-c', '0', process.execPath, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_PINNED: '1' },
    });
    if (!pinned.error) process.exit(pinned.status ?? 1);
    process.stderr.write('taskset is not available: measuring unpinned\n');
  }
  const result = await measureVerifyMicro({
    pairs: Number(values.pairs),
    slice: Number(values.slice),
    concurrency: Number(values.concurrency),
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const format = (n) => Math.round(n).toLocaleString('en-US');
  const pinned = process.env.BENCH_PINNED ? 'one core (taskset -c 0)' : 'unpinned';
  const spread = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `${sorted[0].toFixed(2)}–${sorted.at(-1).toFixed(2)}`;
  };
  const line = (label, side) =>
    `  ${label}${format(side.perSecond)}/s, ${side.cpuMicrosPerCall.toFixed(1)} µs CPU per call\n`;
  process.stdout.write(
    `verify() vs jose jwtVerify, ES256, ${pinned}, ${values.pairs} alternating pairs of ${values.slice} s, ` +
      `${values.concurrency} in flight, load average ${loadavg()[0].toFixed(1)}\n` +
      line('jose jwtVerify     ', result.jose) +
      line('@keyward/verify    ', result.verify) +
      `  ratio (CPU/call)   ${result.ratio.toFixed(3)}× (median of pairs, range ${spread(result.pairRatios.cpu)})` +
      `   target ≥ ${TARGET_RATIO}×: ${result.pass ? 'met' : 'MISSED'}\n` +
      `  ratio (req/s)      ${result.wallRatio.toFixed(3)}× (median of pairs, range ${spread(result.pairRatios.wall)})\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
