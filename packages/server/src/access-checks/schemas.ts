import { type Static, Type } from '@sinclair/typebox';
import { Uuid } from '../http/schemas.js';

const Closed = { additionalProperties: false } as const;

export const AccessCheckRequestBody = Type.Object(
  {
    credential: Type.Union(
      [
        Type.Object(
          {
            type: Type.Literal('api_token'),
            id: Type.String({
              minLength: 1,
              maxLength: 64,
              description: "The API token's id (never its value)",
            }),
          },
          Closed,
        ),
        Type.Object(
          {
            type: Type.Literal('consumer_credential'),
            id: Type.Integer({ minimum: 1, description: 'The OVH-style consumer credential id' }),
          },
          Closed,
        ),
        Type.Object(
          { userId: Uuid },
          { ...Closed, description: 'A member, signed in: every role they hold' },
        ),
        Type.Object(
          { appId: Type.String({ minLength: 1, maxLength: 128 }) },
          { ...Closed, description: 'A server-to-server app added to the org, acting as itself' },
        ),
      ],
      { description: 'Whose access: `{type, id}` of a credential, `{userId}` or `{appId}`' },
    ),
    request: Type.Union(
      [
        Type.Object(
          {
            permission: Type.String({
              minLength: 3,
              maxLength: 300,
              pattern: '^[^\\s]+:[^\\s]+$',
              description: '`billing:read`, or CSP’s `external/billing/billing:read`',
            }),
          },
          Closed,
        ),
        Type.Object(
          {
            method: Type.Union([
              Type.Literal('GET'),
              Type.Literal('POST'),
              Type.Literal('PUT'),
              Type.Literal('DELETE'),
            ]),
            path: Type.String({
              minLength: 1,
              maxLength: 512,
              pattern: '^/[^\\s]*$',
              description: 'Relative to the API version (`/me`), or with it (`/1.0/me`)',
            }),
          },
          { ...Closed, description: 'A call under OVH-style access rules (consumer credentials only)' },
        ),
      ],
      { description: 'What it would do' },
    ),
  },
  { ...Closed, $id: 'AccessCheckRequest' },
);
export type AccessCheckRequestBody = Static<typeof AccessCheckRequestBody>;

export const AccessCheckBody = Type.Object(
  {
    allowed: Type.Boolean(),
    because: Type.Array(
      Type.Object({
        step: Type.Union(
          ['credential', 'holder', 'scope', 'granted', 'rules', 'decision'].map((s) => Type.Literal(s)),
        ),
        ok: Type.Boolean(),
        detail: Type.String({ description: 'What was found, in words' }),
        code: Type.Optional(Type.String({ description: 'The error the request itself would get here' })),
      }),
      {
        description:
          'Each step of the decision, in the order the request takes them; it stops at a failed one',
      },
    ),
    granted: Type.Optional(
      Type.Object(
        {
          orgRoles: Type.Array(Type.String()),
          serviceRoles: Type.Array(Type.String()),
          permissions: Type.Array(Type.String()),
        },
        { description: 'What an access token minted now would carry' },
      ),
    ),
    missing: Type.Array(Type.String(), { description: 'The permission or rule that is missing' }),
  },
  { $id: 'AccessCheck' },
);
