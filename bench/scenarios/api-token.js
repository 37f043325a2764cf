// CSP's API-token exchange: POST /csp/gateway/am/api/auth/api-tokens/authorize with `api_token=…`, cycling
// through the pool of real API tokens seeded through Keyward's services. Checked: every sampled access token
// verifies against the JWKS and belongs to the API token's user and org.
import { readFileSync } from 'node:fs';
import { claimMismatch, cycle, FORM, form, tokenVerifier } from '../lib/checks.js';

export async function prepare(job) {
  const { apiTokens } = JSON.parse(readFileSync(job.fixtures, 'utf8'));
  const next = cycle(apiTokens);
  const verify = await tokenVerifier(job.target.origin, '/oauth/jwks');
  return {
    method: 'POST',
    path: '/csp/gateway/am/api/auth/api-tokens/authorize',
    headers: { 'content-type': FORM },
    body: form({ api_token: apiTokens[0].value }),
    next: () => {
      const token = next();
      return {
        changes: { body: form({ api_token: token.value }) },
        expect: { sub: token.userId, context_name: token.orgId },
      };
    },
    check: async ({ body, expect }) => claimMismatch(await verify(JSON.parse(body).access_token), expect),
  };
}
