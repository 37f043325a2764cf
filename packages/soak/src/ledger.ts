/** The kinds of secret a Keyward server hands out (or is handed) that must never appear in clear at rest or in logs. */
export type SecretKind =
  | 'password'
  | 'server_secret'
  | 'api_token'
  | 'access_token'
  | 'id_token'
  | 'client_secret'
  | 'authorization_code'
  | 'refresh_token'
  | 'consumer_secret'
  | 'consumer_key'
  | 'validation_token'
  | 'session'
  | 'csrf_token';

export interface SecretEntry {
  kind: SecretKind;
  value: string;
  /** Where it came from, for the report ("kill sqlite cycle 3: API token generated"). */
  origin: string;
  /** Other spellings it may travel in (e.g. HTTP Basic's base64 of `id:secret`). */
  alsoAs: string[];
}

/** Every secret issued during a run, collected as it is answered, for the scan at the end. */
export class SecretLedger {
  readonly #entries = new Map<string, SecretEntry>();

  add(kind: SecretKind, value: string | null | undefined, origin: string, alsoAs: string[] = []): void {
    if (!value) return;
    const known = this.#entries.get(value);
    if (known) {
      known.alsoAs.push(...alsoAs);
      return;
    }
    this.#entries.set(value, { kind, value, origin, alsoAs: [...alsoAs] });
  }

  entries(): SecretEntry[] {
    return [...this.#entries.values()];
  }

  get size(): number {
    return this.#entries.size;
  }

  countByKind(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.#entries.values()) counts[entry.kind] = (counts[entry.kind] ?? 0) + 1;
    return counts;
  }
}
