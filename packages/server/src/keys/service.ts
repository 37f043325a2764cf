import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { auditEvent } from '../audit/service.js';
import type { AuditStore } from '../audit/store.js';
import { MAX_JWT_TTL_SECONDS, type SigningAlg } from '../config/load.js';
import type { Clock } from '../core/clock.js';
import type { Caller } from '../core/principal.js';
import type { ServerKey } from '../core/server-key.js';
import type { Transactional } from '../storage/transactional.js';
import type { SigningKeyStore, StoredSigningKey } from './store.js';

/** The stores the key ring reads and writes. */
export interface SigningKeyStores {
  signingKeys: SigningKeyStore;
  audit: AuditStore;
}

export interface PublicKeyInfo {
  kid: string;
  alg: SigningAlg;
  createdAt: number;
  retiredAt: number | null;
  /** Until when it stays in the JWKS (null while it is the active key). */
  publishedUntil: number | null;
}

interface ActiveKey {
  kid: string;
  alg: SigningAlg;
  privateKey: KeyObject;
}

interface Snapshot {
  loadedAt: number;
  active: ActiveKey;
  jwks: { keys: JWK[] };
  activePem: string;
  /** Every published key, for verifying Keyward's own tokens. */
  verifiers: Map<string, { alg: SigningAlg; key: KeyObject }>;
}

/** A JWT whose signature checked out against a published key. Claims are not validated here. */
export interface VerifiedJwt {
  header: { alg: string; kid: string; typ?: string };
  payload: Record<string, unknown>;
}

/** Tokens longer than this are refused before any parsing. */
const MAX_JWT_LENGTH = 16 * 1024;

/** Other nodes see a rotation within this long (docs/architecture.md#hot-paths). */
const RELOAD_AFTER_MS = 2000;

/**
 * The signing keys: one active key signs, recently retired keys stay published until every token they signed
 * has expired. Private keys are sealed at rest with the server key and opened only here.
 * Signing is synchronous node:crypto on a cached KeyObject: no database access on the hot path.
 */
export class KeyRing {
  #snapshot: Snapshot | undefined;
  #reloading: Promise<void> | undefined;
  readonly #headers = new Map<string, string>();

  constructor(
    private readonly deps: { storage: Transactional<SigningKeyStores>; clock: Clock; serverKey: ServerKey },
  ) {}

  /**
   * Makes sure an active key of `alg` exists (first start, or a changed KEYWARD_SIGNING_ALG), then loads the ring.
   * Run under the start-up lock so two nodes never both create one.
   */
  async ensureActiveKey(alg: SigningAlg, caller: Caller): Promise<{ created: PublicKeyInfo | null }> {
    const keys = await this.deps.storage.stores.signingKeys.list();
    const active = keys.find((key) => key.retiredAt === null);
    const created = active?.alg === alg ? null : await this.rotate(caller, alg);
    await this.reload();
    return { created };
  }

  /** Adds a new active key; the previous one is retired but stays published (`keyward keys rotate`). */
  async rotate(caller: Caller, alg: SigningAlg): Promise<PublicKeyInfo> {
    const now = this.deps.clock.now();
    const key = await generateSigningKey(alg, now, this.deps.serverKey);
    await this.deps.storage.transaction(async (stores) => {
      await stores.signingKeys.insert(key);
      await stores.signingKeys.retireOthers(key.kid, now);
      await stores.audit.insert([
        auditEvent(caller, now, {
          action: 'signing_key.rotated',
          target: { kind: 'signing_key', id: key.kid },
          details: { alg },
        }),
      ]);
    });
    await this.reload();
    return describe(key);
  }

  async list(): Promise<PublicKeyInfo[]> {
    return (await this.deps.storage.stores.signingKeys.list()).map(describe);
  }

  /** Deletes keys retired long enough ago that no token they signed can still be valid. */
  async pruneRetired(): Promise<number> {
    return this.deps.storage.stores.signingKeys.deleteRetiredBefore(
      this.deps.clock.now() - MAX_JWT_TTL_SECONDS * 1000,
    );
  }

  /** Reads the ring from the database now. */
  async reload(): Promise<void> {
    const now = this.deps.clock.now();
    const published = await this.deps.storage.stores.signingKeys.listPublished(
      now - MAX_JWT_TTL_SECONDS * 1000,
    );
    const active = published.find((key) => key.retiredAt === null);
    if (!active) throw new Error('no active signing key; run `keyward migrate` or start the server once');
    const publicKey = createPublicKey({ key: active.publicJwk as JsonWebKey, format: 'jwk' });
    this.#snapshot = {
      loadedAt: now,
      active: {
        kid: active.kid,
        alg: active.alg as SigningAlg,
        privateKey: createPrivateKey(
          this.deps.serverKey.decrypt(active.privateEnc, `signing-key:${active.kid}`),
        ),
      },
      jwks: { keys: published.map((key) => key.publicJwk as JWK) },
      activePem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      verifiers: new Map(
        published.map((key) => [
          key.kid,
          {
            alg: key.alg as SigningAlg,
            key: createPublicKey({ key: key.publicJwk as JsonWebKey, format: 'jwk' }),
          },
        ]),
      ),
    };
  }

  /** The published keys as a JWKS (RFC 7517). */
  jwks(): { keys: JWK[] } {
    return this.#current().jwks;
  }

  /** PEM (SPKI) of the active public key, for CSP's deprecated `format=pem`. */
  activePublicPem(): { alg: SigningAlg; pem: string } {
    const snapshot = this.#current();
    return { alg: snapshot.active.alg, pem: snapshot.activePem };
  }

  activeAlg(): SigningAlg {
    return this.#current().active.alg;
  }

  /** Signs `payload` as a compact JWS with the active key. `typ` is e.g. `at+jwt` (RFC 9068) or `JWT`. */
  signJwt(payload: Record<string, unknown>, typ: string): string {
    const { kid, alg, privateKey } = this.#current().active;
    // The encoded header depends on the key and the type only: made once each.
    const headerKey = `${kid} ${typ}`;
    let header = this.#headers.get(headerKey);
    if (header === undefined) {
      header = Buffer.from(JSON.stringify({ alg, typ, kid })).toString('base64url');
      if (this.#headers.size > 64) this.#headers.clear();
      this.#headers.set(headerKey, header);
    }
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const input = Buffer.from(`${header}.${body}`);
    const signature =
      alg === 'ES256'
        ? sign('sha256', input, { key: privateKey, dsaEncoding: 'ieee-p1363' })
        : alg === 'RS256'
          ? sign('sha256', input, privateKey)
          : sign(null, input, privateKey);
    return `${header}.${body}.${signature.toString('base64url')}`;
  }

  /**
   * Checks the signature of a compact JWS against the published keys, with synchronous node:crypto.
   * An unknown kid triggers one reload first (another node may have just rotated). Returns undefined for
   * anything malformed, unsigned by us, or signed with an algorithm other than its key's.
   */
  async verifyJwt(token: string): Promise<VerifiedJwt | undefined> {
    if (token.length > MAX_JWT_LENGTH) return undefined;
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [headerText, payloadText, signatureText] = parts as [string, string, string];
    const header = parseJsonSegment(headerText);
    if (!header || typeof header.kid !== 'string' || typeof header.alg !== 'string') return undefined;
    let verifier = this.#current().verifiers.get(header.kid);
    if (!verifier && this.deps.clock.now() - (this.#snapshot?.loadedAt ?? 0) > 1000) {
      await this.reload();
      verifier = this.#current().verifiers.get(header.kid);
    }
    // The algorithm is the key's, never the header's choice (RFC 8725 §3.1).
    if (!verifier || verifier.alg !== header.alg) return undefined;
    const input = Buffer.from(`${headerText}.${payloadText}`);
    const signature = Buffer.from(signatureText, 'base64url');
    const valid =
      verifier.alg === 'ES256'
        ? verify('sha256', input, { key: verifier.key, dsaEncoding: 'ieee-p1363' }, signature)
        : verifier.alg === 'RS256'
          ? verify('sha256', input, verifier.key, signature)
          : verify(null, input, verifier.key, signature);
    if (!valid) return undefined;
    const payload = parseJsonSegment(payloadText);
    return payload ? { header: header as VerifiedJwt['header'], payload } : undefined;
  }

  #current(): Snapshot {
    const snapshot = this.#snapshot;
    if (!snapshot) throw new TypeError('KeyRing used before reload()');
    if (this.deps.clock.now() - snapshot.loadedAt > RELOAD_AFTER_MS && !this.#reloading) {
      // Serve the cached ring now; pick up rotations from other nodes in the background.
      this.#reloading = this.reload()
        .catch(() => {})
        .finally(() => {
          this.#reloading = undefined;
        });
    }
    return snapshot;
  }
}

async function generateSigningKey(
  alg: SigningAlg,
  now: number,
  serverKey: ServerKey,
): Promise<StoredSigningKey> {
  const { publicKey, privateKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : alg === 'RS256'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  // RFC 7638 thumbprint as kid: stable, derived from the key itself.
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    kid,
    alg,
    privateEnc: serverKey.encrypt(pem, `signing-key:${kid}`),
    publicJwk: { ...jwk, kid, alg, use: 'sig' },
    createdAt: now,
    retiredAt: null,
  };
}

function describe(key: StoredSigningKey): PublicKeyInfo {
  return {
    kid: key.kid,
    alg: key.alg as SigningAlg,
    createdAt: key.createdAt,
    retiredAt: key.retiredAt,
    publishedUntil: key.retiredAt === null ? null : key.retiredAt + MAX_JWT_TTL_SECONDS * 1000,
  };
}

function parseJsonSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
