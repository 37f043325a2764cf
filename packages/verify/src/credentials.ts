import { VerifyError } from './errors.js';

/**
 * How the caller speaks: `bearer` (RFC 6750), `dpop` (RFC 9449: `Authorization: DPoP` with a proof), `csp`
 * (VMware CSP's `csp-auth-token` header) or `ovh` (an OVH-signed request, X-Ovh-*), which decides the shape of a
 * refusal.
 */
export type Dialect = 'bearer' | 'dpop' | 'csp' | 'ovh';

/** Request headers in any of the usual forms: Fetch `Headers`, Node's header object, or a lookup function. */
export type HeaderSource =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | ((name: string) => string | undefined);

export interface PresentedToken {
  token: string;
  dialect: Dialect;
  /** `dpop` when it came as `Authorization: DPoP` (a DPoP-bound token, whose proof is in the DPoP header). */
  scheme: 'bearer' | 'dpop';
}

/** RFC 6750 §2.1 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const MAX_TOKEN_LENGTH = 16 * 1024;

/** The dialect of a request even when it carries no usable token (to shape the refusal). */
export function dialectOf(headers: HeaderSource): Dialect {
  if (
    headerOf(headers, 'x-ovh-signature') !== undefined ||
    headerOf(headers, 'x-ovh-consumer') !== undefined ||
    headerOf(headers, 'x-ovh-application') !== undefined
  ) {
    return 'ovh';
  }
  if (headerOf(headers, 'csp-auth-token') !== undefined) return 'csp';
  return /^\s*dpop(\s|$)/i.test(headerOf(headers, 'authorization') ?? '') ? 'dpop' : 'bearer';
}

/**
 * The access token of a request: `Authorization: Bearer <token>` (or `DPoP <token>` for a DPoP-bound one,
 * RFC 9449 §7.1) or `csp-auth-token: <token>` (CSP clients send either, NSX-era ones both). Two different tokens
 * in one request are refused rather than one picked.
 */
export function presentedToken(headers: HeaderSource): PresentedToken {
  const authorization = headerOf(headers, 'authorization');
  const csp = headerOf(headers, 'csp-auth-token');
  let bearer: string | undefined;
  let scheme: PresentedToken['scheme'] = 'bearer';
  if (authorization !== undefined) {
    const match = /^(bearer|dpop)(?:\s+(.*))?$/is.exec(authorization.trim());
    if (match) {
      scheme = match[1]?.toLowerCase() === 'dpop' ? 'dpop' : 'bearer';
      bearer = checkToken(
        match[2]?.trim() ?? '',
        scheme === 'dpop' ? 'Authorization: DPoP' : 'Authorization: Bearer',
      );
    } else if (csp === undefined) throw otherScheme(authorization);
  }
  const cspToken = csp === undefined ? undefined : checkToken(csp.trim(), 'csp-auth-token');
  if (bearer !== undefined && cspToken !== undefined && bearer !== cspToken) {
    throw new VerifyError(
      'request_invalid',
      'the request carries two different access tokens (Authorization: Bearer and csp-auth-token); send one',
    );
  }
  const token = cspToken ?? bearer;
  if (token === undefined) {
    throw new VerifyError(
      'token_missing',
      'this API needs a Keyward access token: send Authorization: Bearer <token> (or csp-auth-token: <token>)',
    );
  }
  if (cspToken !== undefined) return { token, dialect: 'csp', scheme: 'bearer' };
  return { token, dialect: scheme, scheme };
}

function checkToken(token: string, where: string): string {
  if (token.length === 0)
    throw new VerifyError('request_invalid', `${where} is empty; send the access token in it`);
  if (token.length > MAX_TOKEN_LENGTH || !B64TOKEN.test(token)) {
    throw new VerifyError(
      'request_invalid',
      `${where} does not hold one access token (a single value without spaces or commas is expected)`,
    );
  }
  return token;
}

function otherScheme(authorization: string): VerifyError {
  const scheme = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)/.exec(authorization)?.[1] ?? '(none)';
  return new VerifyError(
    'token_missing',
    `Authorization uses the ${scheme.slice(0, 20)} scheme; this API takes Keyward access tokens as Bearer (or DPoP)`,
  );
}

/** One header's value (repeated ones joined by `, `), whatever form the headers come in. */
export function headerOf(headers: HeaderSource, name: string): string | undefined {
  let value: string | readonly string[] | null | undefined;
  if (typeof headers === 'function') value = headers(name);
  else if (typeof headers.get === 'function')
    value = (headers as { get(name: string): string | null }).get(name);
  else value = (headers as Readonly<Record<string, string | readonly string[] | undefined>>)[name];
  if (value === null || value === undefined) return undefined;
  // Repeated headers are joined as HTTP does; a comma is then not a valid token and the request is refused.
  return typeof value === 'string' ? value : value.join(', ');
}
