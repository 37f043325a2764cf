// The reference for how fast Node can go (DESIGN §11): one Fastify route that checks a SHA-256-hashed client
// secret in constant time and signs an ES256 JWT access token with node:crypto. Configured by environment:
// PORT, CLIENT_ID, CLIENT_SECRET. Serves the JWKS at /jwks so the bench can verify what it issued.
import { createHash, generateKeyPairSync, randomUUID, sign, timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';

const { PORT, CLIENT_ID, CLIENT_SECRET } = process.env;
const issuer = `http://127.0.0.1:${PORT}`;
const sha256 = (text) => createHash('sha256').update(text).digest();
const storedHash = sha256(CLIENT_SECRET);
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const kid = 'minimal-1';
const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid })).toString('base64url');

function signJwt(claims) {
  const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

function clientOf(authorization) {
  if (!authorization?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) } : undefined;
}

const app = Fastify({ logger: false });
await app.register(formbody);
app.get('/jwks', async () => ({ keys: [jwk] }));
app.post('/oauth/token', async (request, reply) => {
  const client = clientOf(request.headers.authorization);
  const body = request.body ?? {};
  if (!client || client.id !== CLIENT_ID || !timingSafeEqual(sha256(client.secret), storedHash)) {
    return reply.code(401).send({ error: 'invalid_client' });
  }
  if (body.grant_type !== 'client_credentials')
    return reply.code(400).send({ error: 'unsupported_grant_type' });
  const iat = Math.floor(Date.now() / 1000);
  const scope = 'csp:org_member';
  const token = signJwt({
    iss: issuer,
    sub: client.id,
    aud: issuer,
    iat,
    exp: iat + 600,
    jti: randomUUID(),
    client_id: client.id,
    scope,
    context_name: body.orgId,
  });
  reply.header('cache-control', 'no-store');
  return { access_token: token, token_type: 'Bearer', expires_in: 600, scope };
});
await app.listen({ host: '127.0.0.1', port: Number(PORT) });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
