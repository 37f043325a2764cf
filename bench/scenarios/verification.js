// A resource server verifying Keyward access tokens locally (servers/resource-server.js: jose and the JWKS,
// or packages/verify once it exists): GET /resource with a Bearer token from the pool minted just before the
// run. Keyward only serves the JWKS once; the load is on the resource server. Checked: each sampled answer
// names the token's user.
import { readFileSync } from 'node:fs';
import { claimMismatch, cycle, mintAccessTokens } from '../lib/checks.js';

export async function prepare(job) {
  const fixtures = JSON.parse(readFileSync(job.fixtures, 'utf8'));
  const pool = await mintAccessTokens(job.target.upstream, fixtures.apiTokens, job.poolSize);
  const next = cycle(pool);
  return {
    method: 'GET',
    path: '/resource',
    headers: { authorization: `Bearer ${pool[0].accessToken}` },
    next: () => {
      const token = next();
      return {
        changes: { headers: { authorization: `Bearer ${token.accessToken}` } },
        expect: { sub: token.userId, context_name: token.orgId },
      };
    },
    check: async ({ body, expect }) => claimMismatch(JSON.parse(body), expect),
  };
}
