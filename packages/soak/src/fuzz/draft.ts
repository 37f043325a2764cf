import type { Rand } from '../random.js';
import type { RawRequest } from './raw.js';
import type { BaseRequest } from './targets.js';

/** A request on its way to bytes: the base request, and what the mutations changed around it. */
export interface Draft {
  base: BaseRequest;
  port: number;
  /** Query text appended as is (no escaping). */
  rawQuery: string[];
  /** A body that replaces the serialized one. */
  rawBody?: Buffer;
  /** Content-Type to send instead of the body's own (null: none). */
  contentType?: string | null;
  version: string;
  headers: [string, string][];
  host: string | null;
  /** Valid credentials, one field changed (before signing, so a signature still covers the change). */
  mutateCredentials: boolean;
  /** Garbage credentials instead of the target's. */
  garbageAuth: [string, string][] | null;
  /** Signature left as computed before the last change, or replaced. */
  spoilSignature: boolean;
  abandonAfter?: number;
  framing?: (request: RawRequest) => void;
}

export type Mutation = (draft: Draft, rand: Rand) => void;

export function serializeBody(base: BaseRequest): Buffer {
  if (base.body.kind === 'json') return Buffer.from(JSON.stringify(base.body.value) ?? '', 'utf8');
  if (base.body.kind === 'form') return Buffer.from(new URLSearchParams(base.body.fields).toString(), 'utf8');
  return Buffer.alloc(0);
}

export function defaultContentType(base: BaseRequest): string | null {
  if (base.body.kind === 'json') return 'application/json';
  if (base.body.kind === 'form') return 'application/x-www-form-urlencoded';
  return null;
}

export function bodyBytes(draft: Draft): Buffer {
  return draft.rawBody ?? serializeBody(draft.base);
}
