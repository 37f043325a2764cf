import { Type } from '@sinclair/typebox';
import type { CredentialState } from '../../consumer-keys/store.js';

/**
 * What the OVH dialect reads from requests (docs/wire/ovh.md). Lenient as the clients are: unknown fields are
 * ignored, ids arrive as text in the path and the query. A refusal says what to send, in OVH's terms.
 */

export const CREDENTIAL_STATES: readonly CredentialState[] = [
  'expired',
  'pendingValidation',
  'refused',
  'validated',
];

/** OVH's `long`, as path or query text. */
const OvhLong = (name: string) =>
  Type.String({
    pattern: '^\\d{1,15}$',
    refusal: `${name} must be a whole number (OVH long), not "{value}"`,
  });

export const ApplicationPath = Type.Object({ applicationId: OvhLong('applicationId') });

export const CredentialPath = Type.Object({ credentialId: OvhLong('credentialId') });

export const CredentialListQuery = Type.Object({
  // Empty is the same as absent: some clients send every filter, set or not.
  applicationId: Type.Optional(Type.Union([OvhLong('applicationId'), Type.Literal('')])),
  status: Type.Optional(
    Type.Union(
      CREDENTIAL_STATES.map((state) => Type.Literal(state)),
      { refusal: `status must be one of ${CREDENTIAL_STATES.join(', ')}` },
    ),
  ),
});

const AllowedIps = Type.Union([Type.Array(Type.String()), Type.Null()], {
  refusal: 'allowedIPs must be a list of strings or null, e.g. ["203.0.113.0/24"]',
});

/** `POST /auth/credential` (docs/wire/ovh.md#credential-request). */
export const CredentialRequestBody = Type.Object(
  {
    accessRules: Type.Array(
      Type.Object(
        { method: Type.String(), path: Type.String() },
        { refusal: '{at} must be {"method": "GET", "path": "/me"}, not {value}' },
      ),
      { refusal: 'accessRules is required: a list of {"method", "path"} rules' },
    ),
    redirection: Type.Optional(
      Type.Union([Type.String(), Type.Null()], { refusal: 'redirection must be a URL string or null' }),
    ),
    allowedIPs: Type.Optional(AllowedIps),
  },
  { refusal: 'send {"accessRules":[{"method":"GET","path":"/me"}]} as JSON; accessRules is required' },
);

/** `PUT /me/api/credential/{id}`: only the address list can change. */
export const CredentialUpdateBody = Type.Object(
  { allowedIPs: Type.Optional(AllowedIps) },
  { refusal: 'send the credential as a JSON object, e.g. {"allowedIPs":["203.0.113.0/24"]}' },
);
