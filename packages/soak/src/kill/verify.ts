import {
  basicAuth,
  clientCredentials,
  currentCredential,
  exchangeApiToken,
  type IssuedApp,
  refresh,
  signIn,
} from '../credentials.js';
import { send } from '../http.js';
import type { SecretLedger } from '../ledger.js';
import type { CredentialBook, CredentialRecord } from './book.js';

export interface VerifyContext {
  base: string;
  orgId: string;
  /** An app whose secret the load never touches: it introspects access tokens. */
  introspector: IssuedApp;
  ledger: SecretLedger;
  label: string;
}

/**
 * Checks each record against what its answers promised, a few at a time: a valid credential still works
 * after the restart, a revoked one is still refused. Returns one line per broken promise.
 */
export async function verifyRecords(
  context: VerifyContext,
  book: CredentialBook,
  records: CredentialRecord[],
  parallel = 4,
): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < records.length) {
      const record = records[next++] as CredentialRecord;
      const expect = book.expectationOf(record);
      try {
        const problem = await check(context, record, expect === 'valid');
        if (problem) failures.push(`${record.kind} (cycle ${record.cycle}, expected ${expect}): ${problem}`);
      } catch (error) {
        failures.push(`${record.kind} (cycle ${record.cycle}): the check failed: ${String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return failures;
}

/** null when the credential behaves as expected, else what it did. */
async function check(
  context: VerifyContext,
  record: CredentialRecord,
  valid: boolean,
): Promise<string | null> {
  const { base } = context;
  switch (record.kind) {
    case 'api_token': {
      const answer = await exchangeApiToken(base, record.value);
      return valid === (answer.status === 200) && (valid || answer.status === 400)
        ? null
        : describe('exchange', answer);
    }
    case 'client_secret': {
      const answer = await clientCredentials(base, record.app, context.orgId);
      return valid === (answer.status === 200) && (valid || answer.status === 401)
        ? null
        : describe('client_credentials', answer);
    }
    case 'access_token': {
      const answer = await send(base, 'POST', '/oauth/introspect', {
        headers: { authorization: basicAuth(context.introspector.id, context.introspector.secret) },
        form: { token: record.value },
      });
      if (answer.status !== 200) return describe('introspection', answer);
      return answer.json<{ active: boolean }>().active === valid ? null : describe('introspection', answer);
    }
    case 'consumer_key': {
      const answer = await currentCredential(base, record.keys);
      const status = answer.status === 200 ? answer.json<{ status?: string }>().status : undefined;
      return (status === 'validated') === valid
        ? null
        : describe('signed GET /1.0/auth/currentCredential', answer);
    }
    case 'password': {
      const signedIn = await signIn(base, record.user, context.ledger).then(
        () => true,
        () => false,
      );
      return signedIn === valid ? null : `sign-in ${signedIn ? 'succeeded' : 'failed'}`;
    }
    case 'refresh_token': {
      if (!valid) return null; // a spent refresh token is never presented again: it would revoke the grant
      const answer = await refresh(base, record.app, record.value);
      if (answer.status !== 200) return describe('refresh', answer);
      record.value = answer.json<{ refresh_token: string }>().refresh_token;
      context.ledger.add('refresh_token', record.value, `${context.label}: check`);
      context.ledger.add(
        'access_token',
        answer.json<{ access_token: string }>().access_token,
        `${context.label}: check`,
      );
      return null;
    }
  }
}

function describe(what: string, answer: { status: number; text: string }): string {
  return `${what} answered ${answer.status} ${answer.text.slice(0, 200)}`;
}
