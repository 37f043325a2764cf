import { type Static, Type } from '@sinclair/typebox';
import { Timestamp } from '../http/schemas.js';
import type { Revocation } from './store.js';

const Seconds = (description: string) => Type.Integer({ minimum: 0, description });

/** One entry of the feed, as verifiers read it. Exactly one of token, credential, subject, clientId is set. */
export const RevocationEntry = Type.Object(
  {
    position: Type.Integer({ minimum: 1, description: 'Grows in commit order; the SSE event id' }),
    token: Type.Optional(Type.String({ description: "An access token's jti (RFC 7009 revocation)" })),
    credential: Type.Optional(
      Type.Object(
        {
          type: Type.Union(
            [
              Type.Literal('api_token'),
              Type.Literal('client'),
              Type.Literal('grant'),
              Type.Literal('consumer_key'),
            ],
            { description: "The access token's `cred.type`, or consumer_key for an OVH consumer key" },
          ),
          id: Type.String({ description: "The access token's `cred.id` (a consumer key's credential id)" }),
        },
        { description: 'Every access token minted from this credential' },
      ),
    ),
    subject: Type.Optional(
      Type.String({ description: "A user's (or an app's, for client_credentials) tokens: the `sub` claim" }),
    ),
    orgId: Type.Optional(
      Type.String({ description: 'With subject: only its tokens for this organization (`context_name`)' }),
    ),
    clientId: Type.Optional(
      Type.String({ description: 'Every token issued to this OAuth app (`client_id`)' }),
    ),
    issuedBefore: Type.Optional(
      Type.Number({
        description:
          'Refuse only tokens issued at or before this (epoch seconds, with milliseconds): the time in a ' +
          'UUIDv7 `jti`, else the `iat`; absent: every token',
      }),
    ),
    keepUntil: Seconds('When the entry may be forgotten (epoch seconds): every token it refuses has expired'),
    reason: Type.String({ description: 'Why, for the refusal: `API token revoked`' }),
    revokedAt: Timestamp,
  },
  { $id: 'RevocationEntry', additionalProperties: false },
);
export type RevocationEntry = Static<typeof RevocationEntry>;

export const RevocationSnapshot = Type.Object(
  {
    entries: Type.Array(RevocationEntry),
    reset: Type.Boolean({
      description:
        'true when `after` is a position this feed cannot resume from (older than what it keeps, or from ' +
        'another database): forget every entry held and take these, which start from the beginning',
    }),
    next: Type.Integer({ minimum: 0, description: 'Pass as `after` for the next page, or to resume' }),
    more: Type.Boolean({ description: 'More entries follow: ask again with `after=next` at once' }),
  },
  { $id: 'RevocationSnapshot' },
);

export const SnapshotQuery = Type.Object(
  {
    after: Type.Optional(
      Type.Integer({
        minimum: 0,
        default: 0,
        description: 'The last position already held; 0: from the start',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1000 })),
  },
  { additionalProperties: false },
);

export const StreamQuery = Type.Object(
  {
    after: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Where to start when no Last-Event-ID header is sent; default 0',
      }),
    ),
  },
  { additionalProperties: false },
);

export function entryView(entry: Revocation): RevocationEntry {
  const { target } = entry;
  const view: RevocationEntry = {
    position: entry.position,
    keepUntil: Math.ceil(entry.keepUntil / 1000),
    reason: entry.reason,
    revokedAt: new Date(entry.revokedAt).toISOString(),
  };
  // Milliseconds kept: a verifier compares them with the issuance time in a token's time-ordered jti.
  if (entry.issuedBefore !== undefined) view.issuedBefore = entry.issuedBefore / 1000;
  switch (target.kind) {
    case 'token':
      return { ...view, token: target.jti };
    case 'credential':
      return { ...view, credential: { type: target.type, id: target.id } };
    case 'subject':
      return {
        ...view,
        subject: target.subject,
        ...(target.orgId !== undefined ? { orgId: target.orgId } : {}),
      };
    case 'client':
      return { ...view, clientId: target.clientId };
  }
}
