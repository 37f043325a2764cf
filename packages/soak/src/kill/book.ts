import type { IssuedApp, Operator } from '../credentials.js';
import type { OvhKeys } from '../http.js';

/**
 * What a credential must do after a restart, as far as the answers seen allow: `valid` (answered 2xx, nothing
 * answered since undid it), `revoked` (a revocation was answered 2xx), or `unknown` (a request that could have
 * changed it got no answer before the kill: either outcome is correct).
 */
export type Expectation = 'valid' | 'revoked' | 'unknown';

interface Tracked {
  expect: Expectation;
  /** The cycle in which it was issued or last changed: checked after that cycle's restart. */
  cycle: number;
}

export interface ApiTokenRecord extends Tracked {
  kind: 'api_token';
  id: string;
  value: string;
}

export interface ClientSecretRecord extends Tracked {
  kind: 'client_secret';
  app: IssuedApp;
}

/**
 * An access token stays active exactly while its source does: the API token it was exchanged from, or the client
 * secret an app got it with (a regenerated secret ends the tokens of every earlier one; a rotation ends none).
 */
export interface AccessTokenRecord extends Tracked {
  kind: 'access_token';
  value: string;
  source: ApiTokenRecord | ClientSecretRecord | null;
}

export interface ConsumerKeyRecord extends Tracked {
  kind: 'consumer_key';
  keys: OvhKeys;
}

export interface PasswordRecord extends Tracked {
  kind: 'password';
  user: Operator;
}

export interface RefreshTokenRecord extends Tracked {
  kind: 'refresh_token';
  app: IssuedApp;
  value: string;
}

export type CredentialRecord =
  | ApiTokenRecord
  | ClientSecretRecord
  | AccessTokenRecord
  | ConsumerKeyRecord
  | PasswordRecord
  | RefreshTokenRecord;

/** A record as the load writes it; the book stamps the cycle. */
type NewRecord<T> = T extends CredentialRecord ? Omit<T, 'cycle'> : never;

/** Every credential the load was answered 2xx for, and what each must do after a restart. */
export class CredentialBook {
  readonly records: CredentialRecord[] = [];
  cycle = 0;

  add<T extends CredentialRecord = CredentialRecord>(record: NewRecord<T>): T {
    const full = { ...record, cycle: this.cycle } as unknown as T;
    this.records.push(full);
    return full;
  }

  /** Marks a change to `record`: it is checked after this cycle's restart. */
  change(record: CredentialRecord, expect: Expectation): void {
    record.expect = expect;
    record.cycle = this.cycle;
  }

  /** What `record` must do now: an access token follows the credential it came from. */
  expectationOf(record: CredentialRecord): Expectation {
    return record.kind === 'access_token' && record.source ? record.source.expect : record.expect;
  }

  /** Records issued or changed in `cycle` (all of them without one) whose expectation is known. */
  toCheck(cycle?: number): CredentialRecord[] {
    const changedIn = (record: CredentialRecord) =>
      record.cycle === cycle || (record.kind === 'access_token' && record.source?.cycle === cycle);
    return this.records.filter(
      (record) => this.expectationOf(record) !== 'unknown' && (cycle === undefined || changedIn(record)),
    );
  }

  countByKind(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const record of this.records) counts[record.kind] = (counts[record.kind] ?? 0) + 1;
    return counts;
  }
}
