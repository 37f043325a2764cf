import type { Selectable } from 'kysely';
import type { OrgRole } from '../../core/roles.js';
import { type Executor, fromJson, toJson } from '../../storage/db.js';
import type { InvitationsTable } from '../../storage/schema.js';

/** An invitation to an org for an address with no account; the token is only in the e-mail. */
export interface Invitation {
  id: string;
  orgId: string;
  email: string;
  orgRoles: OrgRole[];
  serviceRoles: string[];
  tokenHash: string;
  invitedBy: string;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  revokedAt: number | null;
}

export interface InvitationStore {
  insert(invitation: Invitation): Promise<void>;
  find(orgId: string, id: string): Promise<Invitation | undefined>;
  findByTokenHash(tokenHash: string): Promise<Invitation | undefined>;
  /** The org's invitations neither accepted nor revoked (expired ones included: they can be resent). */
  listOpen(orgId: string): Promise<Invitation[]>;
  /** The open invitation of the org for the address, if any. */
  findOpenByEmail(orgId: string, email: string): Promise<Invitation | undefined>;
  /** A new token and expiry for an open invitation; false when it is no longer open. */
  renew(id: string, tokenHash: string, expiresAt: number): Promise<boolean>;
  /** Closes an open invitation (accepted or revoked); false when it was already closed. */
  close(id: string, how: 'accepted' | 'revoked', at: number): Promise<boolean>;
}

export function createInvitationStore(db: Executor): InvitationStore {
  const open = () =>
    db.selectFrom('invitations').selectAll().where('accepted_at', 'is', null).where('revoked_at', 'is', null);
  return {
    async insert(invitation) {
      await db
        .insertInto('invitations')
        .values({
          id: invitation.id,
          org_id: invitation.orgId,
          email: invitation.email,
          org_roles: toJson(invitation.orgRoles),
          service_roles: toJson(invitation.serviceRoles),
          token_hash: invitation.tokenHash,
          invited_by: invitation.invitedBy,
          created_at: invitation.createdAt,
          expires_at: invitation.expiresAt,
          accepted_at: invitation.acceptedAt,
          revoked_at: invitation.revokedAt,
        })
        .execute();
    },

    async find(orgId, id) {
      const row = await db
        .selectFrom('invitations')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toInvitation(row);
    },

    async findByTokenHash(tokenHash) {
      const row = await db
        .selectFrom('invitations')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && toInvitation(row);
    },

    async listOpen(orgId) {
      const rows = await open().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toInvitation);
    },

    async findOpenByEmail(orgId, email) {
      const row = await open().where('org_id', '=', orgId).where('email', '=', email).executeTakeFirst();
      return row && toInvitation(row);
    },

    async renew(id, tokenHash, expiresAt) {
      const result = await db
        .updateTable('invitations')
        .set({ token_hash: tokenHash, expires_at: expiresAt })
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async close(id, how, at) {
      const result = await db
        .updateTable('invitations')
        .set(how === 'accepted' ? { accepted_at: at } : { revoked_at: at })
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

function toInvitation(row: Selectable<InvitationsTable>): Invitation {
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    orgRoles: fromJson<OrgRole[]>(row.org_roles),
    serviceRoles: fromJson<string[]>(row.service_roles),
    tokenHash: row.token_hash,
    invitedBy: row.invited_by,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    acceptedAt: row.accepted_at === null ? null : Number(row.accepted_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}
