import type { SecretKind, SecretLedger } from './ledger.js';

/** Bytes to search: a database dump or a log. */
export interface ScanSource {
  name: string;
  bytes: Buffer;
}

export interface SecretFinding {
  source: string;
  kind: SecretKind;
  origin: string;
  /** Which spelling was found (the value itself, percent-encoded, …). */
  as: string;
  /** The bytes around it, the secret itself masked. */
  context: string;
}

export interface ScanReport {
  secrets: number;
  byKind: Record<string, number>;
  sources: { name: string; bytes: number }[];
  findings: SecretFinding[];
  durationMs: number;
}

/** Shorter needles would match by chance; every secret Keyward issues is far longer. */
const KEY_LENGTH = 12;

interface Needle {
  text: string;
  kind: SecretKind;
  origin: string;
  as: string;
}

/**
 * Looks for every secret of the ledger, in every spelling it may travel in, in every source. One pass per
 * source: each position's next 12 bytes are looked up among the needles' first 12 (a hash lookup), and only a
 * hit is compared in full, so thousands of secrets cost about as much as one.
 */
export function scanForSecrets(ledger: SecretLedger, sources: ScanSource[]): ScanReport {
  const started = Date.now();
  const byKey = new Map<string, Needle[]>();
  for (const needle of needlesOf(ledger)) {
    const key = needle.text.slice(0, KEY_LENGTH);
    const list = byKey.get(key);
    if (list) list.push(needle);
    else byKey.set(key, [needle]);
  }
  const findings: SecretFinding[] = [];
  for (const source of sources) {
    const text = source.bytes.toString('latin1');
    const seen = new Set<string>();
    for (let at = 0; at + KEY_LENGTH <= text.length; at++) {
      const candidates = byKey.get(text.slice(at, at + KEY_LENGTH));
      if (!candidates) continue;
      for (const needle of candidates) {
        if (!text.startsWith(needle.text, at) || seen.has(needle.text)) continue;
        seen.add(needle.text);
        findings.push({
          source: source.name,
          kind: needle.kind,
          origin: needle.origin,
          as: needle.as,
          context: contextAround(text, at, needle.text.length),
        });
      }
    }
  }
  return {
    secrets: ledger.size,
    byKind: ledger.countByKind(),
    sources: sources.map((source) => ({ name: source.name, bytes: source.bytes.length })),
    findings,
    durationMs: Date.now() - started,
  };
}

function needlesOf(ledger: SecretLedger): Needle[] {
  const needles: Needle[] = [];
  for (const entry of ledger.entries()) {
    const spellings: [string, string][] = [
      ['the value', entry.value],
      ['percent-encoded', encodeURIComponent(entry.value)],
      ['form-encoded', new URLSearchParams({ v: entry.value }).toString().slice(2)],
      ['JSON-escaped', JSON.stringify(entry.value).slice(1, -1)],
      ['UTF-8 bytes', Buffer.from(entry.value, 'utf8').toString('latin1')],
      ...entry.alsoAs.map((text): [string, string] => ['as sent in a header', text]),
    ];
    const distinct = new Map<string, string>();
    for (const [as, text] of spellings)
      if (text.length >= KEY_LENGTH && !distinct.has(text)) distinct.set(text, as);
    for (const [text, as] of distinct) needles.push({ text, kind: entry.kind, origin: entry.origin, as });
  }
  return needles;
}

function contextAround(text: string, at: number, length: number): string {
  const before = text.slice(Math.max(0, at - 80), at);
  const after = text.slice(at + length, at + length + 80);
  const printable = (part: string) => part.replace(/[^\x20-\x7e]/g, '.');
  return `${printable(before)}[secret]${printable(after)}`;
}
