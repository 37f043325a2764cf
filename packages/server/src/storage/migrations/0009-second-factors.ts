import type { Kysely } from 'kysely';
import type { Dialect } from '../db.js';

/**
 * Second factors (docs/adr/0008-second-factors.md): each user's TOTP authenticators and passkeys, their
 * single-use recovery codes, the WebAuthn challenges handed out and not yet answered; how and when each session
 * last proved who it is (RFC 8176 `amr`, for step-up and ID tokens); an org's "require MFA" setting; and the
 * first operator's forced password change.
 */
export function secondFactors(_dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('user_factors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        // 'totp' or 'passkey'.
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        // TOTP: the shared secret, encrypted with the server key (the protocol needs it back in clear).
        .addColumn('secret_enc', 'text')
        // TOTP: the last time step accepted, so a code is good once even inside its window (RFC 6238 §5.2).
        .addColumn('last_step', 'bigint')
        // Passkey: the credential id (base64url), its COSE public key (base64url), signature counter, transports.
        .addColumn('credential_id', 'text', (c) => c.unique())
        .addColumn('public_key', 'text')
        .addColumn('sign_count', 'bigint')
        .addColumn('transports', 'text')
        // 'hwk' (device-bound) or 'swk' (synced passkey), for amr.
        .addColumn('amr', 'text')
        // Null while a TOTP enrolment waits for its first code; such a factor is never used to sign in.
        .addColumn('confirmed_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_used_at', 'bigint')
        .execute();
      await db.schema.createIndex('user_factors_user_idx').on('user_factors').column('user_id').execute();

      await db.schema
        .createTable('recovery_codes')
        // Keyed hash of the code; the code itself is shown once.
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .execute();
      await db.schema.createIndex('recovery_codes_user_idx').on('recovery_codes').column('user_id').execute();

      await db.schema
        .createTable('webauthn_challenges')
        // Keyed hash of the challenge; answered once, then deleted.
        .addColumn('challenge_hash', 'text', (c) => c.primaryKey())
        // 'register', 'authenticate' or 'sign-in' (a passkey-only sign-in: no user yet).
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('webauthn_challenges_expires_idx')
        .on('webauthn_challenges')
        .column('expires_at')
        .execute();

      // JSON string[] of RFC 8176 methods; a session signed in before this migration used a password.
      await db.schema
        .alterTable('sessions')
        .addColumn('amr', 'text', (c) => c.notNull().defaultTo('["pwd"]'))
        .execute();
      // When the session's user last presented a factor (sign-in or step-up); null means at created_at.
      await db.schema.alterTable('sessions').addColumn('authenticated_at', 'bigint').execute();
      // 1 while the password was right but a second factor is still owed: such a session signs nobody in.
      await db.schema
        .alterTable('sessions')
        .addColumn('pending_factor', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      // The methods behind a grant, for the amr of the ID tokens it issues (OIDC Core §2).
      await db.schema.alterTable('grant_families').addColumn('amr', 'text').execute();

      await db.schema
        .alterTable('orgs')
        .addColumn('require_mfa', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // The bootstrap operator's one-time password must be replaced at first sign-in.
      await db.schema
        .alterTable('users')
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
