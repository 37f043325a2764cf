import { describe, expect, it } from 'vitest';
import { requireUser } from './authorize.js';
import { isApiError } from './errors.js';
import { type Caller, type Principal, systemCaller } from './principal.js';

const callerOf = (kind: Principal['kind'], subjectId: string): Caller => ({
  principal: {
    kind,
    subjectId,
    orgId: null,
    platformRoles: [],
    credential: { type: kind === 'app' ? 'access_token' : 'session', id: 'c1' },
    scope: null,
  },
  ip: null,
  requestId: null,
});

describe('requireUser', () => {
  it('lets a user through and gives their id', () => {
    expect(requireUser(callerOf('user', 'u1'), 'refused')).toBe('u1');
  });

  it('refuses an app, the command line and nobody with auth.forbidden and the refusal given', () => {
    for (const caller of [
      callerOf('app', 'billing'),
      systemCaller('cli:root'),
      callerOf('anonymous', 'anonymous'),
    ]) {
      let thrown: unknown;
      try {
        requireUser(caller, 'consents belong to users');
      } catch (error) {
        thrown = error;
      }
      expect(isApiError(thrown) && thrown.code).toBe('auth.forbidden');
      expect((thrown as Error).message).toBe('consents belong to users');
    }
  });
});
