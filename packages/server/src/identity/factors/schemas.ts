import { type Static, Type } from '@sinclair/typebox';
import { isoTime, Text, Timestamp, Uuid } from '../../http/schemas.js';
import type { Factor } from './store.js';

export const FactorBody = Type.Object(
  {
    id: Uuid,
    kind: Type.Union([Type.Literal('totp'), Type.Literal('passkey')], {
      description: 'totp: an authenticator app (RFC 6238); passkey: a WebAuthn credential',
    }),
    name: Type.String(),
    createdAt: Timestamp,
    lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'Factor' },
);

export function factorView(factor: Factor): Static<typeof FactorBody> {
  return {
    id: factor.id,
    kind: factor.kind,
    name: factor.name,
    createdAt: isoTime(factor.createdAt),
    lastUsedAt: factor.lastUsedAt === null ? null : isoTime(factor.lastUsedAt),
  };
}

export const FactorIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

/** An authenticator or recovery code as typed: digits or Crockford base32, spaces and dashes allowed. */
export const Code = Type.String({ minLength: 6, maxLength: 32, pattern: '^[0-9A-Za-z \\-]+$' });

export const FactorList = Type.Object({
  factors: Type.Array(FactorBody),
  recoveryCodes: Type.Object({
    total: Type.Integer({ description: 'Recovery codes issued in the last set' }),
    unused: Type.Integer({ description: 'Of those, not used yet' }),
  }),
});

export const StartTotpBody = Type.Object({ name: Type.Optional(Text(100)) }, { additionalProperties: false });

export const TotpEnrolmentBody = Type.Object({
  factor: FactorBody,
  secret: Type.String({ description: 'Base32 secret to type into an authenticator app; shown once' }),
  uri: Type.String({ description: 'otpauth:// URI, as the QR code carries it' }),
  qrCode: Type.String({ description: 'The URI as an SVG QR code (data: URL)' }),
});

export const CodeBody = Type.Object({ code: Code }, { additionalProperties: false });

export const RecoveryCodesBody = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: 'Each works once; shown only now' }),
});

export const ConfirmedTotpBody = Type.Object({
  factor: FactorBody,
  recoveryCodes: Type.Union([Type.Array(Type.String()), Type.Null()], {
    description: 'With the first factor of an account: ten recovery codes, shown only now',
  }),
});

/** A WebAuthn answer as @simplewebauthn/browser (or PublicKeyCredential.toJSON()) gives it; verified by the service. */
export const WebAuthnResponse = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 1024 }),
    rawId: Type.String({ minLength: 1, maxLength: 1024 }),
    type: Type.Literal('public-key'),
    response: Type.Record(Type.String(), Type.Unknown()),
    clientExtensionResults: Type.Record(Type.String(), Type.Unknown()),
    authenticatorAttachment: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { description: 'The PublicKeyCredential, JSON-encoded (base64url fields)' },
);

export const PasskeyRegistrationBody = Type.Object(
  { name: Type.Optional(Text(100)), response: WebAuthnResponse },
  { additionalProperties: false },
);

export const PasskeyAssertionBody = Type.Object(
  { response: WebAuthnResponse },
  { additionalProperties: false },
);

export const WebAuthnOptions = Type.Record(Type.String(), Type.Unknown(), {
  description:
    'PublicKeyCredential options (JSON), for @simplewebauthn/browser or parseRequestOptionsFromJSON',
});

export const StepUpBody = Type.Object(
  {
    code: Type.Optional(Code),
    passkey: Type.Optional(WebAuthnResponse),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  },
  { additionalProperties: false },
);
