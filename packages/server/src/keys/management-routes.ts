import { Type } from '@sinclair/typebox';
import type { SigningAlg } from '../config/load.js';
import { authorizePlatform } from '../core/authorize.js';
import type { Authenticator } from '../http/authenticate.js';
import { ErrorBody, isoTime, Timestamp } from '../http/schemas.js';
import type { App } from '../http/types.js';
import type { KeyRing, PublicKeyInfo } from './service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

const SigningKeyBody = Type.Object(
  {
    kid: Type.String(),
    alg: Type.Union([Type.Literal('ES256'), Type.Literal('RS256'), Type.Literal('EdDSA')]),
    state: Type.Union([Type.Literal('active'), Type.Literal('retired')], {
      description: 'The active key signs; retired keys only verify, while published',
    }),
    createdAt: Timestamp,
    retiredAt: Type.Union([Timestamp, Type.Null()]),
    publishedUntil: Type.Union([Timestamp, Type.Null()], {
      description:
        'A retired key stays in the JWKS until every token it signed has expired; null while active',
    }),
  },
  { $id: 'SigningKey' },
);

const SigningKeysBody = Type.Object({
  keys: Type.Array(SigningKeyBody, {
    description: 'Newest first: the active key, then the retired ones kept',
  }),
});

function keyView(key: PublicKeyInfo) {
  return {
    kid: key.kid,
    alg: key.alg,
    state: key.retiredAt === null ? ('active' as const) : ('retired' as const),
    createdAt: isoTime(key.createdAt),
    retiredAt: isoTime(key.retiredAt),
    publishedUntil: isoTime(key.publishedUntil),
  };
}

/**
 * The signing keys of Keyward's own tokens, for platform operators: what `keyward keys list|rotate` does on the
 * command line (docs/signing-keys.md).
 */
export function registerSigningKeyRoutes(
  app: App,
  deps: {
    auth: Pick<Authenticator, 'require'>;
    keys: Pick<KeyRing, 'list' | 'rotate'>;
    /** KEYWARD_SIGNING_ALG: a rotation keeps it, since the next start would add a key of it again otherwise. */
    signingAlg: SigningAlg;
  },
): void {
  app.get(
    '/signing-keys',
    {
      schema: {
        tags: ['signing keys'],
        summary: 'The signing keys: the active one and the retired ones still kept (platform operators)',
        response: { 200: SigningKeysBody, ...errors },
      },
    },
    async (request) => {
      authorizePlatform(await deps.auth.require(request), 'platform_operator');
      return { keys: (await deps.keys.list()).map(keyView) };
    },
  );

  app.post(
    '/signing-keys/rotate',
    {
      schema: {
        tags: ['signing keys'],
        summary: 'Add a new active signing key; the previous one stays published until its tokens expire',
        description:
          'The new key has the configured algorithm (KEYWARD_SIGNING_ALG) and signs from now on, on every node ' +
          'within seconds. Tokens signed by the previous key keep verifying: it stays in the JWKS until they ' +
          'have expired. Platform operators only.',
        response: { 201: SigningKeyBody, ...errors },
      },
    },
    async (request, reply) => {
      const caller = await deps.auth.require(request);
      authorizePlatform(caller, 'platform_operator');
      const key = await deps.keys.rotate(caller, deps.signingAlg);
      return reply.code(201).send(keyView(key));
    },
  );
}
