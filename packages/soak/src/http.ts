import { createHash } from 'node:crypto';
import { Agent, fetch, type Headers } from 'undici';

/**
 * The soak's own requests (setting up, issuing, checking) come from 127.0.0.2, the fuzzer's from 127.0.0.1: the
 * sign-in and client-secret throttles a fuzzer trips for its address must not lock the soak out of checking.
 */
export const SOAK_ADDRESS = '127.0.0.2';
const client = new Agent({ localAddress: SOAK_ADDRESS, connect: { timeout: 10_000 } });

/** What the soak reads of an answer. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface Send {
  headers?: Record<string, string>;
  /** JSON body (sets the content type). */
  json?: unknown;
  /** Form body (application/x-www-form-urlencoded). */
  form?: Record<string, string>;
  /** A body sent as is. */
  body?: string;
  timeoutMs?: number;
}

/** An HTTP error the soak did not expect: the status and the first of the body, for the report. */
export class UnexpectedAnswer extends Error {
  constructor(
    readonly what: string,
    readonly answer: Answer,
  ) {
    super(`${what}: ${answer.status} ${answer.text.slice(0, 300)}`);
  }
}

/** One request with fetch, redirects not followed (a browser's steps are taken one at a time). */
export async function send(base: string, method: string, path: string, options: Send = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.body;
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(base + path, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    redirect: 'manual',
    dispatcher: client,
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}

/** Throws UnexpectedAnswer unless the status is one of `expected`. */
export function expectStatus(what: string, answer: Answer, ...expected: number[]): Answer {
  if (!expected.includes(answer.status)) throw new UnexpectedAnswer(what, answer);
  return answer;
}

/** A client that keeps cookies like a browser: the console session, the interaction binding cookie. */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async send(method: string, path: string, options: Send = {}): Promise<Answer> {
    const cookie = this.cookieHeader;
    const answer = await send(this.base, method, path, {
      ...options,
      headers: { ...(cookie ? { cookie } : {}), ...options.headers },
    });
    for (const line of answer.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return answer;
  }
}

/** A signed-in management API session: cookie plus the CSRF token every change carries. */
export class ApiSession {
  csrfToken = '';
  userId = '';

  constructor(readonly browser: Browser) {}

  static async signIn(base: string, email: string, password: string): Promise<ApiSession> {
    const session = new ApiSession(new Browser(base));
    const answer = expectStatus(
      `sign in as ${email}`,
      await session.browser.send('POST', '/api/v1/session', { json: { email, password } }),
      200,
    );
    const body = answer.json<{ csrfToken: string; user: { id: string } }>();
    session.csrfToken = body.csrfToken;
    session.userId = body.user.id;
    return session;
  }

  /** The session cookie as sent (`name=value`). */
  get cookie(): string {
    return this.browser.cookieHeader;
  }

  call(method: string, path: string, json?: unknown, timeoutMs?: number): Promise<Answer> {
    return this.browser.send(method, path, {
      headers: { 'x-csrf-token': this.csrfToken },
      ...(json === undefined ? {} : { json }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  }

  /** A call that must succeed with one of `expected` (2xx by default); its JSON body. */
  async must<T = Record<string, unknown>>(
    method: string,
    path: string,
    json?: unknown,
    expected = [200, 201, 204],
  ): Promise<T> {
    const answer = expectStatus(`${method} ${path}`, await this.call(method, path, json), ...expected);
    return (answer.text ? answer.json<T>() : undefined) as T;
  }
}

/** An OVH-style application's keys and a consumer key it holds. */
export interface OvhKeys {
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
}

/**
 * X-Ovh-* headers of a signed call (docs/wire/ovh.md#signature): `"$1$"+sha1hex(AS+CK+METHOD+URL+BODY+TS)` on
 * the URL and body exactly as they are sent.
 */
export function ovhHeaders(
  keys: OvhKeys,
  method: string,
  url: string,
  body: string | Buffer,
  timestamp: number,
) {
  const signature = createHash('sha1')
    .update(`${keys.applicationSecret}+${keys.consumerKey}+${method}+${url}+`)
    .update(body)
    .update(`+${timestamp}`)
    .digest('hex');
  return {
    'x-ovh-application': keys.applicationKey,
    'x-ovh-consumer': keys.consumerKey,
    'x-ovh-timestamp': String(timestamp),
    'x-ovh-signature': `$1$${signature}`,
  };
}

/** A signed OVH-style call with fetch. */
export function signedCall(
  base: string,
  keys: OvhKeys,
  method: string,
  path: string,
  json?: unknown,
): Promise<Answer> {
  const body = json === undefined ? '' : JSON.stringify(json);
  const headers: Record<string, string> = ovhHeaders(
    keys,
    method,
    base + path,
    body,
    Math.floor(Date.now() / 1000),
  );
  if (body) headers['content-type'] = 'application/json';
  return send(base, method, path, { headers, ...(body ? { body } : {}) });
}

/** The values of the hidden inputs of a server page, unescaped. */
export function hiddenFields(page: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name = '', value = ''] of page.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  )) {
    fields[name] = unescapeHtml(value);
  }
  return fields;
}

/** The action of the page's post form whose action ends with `suffix` (or the first one). */
export function formAction(page: string, suffix = ''): string {
  for (const [, action = ''] of page.matchAll(/<form method="post" action="([^"]+)">/g)) {
    if (action.endsWith(suffix)) return unescapeHtml(action);
  }
  throw new Error(`no form ending in "${suffix}" on the page: ${page.slice(0, 500)}`);
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
