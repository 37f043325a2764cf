import { auditEvent } from '../../audit/service.js';
import type { AuditStore } from '../../audit/store.js';
import { authorize } from '../../core/authorize.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import { newId, randomToken } from '../../core/ids-and-secrets.js';
import { anonymousCaller, type Caller } from '../../core/principal.js';
import type { ServerKey } from '../../core/server-key.js';
import type { OutboxStore } from '../../mail/outbox-store.js';
import type { InvalidationBus } from '../../storage/invalidation.js';
import type { Transactional } from '../../storage/transactional.js';
import { memberKey, TOPICS } from '../directory.js';
import type { RequestOrigin } from '../email-links/password-resets.js';
import { type AccessStores, resolveOrgAccess } from '../members/access.js';
import { MANAGERS, type MemberRoles, normalizeMemberRoles, requireOwnerFor } from '../members/service.js';
import type { MemberStore } from '../members/store.js';
import type { OrgStore } from '../orgs/store.js';
import { assertServiceRolesExist } from '../services/service.js';
import type { ServiceStore } from '../services/store.js';
import { checkPasswordPolicy } from '../users/password-policy.js';
import { hashPassword } from '../users/passwords.js';
import { normalizeEmail } from '../users/service.js';
import type { User, UserStore } from '../users/store.js';
import { invitationMail } from './emails.js';
import type { Invitation, InvitationStore } from './store.js';

/** The stores invitations read and write. */
export interface InvitationStores extends AccessStores {
  invitations: InvitationStore;
  users: UserStore;
  members: MemberStore;
  orgs: OrgStore;
  services: ServiceStore;
  outbox: OutboxStore;
  audit: AuditStore;
}

/** Path of the page an invitation link opens; the token follows as `?token=`. */
export const INVITATION_PAGE_PATH = '/account/invitation';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Invitations (issue 13 item 3): an owner or admin adds a member by an address with no account; the address
 * gets a single-use, expiring link (hashed at rest); accepting it creates the account with a password of the
 * invitee's choosing, grants the roles, and signs in. The org's "require MFA" applies to the new member as to
 * any other. Owners and admins list, resend and revoke open invitations.
 */
export class InvitationService {
  constructor(
    private readonly deps: {
      storage: Transactional<InvitationStores>;
      clock: Clock;
      serverKey: Pick<ServerKey, 'hashSecret'>;
      bus: InvalidationBus;
      issuer: string;
      ttlSeconds: number;
    },
  ) {}

  /** Invites `email` with the roles to grant; `user.email_taken` when an account uses it already. */
  async invite(caller: Caller, orgId: string, input: { email: string } & MemberRoles): Promise<Invitation> {
    const roles = normalizeMemberRoles(input);
    const email = normalizeEmail(input.email);
    const now = this.deps.clock.now();
    return this.deps.storage.transaction(async (stores) => {
      await stores.orgs.lock(orgId);
      const access = await resolveOrgAccess(stores, caller, orgId);
      authorize(access, { anyOrgRole: MANAGERS });
      requireOwnerFor(access, [], roles.orgRoles);
      await assertServiceRolesExist(stores, roles.serviceRoles);
      if (await stores.users.findByEmail(email)) {
        throw new ApiError(
          'user.email_taken',
          `an account already uses ${email}; add it as a member instead`,
        );
      }
      if (await stores.invitations.findOpenByEmail(orgId, email)) {
        throw new ApiError(
          'invitation.exists',
          `${email} is already invited; resend or revoke that invitation under Pending invitations`,
        );
      }
      const token = randomToken(32);
      const invitation: Invitation = {
        id: newId(),
        orgId,
        email,
        ...roles,
        tokenHash: this.#hash(token),
        invitedBy: caller.principal.subjectId,
        createdAt: now,
        expiresAt: now + this.deps.ttlSeconds * 1000,
        acceptedAt: null,
        revokedAt: null,
      };
      await stores.invitations.insert(invitation);
      await this.#mail(stores, caller, invitation, token, now);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'invitation.created',
          orgId,
          target: { kind: 'invitation', id: invitation.id },
          details: { email, ...roles, expiresAt: invitation.expiresAt },
        }),
      ]);
      return invitation;
    });
  }

  /** The org's open invitations (owners and admins). */
  async list(caller: Caller, orgId: string): Promise<Invitation[]> {
    const { stores } = this.deps.storage;
    authorize(await resolveOrgAccess(stores, caller, orgId), { anyOrgRole: MANAGERS });
    return stores.invitations.listOpen(orgId);
  }

  /** A new link and a new expiry; the old link stops working. */
  async resend(caller: Caller, orgId: string, id: string): Promise<Invitation> {
    const now = this.deps.clock.now();
    return this.deps.storage.transaction(async (stores) => {
      const invitation = await this.#findOpen(stores, caller, orgId, id);
      const token = randomToken(32);
      const renewed = {
        ...invitation,
        tokenHash: this.#hash(token),
        expiresAt: now + this.deps.ttlSeconds * 1000,
      };
      await stores.invitations.renew(id, renewed.tokenHash, renewed.expiresAt);
      await this.#mail(stores, caller, renewed, token, now);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'invitation.resent',
          orgId,
          target: { kind: 'invitation', id },
          details: { email: invitation.email, expiresAt: renewed.expiresAt },
        }),
      ]);
      return renewed;
    });
  }

  async revoke(caller: Caller, orgId: string, id: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.storage.transaction(async (stores) => {
      const invitation = await this.#findOpen(stores, caller, orgId, id);
      await stores.invitations.close(id, 'revoked', now);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'invitation.revoked',
          orgId,
          target: { kind: 'invitation', id },
          details: { email: invitation.email },
        }),
      ]);
    });
  }

  /**
   * The live invitation a token names, with its org's name. Unknown, accepted or revoked → `email_link.invalid`;
   * expired → `email_link.expired`, audited as an attempt.
   */
  async open(
    token: string,
    origin: RequestOrigin,
  ): Promise<{ invitation: Invitation; orgName: string; requireMfa: boolean }> {
    const { stores } = this.deps.storage;
    const invitation = TOKEN.test(token)
      ? await stores.invitations.findByTokenHash(this.#hash(token))
      : undefined;
    if (!invitation || invitation.acceptedAt !== null || invitation.revokedAt !== null) {
      throw new ApiError(
        'email_link.invalid',
        'this invitation is not valid: it was accepted, revoked, replaced by a newer e-mail, or mistyped',
      );
    }
    const now = this.deps.clock.now();
    if (invitation.expiresAt <= now) {
      await stores.audit.insert([
        auditEvent(anonymousCaller(origin.ip, origin.requestId), now, {
          action: 'invitation.expired_attempt',
          orgId: invitation.orgId,
          actor: { kind: 'anonymous', id: invitation.email },
          target: { kind: 'invitation', id: invitation.id },
          details: { expiredAt: invitation.expiresAt },
        }),
      ]);
      throw new ApiError(
        'email_link.expired',
        `this invitation expired on ${new Date(invitation.expiresAt).toISOString()}; ask for a new one`,
      );
    }
    const org = await stores.orgs.findById(invitation.orgId);
    return {
      invitation,
      orgName: org?.displayName ?? invitation.orgId,
      requireMfa: org?.requireMfa === true,
    };
  }

  /**
   * Accepts: creates the account (its address verified, since the link reached it) with the chosen password,
   * grants the invitation's roles, and closes the invitation. Returns the new user, for the caller to sign in.
   */
  async accept(
    token: string,
    input: { name: string; password: string },
    origin: RequestOrigin,
  ): Promise<User> {
    const { invitation } = await this.open(token, origin);
    checkPasswordPolicy(input.password, invitation.email);
    const passwordHash = await hashPassword(input.password);
    const now = this.deps.clock.now();
    const caller = anonymousCaller(origin.ip, origin.requestId);
    const user: User = {
      id: newId(),
      email: invitation.email,
      name: input.name.trim() || (invitation.email.split('@')[0] ?? invitation.email),
      platformRoles: [],
      createdAt: now,
      updatedAt: now,
      disabledAt: null,
      emailVerified: true,
    };
    await this.deps.storage.transaction(async (stores) => {
      if (!(await stores.invitations.close(invitation.id, 'accepted', now))) {
        throw new ApiError('email_link.invalid', 'this invitation was already accepted or revoked');
      }
      if (await stores.users.findByEmail(invitation.email)) {
        throw new ApiError(
          'user.email_taken',
          `an account already uses ${invitation.email}; sign in with it and ask an admin to add you`,
        );
      }
      await stores.users.insert({ ...user, passwordHash });
      const roles = { orgRoles: invitation.orgRoles, serviceRoles: invitation.serviceRoles };
      await stores.members.insert({
        orgId: invitation.orgId,
        userId: user.id,
        ...roles,
        createdAt: now,
        updatedAt: now,
      });
      const actor = { kind: 'user', id: user.id };
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'invitation.accepted',
          orgId: invitation.orgId,
          actor,
          target: { kind: 'invitation', id: invitation.id },
          details: { email: invitation.email, userId: user.id },
        }),
        auditEvent(caller, now, {
          action: 'member.added',
          orgId: invitation.orgId,
          actor,
          target: { kind: 'user', id: user.id },
          details: { ...roles, invitationId: invitation.id },
        }),
      ]);
    });
    await this.deps.bus.publish(TOPICS.member, memberKey(invitation.orgId, user.id));
    return user;
  }

  async #findOpen(stores: InvitationStores, caller: Caller, orgId: string, id: string): Promise<Invitation> {
    const access = await resolveOrgAccess(stores, caller, orgId);
    authorize(access, { anyOrgRole: MANAGERS });
    const invitation = await stores.invitations.find(orgId, id);
    if (!invitation || invitation.acceptedAt !== null || invitation.revokedAt !== null) {
      throw new ApiError('invitation.not_found', `organization ${orgId} has no open invitation ${id}`);
    }
    // Admins may not touch an invitation that would make an owner, as they may not touch an owner.
    requireOwnerFor(access, invitation.orgRoles, []);
    return invitation;
  }

  async #mail(stores: InvitationStores, caller: Caller, invitation: Invitation, token: string, now: number) {
    const [org, inviter] = await Promise.all([
      stores.orgs.findById(invitation.orgId),
      stores.users.findById(caller.principal.subjectId),
    ]);
    await stores.outbox.enqueue({
      dedupeKey: `invitation:${invitation.id}:${invitation.tokenHash}`,
      to: invitation.email,
      createdAt: now,
      ...invitationMail({
        link: `${this.deps.issuer}${INVITATION_PAGE_PATH}?token=${token}`,
        orgName: org?.displayName ?? invitation.orgId,
        inviter: inviter ? `${inviter.name} (${inviter.email})` : 'An administrator',
        ttlSeconds: this.deps.ttlSeconds,
        issuer: this.deps.issuer,
      }),
    });
  }

  #hash(token: string): string {
    return this.deps.serverKey.hashSecret('invitation', token);
  }
}
