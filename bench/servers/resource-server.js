// A resource server that verifies Keyward access tokens itself: GET /resource with `Authorization: Bearer`,
// 200 with the token's subject and org, 401 otherwise. VERIFIER=jose (default) uses jose's remote JWKS set
// on JWKS_URL; VERIFIER=keyward-verify loads packages/verify (when it exists) through lib/verify-adapter.js.
// Configured by environment: PORT, ISSUER, JWKS_URL, VERIFIER.
import Fastify from 'fastify';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const { PORT, ISSUER, JWKS_URL, VERIFIER = 'jose' } = process.env;

async function joseVerifier() {
  const jwks = createRemoteJWKSet(new URL(JWKS_URL));
  return async (token) =>
    (await jwtVerify(token, jwks, { issuer: ISSUER, algorithms: ['ES256'], typ: 'at+jwt' })).payload;
}

const verify =
  VERIFIER === 'jose'
    ? await joseVerifier()
    : await (await import('../lib/verify-adapter.js')).keywardVerifier({ issuer: ISSUER, jwksUrl: JWKS_URL });

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ ok: true }));
app.get('/resource', async (request, reply) => {
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('Bearer ')) return reply.code(401).send({ error: 'invalid_token' });
  try {
    const claims = await verify(header.slice(7));
    return { sub: claims.sub, context_name: claims.context_name, scope: claims.scope };
  } catch {
    return reply.code(401).send({ error: 'invalid_token' });
  }
});
await app.listen({ host: '127.0.0.1', port: Number(PORT) });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
