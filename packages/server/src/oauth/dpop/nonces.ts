import type { Clock } from '../../core/clock.js';
import { type ServerKey, safeEqual } from '../../core/server-key.js';

/** A nonce is new every five minutes; the previous one stays good, so each lives five to ten minutes. */
const SLOT_MS = 5 * 60_000;

/**
 * Server-provided DPoP nonces (RFC 9449 §8, §9), when KEYWARD_DPOP_NONCE is on: a proof must carry a nonce
 * Keyward gave out recently, so its freshness does not rest on the client's clock. A nonce is the number of a
 * five-minute slot with a keyed MAC of it: every node that shares the server secret makes and accepts the same
 * ones, with nothing stored.
 */
export class DpopNonces {
  constructor(private readonly deps: { serverKey: ServerKey; clock: Clock }) {}

  /** The nonce to hand out now (`DPoP-Nonce`). */
  current(): string {
    return this.#nonceFor(Math.floor(this.deps.clock.now() / SLOT_MS));
  }

  /** Whether `nonce` is the current or the previous slot's. */
  isFresh(nonce: unknown): boolean {
    if (typeof nonce !== 'string' || nonce.length > 64) return false;
    const slot = Math.floor(this.deps.clock.now() / SLOT_MS);
    return safeEqual(nonce, this.#nonceFor(slot)) || safeEqual(nonce, this.#nonceFor(slot - 1));
  }

  #nonceFor(slot: number): string {
    const label = slot.toString(36);
    return `${label}.${this.deps.serverKey.hashSecret('dpop_nonce', label).slice(0, 22)}`;
  }
}
