import { type HeaderSource, headerOf } from './credentials.js';
import { describeError, VerifyError } from './errors.js';
import { type HttpSettings, requestJson } from './http.js';
import type { AccessRule } from './rules.js';

/** Bodies larger than this are not sent to Keyward for a signature check (Keyward's own limit). */
export const MAX_SIGNED_BODY_BYTES = 128 * 1024;

const OVH_HEADERS = ['x-ovh-application', 'x-ovh-consumer', 'x-ovh-timestamp', 'x-ovh-signature'] as const;

/** An OVH-signed request as this server received it. */
export interface SignedRequest {
  method: string;
  /**
   * The URL the request arrived at: `scheme://` + its Host header + the request target exactly as received
   * (raw path and query). The signature covers it, so it must not be re-encoded.
   */
  url: string;
  headers: HeaderSource;
  /** The raw body bytes (the signature covers them); none for GET. */
  body?: Uint8Array | string;
  /** The caller's address: Keyward counts failed signatures against it and applies the key's allowedIPs. */
  clientIp: string;
}

/**
 * Who signed an OVH-style request, as Keyward checked it: the user who validated the consumer key, their roles
 * and permissions in the organization they act in, and the key's access rules.
 */
export interface SignedPrincipal {
  kind: 'user';
  subject: string;
  email: string;
  /** null when the user belongs to several organizations and none was named (`orgId` of `verifySigned`). */
  orgId: string | null;
  /** Org roles, service roles (`billing:viewer`) and platform roles, as for access tokens. */
  roles: readonly string[];
  permissions: readonly string[];
  credential: { type: 'consumer_key'; id: string };
  /** The OVH application (AK) the key was given to. */
  applicationId: number;
  applicationName: string;
  /** The key's access rules; `require(principal, { method, path })` matches them. */
  rules: readonly AccessRule[];
  /** This request's method and path against the rules (path relative to `rulesPrefix`; null outside it). */
  request: { method: string; path: string | null; allowed: boolean };
  /** When the consumer key expires (ms), or null. */
  expiresAt: number | null;
}

/** Whether a request carries OVH signing headers (any of them: a partial set is refused, not ignored). */
export function isOvhSigned(headers: HeaderSource): boolean {
  return OVH_HEADERS.some((name) => headerOf(headers, name) !== undefined);
}

/**
 * Asks Keyward (`POST /api/v1/signed-request-checks`) whether an OVH-signed request is genuine: the
 * application secret lives there only. Never cached: each signature is fresh. The caller authenticates as an
 * OAuth app the operator listed in KEYWARD_SIGNED_REQUEST_CHECKERS.
 */
export class SignedRequestChecker {
  readonly #authorization: string;

  constructor(
    private readonly deps: {
      endpoint: string;
      clientId: string;
      clientSecret: string;
      publicOrigin: string | undefined;
      rulesPrefix: string;
      http: HttpSettings;
    },
  ) {
    const form = (value: string) => encodeURIComponent(value);
    this.#authorization = `Basic ${btoa(`${form(deps.clientId)}:${form(deps.clientSecret)}`)}`;
  }

  async check(request: SignedRequest, options: { orgId?: string } = {}): Promise<SignedPrincipal> {
    const body = bytesOf(request.body);
    if (body.length > MAX_SIGNED_BODY_BYTES) {
      throw new VerifyError(
        'body_too_large',
        `a signed request's body is checked by Keyward, which takes at most ${MAX_SIGNED_BODY_BYTES} bytes; this one has ${body.length}`,
      );
    }
    const headers: Record<string, string> = {};
    for (const name of OVH_HEADERS) {
      const value = headerOf(request.headers, name);
      if (value !== undefined) headers[name] = value;
    }
    const payload = {
      method: request.method.toUpperCase(),
      url: request.url,
      headers,
      clientIp: request.clientIp,
      ...(body.length > 0 ? { body: base64(body) } : {}),
      ...(this.deps.publicOrigin ? { publicOrigin: this.deps.publicOrigin } : {}),
      ...(this.deps.rulesPrefix ? { rulesPrefix: this.deps.rulesPrefix } : {}),
      ...(options.orgId ? { orgId: options.orgId } : {}),
    };
    let answer: Record<string, unknown>;
    try {
      answer = await requestJson(this.deps.http, this.deps.endpoint, {
        method: 'POST',
        headers: { authorization: this.#authorization, 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
    } catch (error) {
      throw new VerifyError(
        'signed_check_unavailable',
        `OVH-signed requests are checked by Keyward, which could not answer (${describeError(error)})`,
        undefined,
        { cause: error },
      );
    }
    if (answer.valid === true) return principalOf(answer);
    throw refusalOf(answer);
  }
}

function principalOf(answer: Record<string, unknown>): SignedPrincipal {
  const p = answer.principal as Record<string, unknown>;
  const list = (value: unknown) => (Array.isArray(value) ? (value as string[]) : []);
  const expiresAt = typeof answer.expiresAt === 'string' ? Date.parse(answer.expiresAt) : null;
  return {
    kind: 'user',
    subject: String(p.subject),
    email: String(p.email),
    orgId: typeof p.orgId === 'string' ? p.orgId : null,
    roles: [...list(p.orgRoles), ...list(p.serviceRoles), ...list(p.platformRoles)],
    permissions: list(p.permissions),
    credential: { type: 'consumer_key', id: String((p.credential as { id: unknown }).id) },
    applicationId: Number(p.applicationId),
    applicationName: String(p.applicationName),
    rules: (answer.rules as AccessRule[]) ?? [],
    request: answer.request as SignedPrincipal['request'],
    expiresAt,
  };
}

/** Keyward's refusal, with the status to answer and the OVH-shaped body OVH clients expect. */
function refusalOf(answer: Record<string, unknown>): VerifyError {
  const status = typeof answer.status === 'number' ? answer.status : 401;
  const retryAfter = typeof answer.retryAfterSeconds === 'number' ? answer.retryAfterSeconds : undefined;
  return new VerifyError(
    'signature_invalid',
    typeof answer.message === 'string' ? answer.message : 'Keyward refused the signed request',
    undefined,
    {
      status,
      keywardCode: typeof answer.code === 'string' ? answer.code : undefined,
      ovh: answer.ovh as Record<string, unknown> | undefined,
      retryAfterSeconds: retryAfter,
    },
  );
}

function bytesOf(body: Uint8Array | string | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array();
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
