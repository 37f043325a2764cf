// The audit page's sentences for the session-ending and second-factor events (no browser needed).
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../api/types';
import { describeEvent } from './describe';

const event = (action: string, details: Record<string, unknown> = {}): AuditEvent =>
  ({
    id: 'evt_1',
    occurredAt: '2026-12-02T10:00:00.000Z',
    action,
    actor: { kind: 'user', id: 'usr_ada' },
    target: { kind: 'user', id: 'usr_bob' },
    details,
  }) as unknown as AuditEvent;
const names = (id: string) => ({ usr_ada: 'ada@example.test', usr_bob: 'bob@example.test' })[id] ?? id;

describe('audit sentences', () => {
  it('says which sessions ended and how many', () => {
    expect(describeEvent(event('session.ended', { sessionsEnded: 1 }), names)).toBe(
      'ada@example.test ended a session of bob@example.test',
    );
    expect(describeEvent(event('session.others_ended', { sessionsEnded: 1 }), names)).toBe(
      'ada@example.test ended the other sessions of bob@example.test (1 session)',
    );
    expect(describeEvent(event('session.all_ended', { sessionsEnded: 3 }), names)).toBe(
      'ada@example.test ended every session of bob@example.test (3 sessions)',
    );
  });

  it('counts the sessions a password change, a reset or a removed factor ended, and says nothing of none', () => {
    expect(describeEvent(event('user.password_changed', { otherSessionsEnded: 2 }), names)).toBe(
      'ada@example.test changed their password, ending 2 other sessions',
    );
    expect(describeEvent(event('user.password_changed', { otherSessionsEnded: 0 }), names)).toBe(
      'ada@example.test changed their password',
    );
    expect(describeEvent(event('user.password_reset_by_email', { sessionsEnded: 1 }), names)).toBe(
      'ada@example.test chose a new password with an e-mailed link, ending 1 session',
    );
    expect(
      describeEvent(event('factor.removed', { kind: 'passkey', remaining: 0, otherSessionsEnded: 1 }), names),
    ).toBe('ada@example.test removed a passkey, ending 1 other session');
    expect(describeEvent(event('factor.added', { kind: 'totp' }), names)).toBe(
      'ada@example.test added an authenticator app',
    );
  });
});
