import { describeError } from './errors.js';
import { checkUrl, type HttpSettings, requestJson } from './http.js';

/** The parts of Keyward's discovery document (RFC 8414, OpenID Connect Discovery) the verifier uses. */
export interface IssuerMetadata {
  issuer: string;
  jwksUri: string;
  introspectionEndpoint: string | undefined;
}

/**
 * Keyward's metadata from `<issuer>/.well-known/openid-configuration`: fetched on first need (one request in
 * flight), kept for the life of the verifier once it succeeded, and after a failure not asked again for
 * `retryAfterMs`, so a Keyward that is down is not hammered by every incoming request.
 */
export class Discovery {
  #metadata: IssuerMetadata | undefined;
  #inFlight: Promise<IssuerMetadata> | undefined;
  #failure: { at: number; error: Error } | undefined;

  constructor(
    private readonly deps: {
      issuer: string;
      http: HttpSettings;
      now: () => number;
      retryAfterMs: number;
    },
  ) {}

  /** The metadata, or an Error saying why it could not be had. */
  metadata(): Promise<IssuerMetadata> {
    if (this.#metadata) return Promise.resolve(this.#metadata);
    const failure = this.#failure;
    if (failure && this.deps.now() - failure.at < this.deps.retryAfterMs)
      return Promise.reject(failure.error);
    this.#inFlight ??= this.#fetch().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #fetch(): Promise<IssuerMetadata> {
    const { issuer, http } = this.deps;
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    try {
      const document = await requestJson(http, url);
      // RFC 8414 §3.3: the issuer in the document must be identical to the one configured.
      if (document.issuer !== issuer) {
        throw new Error(
          `the discovery document at ${url} names the issuer ${JSON.stringify(document.issuer)}, not ${issuer}; ` +
            'configure the issuer exactly as Keyward reports it (KEYWARD_ISSUER)',
        );
      }
      if (typeof document.jwks_uri !== 'string')
        throw new Error(`the discovery document at ${url} has no jwks_uri`);
      checkUrl('jwks_uri', document.jwks_uri, http.allowInsecureHttp);
      const introspection = document.introspection_endpoint;
      if (typeof introspection === 'string')
        checkUrl('introspection_endpoint', introspection, http.allowInsecureHttp);
      this.#metadata = {
        issuer,
        jwksUri: document.jwks_uri,
        introspectionEndpoint: typeof introspection === 'string' ? introspection : undefined,
      };
      this.#failure = undefined;
      return this.#metadata;
    } catch (error) {
      const wrapped = new Error(`Keyward discovery failed: ${describeError(error)}`, { cause: error });
      this.#failure = { at: this.deps.now(), error: wrapped };
      throw wrapped;
    }
  }
}
