/** How the verifier talks to Keyward: the fetch to use, a timeout, and whether plain HTTP may be used. */
export interface HttpSettings {
  fetch: typeof fetch;
  timeoutMs: number;
  allowInsecureHttp: boolean;
}

/** Documents larger than this are refused (a JWKS or discovery document is a few KiB). */
const MAX_BODY_CHARS = 512 * 1024;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Throws a TypeError unless `url` is https, or plain http to a loopback address (a Keyward on this machine),
 * or plain http with `allowInsecureHttp`: keys fetched over plain HTTP from elsewhere could be swapped on the way.
 */
export function checkUrl(label: string, url: string, allowInsecureHttp: boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`${label} is not a URL: ${url}`);
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && (allowInsecureHttp || LOOPBACK_HOSTS.has(parsed.hostname)))
    return parsed;
  throw new TypeError(
    `${label} must be an https URL (plain http only to localhost, or with allowInsecureHttp: true): ${url}`,
  );
}

/**
 * One HTTP exchange expecting a 200 JSON object. Redirects are not followed (a JWKS served elsewhere than where
 * discovery says is refused), the body is bounded, and the whole exchange is bounded by the timeout.
 * Throws an Error whose message says what went wrong, for the caller to wrap.
 */
export async function requestJson(
  http: HttpSettings,
  url: string,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {},
): Promise<Record<string, unknown>> {
  checkUrl('the URL', url, http.allowInsecureHttp);
  let response: Response;
  try {
    response = await http.fetch(url, {
      method: init.method ?? 'GET',
      headers: { accept: 'application/json', ...init.headers },
      ...(init.body === undefined ? {} : { body: init.body }),
      redirect: 'manual',
      signal: AbortSignal.timeout(http.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new Error(
      timedOut ? `${url} did not answer within ${http.timeoutMs} ms` : `${url} could not be reached`,
      { cause: error },
    );
  }
  const text = await readBounded(response, url);
  if (response.status !== 200) {
    throw new Error(`${url} answered HTTP ${response.status}${summary(text)}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${url} did not answer JSON`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new Error(`${url} did not answer a JSON object`);
  }
  return body as Record<string, unknown>;
}

async function readBounded(response: Response, url: string): Promise<string> {
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_CHARS) {
    await response.body?.cancel();
    throw new Error(`${url} answered ${length} bytes, more than the ${MAX_BODY_CHARS} accepted`);
  }
  const text = await response.text();
  if (text.length > MAX_BODY_CHARS) throw new Error(`${url} answered more than ${MAX_BODY_CHARS} characters`);
  return text;
}

/** The start of an error body, printable, for a message. */
function summary(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]+/g, ' ').trim();
  return clean.length === 0 ? '' : `: ${clean.slice(0, 200)}`;
}
