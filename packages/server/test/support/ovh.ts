import { createHash } from 'node:crypto';
import type { Container } from '../../src/container.js';
import type { Caller } from '../../src/core/principal.js';

/** A user acting through a console session, for calling services directly in tests. */
export function userCaller(userId: string): Caller {
  return {
    principal: {
      kind: 'user',
      subjectId: userId,
      orgId: null,
      platformRoles: [],
      credential: { type: 'session', id: 'test-session' },
      scope: null,
    },
    ip: '127.0.0.1',
    requestId: 'test',
  };
}

/**
 * The four X-Ovh-* headers of a signed call, computed here independently of Keyward's code, exactly as the
 * python and go clients do (docs/wire/ovh.md#signature): `"$1$" + sha1hex(AS+CK+METHOD+URL+BODY+TS)`.
 */
export function ovhHeaders(parts: {
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  method: string;
  url: string;
  body?: string;
  timestamp: number;
}): Record<string, string> {
  const timestamp = String(parts.timestamp);
  const signature = createHash('sha1')
    .update(
      [parts.applicationSecret, parts.consumerKey, parts.method, parts.url, parts.body ?? '', timestamp].join(
        '+',
      ),
    )
    .digest('hex');
  return {
    'x-ovh-application': parts.applicationKey,
    'x-ovh-consumer': parts.consumerKey,
    'x-ovh-timestamp': timestamp,
    'x-ovh-signature': `$1$${signature}`,
  };
}

export interface GrantedKey {
  applicationId: number;
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  credentialId: number;
}

/**
 * An application owned by `developerId` and a consumer key for it with `rules`, validated by `userId` (the
 * way the validation page does it), for tests about what a signed call may do rather than how it was granted.
 */
export async function grantConsumerKey(
  container: Container,
  options: {
    developerId: string;
    userId: string;
    rules: { method: string; path: string }[];
    validitySeconds?: number | null;
    allowedIPs?: string[] | null;
    validate?: boolean;
  },
): Promise<GrantedKey> {
  const { app, applicationSecret } = await container.consumerKeys.createApp(userCaller(options.developerId), {
    name: 'Test application',
    description: 'made by a test',
  });
  const requested = await container.credentialRequests.requestCredential(
    app.appKey,
    { accessRules: options.rules, allowedIPs: options.allowedIPs ?? null },
    { ip: '127.0.0.1', requestId: 'test' },
  );
  const token = new URL(requested.validationUrl).searchParams.get('credentialToken') ?? '';
  const pending = await container.credentialRequests.pendingRequest(token);
  if (options.validate !== false) {
    await container.credentialRequests.decide(userCaller(options.userId), token, {
      approve: true,
      validitySeconds: options.validitySeconds === undefined ? 86_400 : options.validitySeconds,
    });
  }
  return {
    applicationId: app.id,
    applicationKey: app.appKey,
    applicationSecret,
    consumerKey: requested.consumerKey,
    credentialId: pending.credential.id,
  };
}
