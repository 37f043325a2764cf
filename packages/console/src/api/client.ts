import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { storedCsrfToken } from './session';

/** A failed management-API call: the API's stable code and message, and the request id to quote. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    readonly details: Record<string, unknown> | undefined,
  ) {
    super(message);
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every change made with the session cookie carries the session's CSRF token (the API refuses it otherwise). */
const csrf: Middleware = {
  onRequest({ request }) {
    if (SAFE.has(request.method)) return request;
    const token = storedCsrfToken();
    if (token) request.headers.set('x-csrf-token', token);
    return request;
  },
};

declare global {
  interface Window {
    /** Answers public/early.js asked for before the console's code ran, by path and query; each taken once. */
    keywardEarlyAnswers?: Map<string, Promise<Response>>;
  }
}

// Started after this code (it can arrive later when the console's files come from the cache), early.js sees this
// map and asks nothing: no request goes twice.
window.keywardEarlyAnswers ??= new Map();

/** A GET public/early.js has already sent is answered from there (once); everything else goes to the network. */
function fetchOrTakeEarly(request: Request): Promise<Response> {
  const early = window.keywardEarlyAnswers;
  if (request.method === 'GET' && early) {
    const url = new URL(request.url);
    const key = url.pathname + url.search;
    const answer = early.get(key);
    if (answer) {
      early.delete(key);
      return answer;
    }
  }
  return fetch(request);
}

/** The typed client of /api/v1, derived from the server's OpenAPI document (src/api/schema.d.ts). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin', fetch: fetchOrTakeEarly });
api.use(csrf);

/** Listeners told when the API says the session is gone (401), so the console can ask to sign in again. */
const signedOutListeners = new Set<() => void>();
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The data of an answer, or an ApiError carrying the API's code, message and request id. A 401 also tells the
 * listeners that the session ended.
 */
export async function unwrap<T>(pending: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok) return data as T;
  const body = (error ?? {}) as {
    code?: string;
    message?: string;
    requestId?: string;
    details?: Record<string, unknown>;
  };
  const requestId = body.requestId ?? response.headers.get('x-request-id');
  // Only auth.required means the session is gone; a wrong current password is a 401 too, and stays on the page.
  if (response.status === 401 && body.code === 'auth.required')
    for (const listener of signedOutListeners) listener();
  throw new ApiError(
    response.status,
    body.code ?? `http.${response.status}`,
    body.message ?? `the server answered ${response.status} ${response.statusText}`,
    requestId,
    body.details,
  );
}
