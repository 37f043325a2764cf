// `keyward gateway` in front of a trivial upstream (servers/upstream.js) against that upstream alone: GET
// /resource with a valid Bearer token from the pool minted just before the run, the gateway checking it locally
// (JWKS), checking the route's permission, minting the identity JWT and proxying. Checked: through the gateway,
// each sampled answer names the token's user (the upstream echoes X-Keyward-Subject).
import { readFileSync } from 'node:fs';
import { claimMismatch, cycle, mintAccessTokens } from '../lib/checks.js';

export async function prepare(job) {
  const fixtures = JSON.parse(readFileSync(job.fixtures, 'utf8'));
  const pool = await mintAccessTokens(job.target.upstream, fixtures.apiTokens, job.poolSize);
  const next = cycle(pool);
  const throughGateway = job.target.kind === 'gateway';
  return {
    method: 'GET',
    path: '/resource',
    headers: { authorization: `Bearer ${pool[0].accessToken}` },
    next: () => {
      const token = next();
      return {
        changes: { headers: { authorization: `Bearer ${token.accessToken}` } },
        expect: throughGateway ? { sub: token.userId, context_name: token.orgId } : { sub: null },
      };
    },
    check: async ({ body, expect }) => claimMismatch(JSON.parse(body), expect),
  };
}
