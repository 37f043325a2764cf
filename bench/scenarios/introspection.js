// RFC 7662 introspection of valid access tokens at /oauth/introspect, the caller authenticated as the bench's
// server app (client_secret_basic). The pool: access tokens minted from API tokens just before the run.
// Checked: every sampled answer is `active: true` for the token's user.
import { readFileSync } from 'node:fs';
import { basic, claimMismatch, cycle, FORM, form, mintAccessTokens } from '../lib/checks.js';

export async function prepare(job) {
  const fixtures = JSON.parse(readFileSync(job.fixtures, 'utf8'));
  const pool = await mintAccessTokens(job.target.origin, fixtures.apiTokens, job.poolSize);
  const next = cycle(pool);
  const { clientId, clientSecret } = fixtures.oauth;
  return {
    method: 'POST',
    path: '/oauth/introspect',
    headers: { authorization: basic(clientId, clientSecret), 'content-type': FORM },
    body: form({ token: pool[0].accessToken }),
    next: () => {
      const token = next();
      return {
        changes: { body: form({ token: token.accessToken }) },
        expect: { active: true, sub: token.userId, context_name: token.orgId },
      };
    },
    check: async ({ body, expect }) => claimMismatch(JSON.parse(body), expect),
  };
}
