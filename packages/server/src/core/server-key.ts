import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Everything derived from KEYWARD_SECRET. Each use gets its own subkey (HKDF-SHA-256 with a distinct label),
 * so a leak of one derived value says nothing about the others.
 */
export class ServerKey {
  readonly #pepper: Buffer;
  readonly #encryption: Buffer;
  readonly #csrf: Buffer;
  readonly #check: Buffer;

  constructor(secret: string) {
    if (secret.length < 32) throw new TypeError('the server secret must be at least 32 characters');
    const ikm = Buffer.from(secret, 'utf8');
    const derive = (label: string) =>
      Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), `keyward/${label}/v1`, 32));
    this.#pepper = derive('secret-hash');
    this.#encryption = derive('encryption-at-rest');
    this.#csrf = derive('csrf');
    this.#check = derive('check');
  }

  /**
   * Keyed hash of a high-entropy machine secret (API token, client secret, session id…), base64url.
   * `purpose` separates credential types so a value of one kind never matches a hash of another.
   */
  hashSecret(purpose: string, value: string): string {
    // One update of `purpose\0value`: the same bytes as three updates, with less work on the hot path.
    return createHmac('sha256', this.#pepper).update(`${purpose}\0${value}`).digest('base64url');
  }

  /** The CSRF token of a session: HMAC of the session id, so it needs no storage of its own. */
  csrfTokenFor(sessionId: string): string {
    return createHmac('sha256', this.#csrf).update(sessionId).digest('base64url');
  }

  /** A value stored in the database at set-up, so a node started with another secret is stopped at once. */
  checkValue(): string {
    return createHmac('sha256', this.#check).update('keyward server secret check').digest('base64url');
  }

  /** AES-256-GCM; `context` is bound as additional data, so a ciphertext moved to another row will not open. */
  encrypt(plaintext: string | Buffer, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#encryption, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return [
      'v1',
      iv.toString('base64url'),
      Buffer.concat([body, cipher.getAuthTag()]).toString('base64url'),
    ].join('.');
  }

  decrypt(sealed: string, context: string): Buffer {
    const [version, ivText, bodyText] = sealed.split('.');
    if (version !== 'v1' || !ivText || !bodyText) throw new TypeError('not a Keyward v1 ciphertext');
    const body = Buffer.from(bodyText, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.#encryption, Buffer.from(ivText, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
  }
}

/** Constant-time string comparison that tolerates different lengths (timingSafeEqual alone throws on them). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    // Still spend the comparison, so the length is the only thing the timing reveals.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
