import { type Static, Type } from '@sinclair/typebox';
import { Uuid } from '../http/schemas.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const Method = Type.Unsafe<(typeof METHODS)[number]>({
  type: 'string',
  enum: [...METHODS],
  description: 'The HTTP method, upper case, as the client sent (and signed) it',
});

/** What a gateway sends to have an OVH-signed request checked (docs/gateway.md, "OVH-signed requests"). */
export const SignedRequestCheckBody = Type.Object(
  {
    method: Method,
    url: Type.String({
      minLength: 8,
      maxLength: 8192,
      description:
        'The URL the request arrived at: scheme://Host header + the request target exactly as received (raw path and query, escapes untouched)',
    }),
    publicOrigin: Type.Optional(
      Type.String({
        maxLength: 300,
        pattern: '^https?://[^/?#\\s]+$',
        description:
          'The origin clients are configured with (the gateway’s public URL), also tried as the signed URL’s origin',
      }),
    ),
    headers: Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 1024 }), {
      maxProperties: 16,
      description:
        'The X-Ovh-Application, X-Ovh-Consumer, X-Ovh-Timestamp and X-Ovh-Signature headers received',
    }),
    body: Type.Optional(
      Type.String({
        maxLength: 180_000,
        pattern: '^[A-Za-z0-9+/]*={0,2}$',
        description:
          'The raw request body in base64 (the signature covers its bytes); at most 128 KiB decoded',
      }),
    ),
    clientIp: Type.String({
      minLength: 2,
      maxLength: 64,
      description:
        'The address the request came from: failed signatures are counted against it, and allowedIPs apply to it',
    }),
    rulesPrefix: Type.Optional(
      Type.String({
        maxLength: 200,
        pattern: '^(/[^/?#\\s*]+)*$',
        description: 'The path prefix access rules are relative to (e.g. /1.0); default none',
      }),
    ),
    orgId: Type.Optional({
      ...Uuid,
      description: 'The organization the caller acts in; default the user’s only one',
    }),
  },
  { additionalProperties: false },
);
export type SignedRequestCheckBody = Static<typeof SignedRequestCheckBody>;

const AccessRule = Type.Object({ method: Type.String(), path: Type.String() });

const OvhError = Type.Object(
  {
    class: Type.String(),
    message: Type.String(),
    errorCode: Type.String(),
    httpCode: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { description: 'The error to answer an OVH client with, in the OVH API’s shape' },
);

const Valid = Type.Object({
  valid: Type.Literal(true),
  principal: Type.Object({
    kind: Type.Literal('user'),
    subject: Type.String({ description: 'The id of the user who validated the consumer key' }),
    email: Type.String(),
    name: Type.String(),
    orgId: Type.Union([Type.String(), Type.Null()], {
      description: 'null when no orgId was asked for and the user belongs to several organizations (or none)',
    }),
    orgRoles: Type.Array(Type.String()),
    serviceRoles: Type.Array(Type.String()),
    permissions: Type.Array(Type.String({ description: 'Expanded from the service roles' })),
    platformRoles: Type.Array(Type.String()),
    credential: Type.Object({ type: Type.Literal('consumer_key'), id: Type.String() }),
    applicationId: Type.Integer(),
    applicationName: Type.String(),
  }),
  rules: Type.Array(AccessRule, { description: "The consumer key's access rules" }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  request: Type.Object({
    method: Type.String(),
    path: Type.Union([Type.String(), Type.Null()], {
      description: 'The request path relative to rulesPrefix; null when outside it (or with a dot segment)',
    }),
    allowed: Type.Boolean({ description: "Whether the key's rules allow this method and path" }),
  }),
});

const Refused = Type.Object({
  valid: Type.Literal(false),
  code: Type.String({ description: 'The docs/errors.md code, e.g. consumer_key.invalid_signature' }),
  status: Type.Integer({ description: 'The HTTP status to answer the signed request with' }),
  message: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  retryAfterSeconds: Type.Optional(Type.Integer()),
  ovh: OvhError,
});

export const CheckAnswer = Type.Union([Valid, Refused]);
export type CheckAnswer = Static<typeof CheckAnswer>;
