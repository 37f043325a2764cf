// @ts-check
// The seed's billing service: GET /billing accepts an API token, a server-to-server app, or a consumer key whose
// rules allow it; PUT /me/password demands a user. Two ways to run it (README.md):
//   node service.js                                    it verifies every caller itself with @keyward/verify
//   KEYWARD_GATEWAY_URL=http://127.0.0.1:8443 node service.js
//                                                      behind `keyward gateway`: it trusts only the identity JWT
//                                                      the gateway signs (and the gateway enforces gateway.yaml)
import { readFileSync } from 'node:fs';
import { createVerifier } from '@keyward/verify';
import Fastify from 'fastify';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const ISSUER = process.env.KEYWARD_ISSUER ?? 'http://127.0.0.1:8080';
const PORT = Number(process.env.PORT ?? 9000);
const GATEWAY = process.env.KEYWARD_GATEWAY_URL;
const SELF = `http://127.0.0.1:${PORT}`;

/** @type {import('@keyward/verify').Requirement} */
const READ_BILLING = { anyOf: [{ permission: 'billing:read' }, { method: 'GET', path: '/billing' }] };
/** @type {import('@keyward/verify').Requirement} */
const CHANGE_PASSWORD = { userOnly: true, permission: 'accounts:password' };

/** The service's own Keyward app (written by setup.js), which lets Keyward check OVH signatures for it. */
function ownApp() {
  try {
    const local = JSON.parse(
      readFileSync(process.env.BILLING_LOCAL ?? new URL('./.local.json', import.meta.url), 'utf8'),
    );
    return local.billingService;
  } catch {
    return undefined;
  }
}

const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'info' } });
// OVH signatures cover the body bytes as sent: keep them.
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
  const bytes = /** @type {Buffer} */ (body);
  /** @type {any} */ (request).rawBody = bytes;
  if (bytes.length === 0) return done(null, undefined);
  try {
    done(null, JSON.parse(bytes.toString('utf8')));
  } catch (error) {
    done(/** @type {Error} */ (error), undefined);
  }
});

/** @typedef {{ subject: string, kind: string, orgId: string | null, via: string }} Caller */

/** @type {(requirement: import('@keyward/verify').Requirement) => (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => Promise<unknown>} */
let guard;

if (GATEWAY === undefined) {
  const service = ownApp();
  const keyward = createVerifier({
    issuer: ISSUER,
    ...(service
      ? {
          signedRequests: { clientId: service.clientId, clientSecret: service.clientSecret },
          // The same app reads Keyward's revocation feed: revoked credentials' tokens are refused within seconds.
          revocationFeed: { clientId: service.clientId, clientSecret: service.clientSecret },
        }
      : {}),
  });
  guard = (requirement) => async (request, reply) => {
    // One call for all three credential kinds: Bearer, csp-auth-token, or an OVH signature (checked by Keyward).
    const outcome = await keyward.checkRequest(
      {
        method: request.method,
        url: `${request.protocol}://${request.headers.host}${request.raw.url}`,
        headers: request.headers,
        body: /** @type {any} */ (request).rawBody,
        clientIp: request.ip,
      },
      requirement,
    );
    if (!outcome.ok) {
      const refusal = keyward.render(outcome.failure, outcome.dialect, request.id);
      return reply.code(refusal.status).headers(refusal.headers).send(refusal.body);
    }
    const { principal } = outcome;
    /** @type {any} */ (request).caller = /** @type {Caller} */ ({
      subject: principal.subject,
      kind: principal.kind,
      orgId: principal.orgId,
      via: principal.credential.type,
    });
    return undefined;
  };
} else {
  // Behind the gateway: it has enforced gateway.yaml; this service checks that the request really came through
  // it (the signed identity, for this service's own audience) and reads who is calling.
  const jwks = createRemoteJWKSet(new URL('/.well-known/keyward-gateway/jwks.json', GATEWAY));
  guard = () => async (request, reply) => {
    const assertion = request.headers['x-keyward-assertion'];
    try {
      if (typeof assertion !== 'string') throw new Error('no X-Keyward-Assertion');
      const { payload } = await jwtVerify(assertion, jwks, {
        issuer: GATEWAY,
        audience: SELF,
        typ: 'keyward-identity+jwt',
        algorithms: ['ES256'],
      });
      /** @type {any} */ (request).caller = /** @type {Caller} */ ({
        subject: String(payload.sub),
        kind: String(payload.kind),
        orgId: /** @type {string | null} */ (payload.org ?? null),
        via: `gateway (${/** @type {{ type: string }} */ (payload.cred).type})`,
      });
      return undefined;
    } catch (error) {
      return reply.code(401).send({
        error: 'unauthorized',
        error_description: `call through the gateway (${/** @type {Error} */ (error).message})`,
      });
    }
  };
}

app.get('/billing', { preHandler: guard(READ_BILLING) }, async (request) => {
  const caller = /** @type {Caller} */ (/** @type {any} */ (request).caller);
  return {
    orgId: caller.orgId,
    invoices: [
      { id: 'inv-2026-10', amount: 1200, currency: 'EUR' },
      { id: 'inv-2026-11', amount: 980, currency: 'EUR' },
    ],
    readBy: caller,
  };
});

app.put('/me/password', { preHandler: guard(CHANGE_PASSWORD) }, async (request) => {
  const caller = /** @type {Caller} */ (/** @type {any} */ (request).caller);
  return { changed: true, user: caller.subject, via: caller.via };
});

await app.listen({ host: '127.0.0.1', port: PORT });
process.stderr.write(
  `\n  Billing service on ${SELF}, ${GATEWAY ? `behind the gateway ${GATEWAY}` : `verifying callers against ${ISSUER}`}\n\n`,
);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
