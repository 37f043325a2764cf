import { readFileSync, writeFileSync } from 'node:fs';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/test/support/server.js';

const TYPES_FILE = new URL('../src/api/schema.d.ts', import.meta.url);
const HEADER =
  "// Generated from the server's OpenAPI document (/api/v1/openapi.json) by `npm run api-types -w @keyward/console`.\n" +
  '// Do not edit: the api-types test fails when this file no longer matches the server.\n\n';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** The console's API types are derived from the server's schemas; a server change without regenerating fails here. */
it('the committed API types match the management API the server describes', async () => {
  const document = server.app.swagger() as unknown as OpenAPI3;
  const generated = HEADER + astToString(await openapiTS(document));
  if (process.env.KEYWARD_WRITE_API_TYPES === '1') writeFileSync(TYPES_FILE, generated);
  const committed = readFileSync(TYPES_FILE, 'utf8');
  expect(
    committed === generated,
    'packages/console/src/api/schema.d.ts is stale: run `npm run api-types -w @keyward/console` and commit it',
  ).toBe(true);
});
