// client_credentials (RFC 6749 §4.4) at the token endpoint, HTTP Basic client authentication, an ES256 JWT
// access token in return. The same grant on Keyward, oidc-provider (JWT through a resource indicator) and the
// minimal Fastify + node:crypto route. Checked: every sampled token verifies against the server's JWKS and
// names the client.
import { readFileSync } from 'node:fs';
import { basic, claimMismatch, FORM, form, tokenVerifier } from '../lib/checks.js';

export async function prepare(job) {
  const { kind, origin } = job.target;
  const client = kind === 'keyward' ? JSON.parse(readFileSync(job.fixtures, 'utf8')).oauth : job.peerClient;
  const fields =
    kind === 'oidc-provider'
      ? { grant_type: 'client_credentials', resource: client.resource, scope: 'api:read' }
      : { grant_type: 'client_credentials', orgId: client.orgId };
  const verify = await tokenVerifier(origin, kind === 'keyward' ? '/oauth/jwks' : '/jwks');
  return {
    method: 'POST',
    path: kind === 'oidc-provider' ? '/token' : '/oauth/token',
    headers: { authorization: basic(client.clientId, client.clientSecret), 'content-type': FORM },
    body: form(fields),
    expect: { sub: client.clientId, client_id: client.clientId },
    check: async ({ body, expect }) => claimMismatch(await verify(JSON.parse(body).access_token), expect),
  };
}
