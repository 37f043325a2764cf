import { matchRedirectUri } from '../../apps/redirect-uris.js';
import type { OAuthApp } from '../../apps/store.js';
import type { Clock } from '../../core/clock.js';
import { randomToken } from '../../core/ids-and-secrets.js';
import { PageError } from '../../http/page-error.js';
import type { AuthorizationInteractions } from '../interactions.js';
import {
  type AuthorizationRequestDeps,
  findClient,
  type PendingRequest,
  type ReadRequest,
} from './request.js';

/** What pushed authorization requests (RFC 9126) use. */
export interface PushedRequestDeps extends AuthorizationRequestDeps {
  clock: Clock;
  interactions: Pick<AuthorizationInteractions, 'pushRequest' | 'takePushedRequest'>;
}

/** RFC 9126 §2.2: the URN prefix of a request_uri; what follows is 256 random bits. */
const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';
const REQUEST_URI = /^urn:ietf:params:oauth:request_uri:([A-Za-z0-9_-]{43})$/;
/** RFC 9126 §2.2: short-lived; long enough for the client to send the browser on its way. */
export const PUSHED_REQUEST_TTL_SECONDS = 60;
/** With request_uri, only these may come along (RFC 9126 §4: everything else was pushed). */
const ALONGSIDE = new Set(['client_id', 'request_uri']);

const unusable = () =>
  new PageError(
    400,
    'This sign-in link cannot be used',
    `The application's pushed authorization request is unknown, was already used, or has expired (it lasts ` +
      `${PUSHED_REQUEST_TTL_SECONDS} seconds). Go back to the application and start again.`,
  );

/** Stores a validated authorization request and answers the request_uri that stands for it (RFC 9126 §2.2). */
export async function pushRequest(
  c: PushedRequestDeps,
  app: OAuthApp,
  request: PendingRequest,
): Promise<{ requestUri: string; expiresIn: number }> {
  const random = randomToken(32);
  const now = c.clock.now();
  await c.interactions.pushRequest(random, {
    appId: app.id,
    request,
    createdAt: now,
    expiresAt: now + PUSHED_REQUEST_TTL_SECONDS * 1000,
    usedAt: null,
  });
  return { requestUri: `${REQUEST_URI_PREFIX}${random}`, expiresIn: PUSHED_REQUEST_TTL_SECONDS };
}

/**
 * The authorization request a `request_uri` stands for, used up by this call (RFC 9126 §4: one authorization
 * each). It must come with its own client_id and nothing else; an unknown, used, expired or another client's
 * request_uri gets one error page, never a redirect, so nobody learns which it was.
 */
export async function takePushedRequest(
  c: PushedRequestDeps,
  params: URLSearchParams,
): Promise<Extract<ReadRequest, { kind: 'valid' }>> {
  const names = [...params.keys()];
  const others = [...new Set(names.filter((name) => !ALONGSIDE.has(name)))];
  if (others.length > 0 || names.length !== new Set(names).size) {
    throw new PageError(
      400,
      'This sign-in link is not valid',
      `A pushed authorization request is sent with client_id and request_uri alone, not with ${
        others.length > 0 ? others.slice(0, 5).join(', ').slice(0, 200) : 'a repeated parameter'
      }. Contact the developer of the application.`,
    );
  }
  const app = await findClient(c, params.get('client_id') ?? undefined);
  const random = REQUEST_URI.exec(params.get('request_uri') ?? '')?.[1];
  if (random === undefined) throw unusable();
  const pushed = await c.interactions.takePushedRequest(random, app.id);
  if (pushed === undefined) throw unusable();
  const request: PendingRequest = pushed;
  // The app may have unregistered the redirect URI since it pushed: nobody vouches for it any more.
  if (!matchRedirectUri(app.type, app.redirectUris, request.redirectUri)) throw unusable();
  return { kind: 'valid', app, to: { redirectUri: request.redirectUri, state: request.state }, request };
}
