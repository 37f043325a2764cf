import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  type FetchImplementation,
  type JWTVerifyGetKey,
} from 'jose';
import { checkJwksUri } from '../apps/client-keys.js';
import type { OAuthApp, PublicJwks } from '../apps/store.js';

/** A JWKS is a few KiB; anything much larger is refused unread. */
const MAX_JWKS_BYTES = 64 * 1024;
/** How long a fetch of an app's jwks_uri may take. */
const FETCH_TIMEOUT_MS = 5_000;
/** Keys fetched from a jwks_uri are used this long before they are fetched again. */
const CACHE_MAX_AGE_MS = 10 * 60_000;
/** After a fetch, an unknown kid (a key the app just added) triggers another fetch only after this long. */
const COOLDOWN_MS = 30_000;
const MAX_REMOTE_SETS = 10_000;

/**
 * The public keys of each app that authenticates with private_key_jwt: its inline JWKS, or its jwks_uri fetched
 * with jose's remote key set (cached 10 minutes, refetched when an assertion names an unknown kid but at most
 * every 30 s, 5 s timeout, no redirects, 64 KiB at most). One key set per URL and node.
 */
export class ClientKeySets {
  readonly #inline = new WeakMap<PublicJwks, JWTVerifyGetKey>();
  readonly #remote = new Map<string, JWTVerifyGetKey>();

  constructor(private readonly deps: { issuer: string; fetch?: typeof fetch }) {}

  /** The key resolver for the app's assertions; undefined when it registered no keys. */
  keysOf(app: OAuthApp): JWTVerifyGetKey | undefined {
    if (app.jwks !== null) {
      let set = this.#inline.get(app.jwks);
      if (set === undefined) {
        set = createLocalJWKSet(app.jwks);
        this.#inline.set(app.jwks, set);
      }
      return set;
    }
    if (app.jwksUri === null) return undefined;
    // Checked again at use: the URL was accepted under the issuer of its day.
    const uri = checkJwksUri(app.jwksUri, this.deps.issuer);
    let set = this.#remote.get(uri);
    if (set === undefined) {
      set = createRemoteJWKSet(new URL(uri), {
        timeoutDuration: FETCH_TIMEOUT_MS,
        cacheMaxAge: CACHE_MAX_AGE_MS,
        cooldownDuration: COOLDOWN_MS,
        [customFetch]: this.#boundedFetch,
      });
      if (this.#remote.size >= MAX_REMOTE_SETS)
        this.#remote.delete(this.#remote.keys().next().value as string);
      this.#remote.set(uri, set);
    }
    return set;
  }

  /** jose's fetch, with the answer's size bounded before it is parsed. */
  readonly #boundedFetch: FetchImplementation = async (url, options) => {
    const response = await (this.deps.fetch ?? fetch)(url, options);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_JWKS_BYTES) {
      await response.body?.cancel();
      throw new Error(`${url} answered ${declared} bytes, more than a JWKS needs`);
    }
    const text = await response.text();
    if (text.length > MAX_JWKS_BYTES) throw new Error(`${url} answered more than a JWKS needs`);
    return new Response(text, { status: response.status, headers: response.headers });
  };
}
