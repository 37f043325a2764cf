import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { explainRefusal } from './refusals.js';

const Rule = Type.Object(
  { method: Type.String(), path: Type.String({ refusal: '{at} is a path such as "/me"' }) },
  { refusal: '{at} must be {"method": "GET", "path": "/me"}, not {value}' },
);

const Body = Type.Object(
  {
    name: Type.String({ minLength: 1, refusal: 'name is required: the name people see' }),
    rules: Type.Optional(
      Type.Array(Rule, { refusal: 'rules is a list such as [{"method": "GET", "path": "/me"}]' }),
    ),
    limit: Type.Optional(Type.Integer({ maximum: 10 })),
  },
  { refusal: 'send a JSON object such as {"name": "cli"}' },
);

// The server's validator settings that matter here: no coercion of bodies, unknown keywords ignored.
const app = Fastify({
  ajv: { customOptions: { strict: false, coerceTypes: false, removeAdditional: false } },
}).withTypeProvider<TypeBoxTypeProvider>();
app.setErrorHandler((error, request, reply) => {
  const refusal = explainRefusal(error, request);
  return reply.code(400).send(refusal ? { code: refusal.code, message: refusal.message } : { generic: true });
});
app.post('/things', { schema: { body: Body } }, async () => ({ ok: true }));
app.post('/broken', async () => {
  throw new Error('not a schema failure');
});
afterAll(() => app.close());

const post = async (payload: object) =>
  (await app.inject({ method: 'POST', url: '/things', payload })).json();

describe('explainRefusal', () => {
  it('answers a missing property with that property’s refusal', async () => {
    expect(await post({ rules: [] })).toEqual({
      code: 'request.invalid',
      message: 'name is required: the name people see',
    });
  });

  it('takes the deepest refusal on the failing path, with the value and where it was', async () => {
    expect((await post({ name: 'cli', rules: ['GET /me'] })).message).toBe(
      'rules[0] must be {"method": "GET", "path": "/me"}, not GET /me',
    );
    expect((await post({ name: 'cli', rules: [{ method: 'GET', path: 7 }] })).message).toBe(
      'rules[0].path is a path such as "/me"',
    );
    expect((await post({ name: 'cli', rules: [{ method: 'GET' }] })).message).toBe(
      'rules[0].path is a path such as "/me"',
    );
    expect((await post({ name: 'cli', rules: 'GET /me' })).message).toMatch(/^rules is a list/);
  });

  it('falls back to the enclosing node, up to the root', async () => {
    expect((await post({ name: 'cli', limit: 11 })).message).toBe(
      'send a JSON object such as {"name": "cli"}',
    );
    expect((await post([1, 2])).message).toBe('send a JSON object such as {"name": "cli"}');
  });

  it('leaves errors that are not schema failures to the generic mapping', async () => {
    expect((await app.inject({ method: 'POST', url: '/broken', payload: {} })).json()).toEqual({
      generic: true,
    });
  });
});
