import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { API_ERRORS } from '../../src/core/errors.js';
import type { App } from '../../src/http/types.js';

export interface Session {
  cookie: string;
  csrfToken: string;
  userId: string;
}

/** Signs in through the API and returns what a browser would hold. */
export async function signIn(app: App, email: string, password: string): Promise<Session> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
  expect(response.statusCode, response.body).toBe(200);
  const setCookie = response.headers['set-cookie'];
  const raw = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (!raw) throw new Error('no session cookie');
  const body = response.json() as { csrfToken: string; user: { id: string } };
  return { cookie: raw.split(';')[0] as string, csrfToken: body.csrfToken, userId: body.user.id };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request as `session` (cookie + CSRF header), or anonymous when session is null. */
export function call(
  app: App,
  session: Session | null,
  method: Method,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const options: InjectOptions = {
    method,
    url,
    headers: {
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
      ...headers,
    },
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  };
  return app.inject(options);
}

/** A form post (application/x-www-form-urlencoded) with extra headers. */
export function postForm(
  app: App,
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

/** Asserts an error response: its status, its code, and that the code is catalogued with that status. */
export function expectError(response: LightMyRequestResponse, status: number, code: string): void {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json() as { code: string; message: string };
  expect(body.code).toBe(code);
  expect(API_ERRORS[code as keyof typeof API_ERRORS]?.status).toBe(status);
  expect(body.message.length).toBeGreaterThan(0);
}
