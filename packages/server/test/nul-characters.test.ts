// Found by npm run soak on PostgreSQL: a NUL character (U+0000) in a client id, a query parameter or a body
// field reached a database lookup, which PostgreSQL refuses with an error (a 500) where SQLite simply finds
// nothing. Every surface now refuses it first, with 400 and the code request.nul_character, on both databases.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './support/databases.js';
import { userCaller } from './support/ovh.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachDatabase('NUL characters', (kind) => {
  let server: TestServer;
  let applicationKey = '';

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    const operator = await server.container.storage.stores.users.findByEmail(ADMIN.email);
    const { app } = await server.container.consumerKeys.createApp(userCaller(operator?.id ?? ''), {
      name: 'NUL test',
      description: 'asks for a key with a NUL in a rule',
    });
    applicationKey = app.appKey;
  });
  afterAll(() => server.close());

  const expectRefused = (response: LightMyRequestResponse, where: RegExp) => {
    expect(response.statusCode, response.body).toBe(400);
    expect(response.body).toMatch(/NUL character \(U\+0000\)/);
    expect(response.body).toMatch(where);
  };

  it('in a client id sent with HTTP Basic: 400 invalid_request, not a database error', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/oauth/revoke',
      headers: { ...FORM, authorization: `Basic ${Buffer.from('\u0000:\u0000').toString('base64')}` },
      payload: 'token=anything',
    });
    expectRefused(response, /invalid_request/);
  });

  it('in a form field of the token endpoint: 400 invalid_request naming the field', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: FORM,
      payload: 'grant_type=client_credentials&client_id=a%00b&client_secret=x',
    });
    expectRefused(response, /body client_id/);
    expect(response.json().error).toBe('invalid_request');
  });

  it('in a query parameter of a browser page: a 400 page', async () => {
    for (const url of [
      '/csp/gateway/discovery?client_id=a%00b&redirect_uri=https%3A%2F%2Frp.test%2Fcb&state=x',
      '/oauth/authorize?client_id=a%00b&response_type=code&redirect_uri=https%3A%2F%2Frp.test%2Fcb',
      '/auth/?credentialToken=a%00b',
    ]) {
      expectRefused(await server.app.inject(url), /query (client_id|credentialToken)/);
    }
  });

  it('in a management API body field the schema lets through: 400 request.nul_character', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'ada\u0000@example.test', password: 'whatever it is' },
    });
    expectRefused(response, /body email/);
    expect(response.json()).toMatchObject({
      code: 'request.nul_character',
      details: { field: 'body email' },
    });
  });

  it('in an OVH credential request: 400 in the OVH shape', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/1.0/auth/credential',
      headers: { 'x-ovh-application': applicationKey },
      payload: { accessRules: [{ method: 'GET', path: '/me\u0000' }] },
    });
    expectRefused(response, /accessRules\[0\]\.path/);
    expect(response.json()).toMatchObject({
      httpCode: '400 Bad Request',
      errorCode: 'REQUEST_NUL_CHARACTER',
      details: { code: 'request.nul_character' },
    });
  });

  it('in a CSP API-token exchange: 400 in the CSP shape', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/csp/gateway/am/api/auth/api-tokens/authorize',
      headers: FORM,
      payload: 'refresh_token=kwt%00',
    });
    expectRefused(response, /body refresh_token/);
  });
});
