import type { FastifyRequest } from 'fastify';
import type { AppDirectory } from '../apps/directory.js';
import type { OAuthApp } from '../apps/store.js';
import type { MemoryRateLimiter } from '../core/memory-rate-limiter.js';
import { parameter } from '../http/lenient-body.js';
import { nulCharacterError } from '../http/nul-characters.js';
import { OAuthError } from './errors.js';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface AuthenticatedClient {
  app: OAuthApp;
  method: ClientAuthMethod;
}

const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="keyward", charset="UTF-8"' };

/**
 * RFC 6749 §2.3: HTTP Basic (client_secret_basic) or client_id/client_secret in the body (client_secret_post),
 * never both (§2.3.1). Native apps are public clients: their client_id suffices and any secret they send proves
 * nothing (RFC 8252 §8.5). Failed attempts are counted per client id (H9).
 */
export async function authenticateClient(
  request: FastifyRequest,
  deps: { apps: AppDirectory; limiter: MemoryRateLimiter },
): Promise<AuthenticatedClient> {
  const basic = parseBasic(request.headers.authorization);
  const bodyId = parameter(request, 'client_id', 256);
  const bodySecret = parameter(request, 'client_secret', 1024);
  if (basic && bodySecret !== undefined) {
    throw new OAuthError(
      'invalid_request',
      'send the client secret in the Authorization header or in the body, not both',
    );
  }
  if (basic && bodyId !== undefined && bodyId !== basic.id) {
    throw new OAuthError(
      'invalid_request',
      'client_id in the body differs from the one in the Authorization header',
    );
  }
  const clientId = basic?.id ?? bodyId;
  if (!clientId) {
    throw new OAuthError(
      'invalid_client',
      'authenticate the client: HTTP Basic with its id and secret, or client_id',
      401,
      BASIC_CHALLENGE,
    );
  }
  // Per client and address: a stranger guessing at one client's secret must not lock its owner out.
  const limitKey = `client:${clientId}:${request.ip}`;
  const wait = deps.limiter.retryAfter(limitKey);
  if (wait > 0) {
    throw new OAuthError(
      'invalid_client',
      `too many failed attempts for this client; retry in ${wait} seconds`,
      429,
      {
        'retry-after': String(wait),
      },
    );
  }
  const app = await deps.apps.app(clientId);
  const secret = basic?.secret ?? bodySecret;
  if (app?.type === 'native') return { app, method: 'none' };
  if (app && secret && (await deps.apps.checkSecret(app.id, secret))) {
    return { app, method: basic ? 'client_secret_basic' : 'client_secret_post' };
  }
  deps.limiter.hit(limitKey);
  throw new OAuthError(
    'invalid_client',
    app && !secret ? 'this client is confidential: send its secret' : 'unknown client or wrong secret',
    401,
    BASIC_CHALLENGE,
  );
}

/** RFC 6749 §2.3.1 / RFC 7617: base64 of `id:secret`, each form-urlencoded (decoded leniently). */
function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header || !/^basic\s+/i.test(header)) return undefined;
  const decoded = Buffer.from(header.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8');
  if (decoded.includes('\u0000')) throw nulCharacterError('the HTTP Basic credentials');
  const colon = decoded.indexOf(':');
  if (colon <= 0)
    throw new OAuthError(
      'invalid_client',
      'the Basic credentials are not client_id:client_secret',
      401,
      BASIC_CHALLENGE,
    );
  const formDecode = (value: string) => {
    try {
      return decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      return value;
    }
  };
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}
