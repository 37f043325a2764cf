import Bowser from 'bowser';
import { auditEvent } from '../../audit/service.js';
import type { AuditStore } from '../../audit/store.js';
import { authorizePlatform } from '../../core/authorize.js';
import type { Clock } from '../../core/clock.js';
import { ApiError } from '../../core/errors.js';
import type { Caller } from '../../core/principal.js';
import type { Transactional } from '../../storage/transactional.js';
import type { UserStore } from '../users/store.js';
import type { SessionStore } from './store.js';

/** A session as its user sees it (docs/accounts.md#sessions). */
export interface SessionSummary {
  /** A prefix of the session's keyed hash: names it, proves nothing. */
  id: string;
  device: string;
  address: string | null;
  createdAt: number;
  lastSeenAt: number;
  current: boolean;
}

const ID_LENGTH = 24;

/** Listing and ending sessions: a user their own, an operator anyone's (ASVS 7.5.2). */
export class SessionList {
  constructor(
    private readonly deps: {
      storage: Transactional<{
        sessions: SessionStore;
        users: Pick<UserStore, 'findById'>;
        audit: AuditStore;
      }>;
      clock: Clock;
      idleTtlSeconds: number;
    },
  ) {}

  async listMine(caller: Caller): Promise<SessionSummary[]> {
    const { userId, current } = mySession(caller);
    const now = this.deps.clock.now();
    const idleMs = this.deps.idleTtlSeconds * 1000;
    const sessions = await this.deps.storage.stores.sessions.listForUser(userId);
    return sessions
      .filter((session) => session.expiresAt > now && session.lastSeenAt + idleMs > now)
      .map((session) => ({
        id: session.idHash.slice(0, ID_LENGTH),
        device: deviceOf(session.userAgent),
        address: session.ip,
        createdAt: session.createdAt,
        lastSeenAt: session.lastSeenAt,
        current: session.idHash.startsWith(current),
      }));
  }

  /** Ends one of the caller's sessions; ending the current one signs this browser out. */
  async endMine(caller: Caller, id: string): Promise<void> {
    const { userId } = mySession(caller);
    const sessions = await this.deps.storage.stores.sessions.listForUser(userId);
    const session = sessions.find((s) => id.length === ID_LENGTH && s.idHash.startsWith(id));
    if (!session) {
      throw new ApiError(
        'session.not_found',
        `you have no session ${id}; GET /api/v1/me/sessions lists yours`,
      );
    }
    await this.#end(caller, userId, [session.idHash], 'session.ended');
  }

  /** Ends every session of the caller but the one making the request. */
  async endOthers(caller: Caller): Promise<number> {
    const { userId, current } = mySession(caller);
    const sessions = await this.deps.storage.stores.sessions.listForUser(userId);
    const others = sessions.filter((s) => !s.idHash.startsWith(current)).map((s) => s.idHash);
    await this.#end(caller, userId, others, 'session.others_ended');
    return others.length;
  }

  /** An operator ends every session of a user (a stolen laptop, a leaver). */
  async endAllOf(caller: Caller, userId: string): Promise<number> {
    authorizePlatform(caller, 'platform_operator');
    if (!(await this.deps.storage.stores.users.findById(userId))) {
      throw new ApiError('user.not_found', `no user ${userId}; GET /api/v1/users lists them`);
    }
    const now = this.deps.clock.now();
    return this.deps.storage.transaction(async (stores) => {
      const ended = await stores.sessions.deleteForUser(userId);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'session.all_ended',
          target: { kind: 'user', id: userId },
          details: { sessionsEnded: ended },
        }),
      ]);
      return ended;
    });
  }

  async #end(caller: Caller, userId: string, idHashes: string[], action: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.storage.transaction(async (stores) => {
      for (const idHash of idHashes) await stores.sessions.delete(idHash);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action,
          target: { kind: 'user', id: userId },
          details: { sessionsEnded: idHashes.length },
        }),
      ]);
    });
  }
}

/** The caller's user and the prefix of their session's hash; sessions are managed from a console session. */
function mySession(caller: Caller): { userId: string; current: string } {
  const { principal } = caller;
  if (principal.kind !== 'user' || principal.credential.type !== 'session') {
    throw new ApiError(
      'auth.forbidden',
      'sessions are listed and ended from a console session, not with an access token or signed request',
    );
  }
  return { userId: principal.subjectId, current: principal.credential.id };
}

/** "Firefox 128 on Linux (desktop)", from the User-Agent the browser sent at sign-in. */
export function deviceOf(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const os = parsed.os.name ?? '';
  const type = parsed.platform.type ?? '';
  if (!browser && !os) return userAgent.slice(0, 60);
  return `${browser || 'Unknown browser'}${os ? ` on ${os}` : ''}${type ? ` (${type})` : ''}`;
}
