/**
 * Discovery metadata assembled from what is actually mounted: each feature registers its endpoints and
 * capabilities when its routes are registered, so the document never lists an endpoint that does not exist.
 */
export class DiscoveryRegistry {
  readonly #endpoints = new Map<string, string>();
  readonly #lists = new Map<string, string[]>();
  readonly #values = new Map<string, string | number | boolean>();

  /** `name` is the metadata field (`token_endpoint`, `jwks_uri`…); `path` is relative to the issuer. */
  endpoint(name: string, path: string): void {
    this.#endpoints.set(name, path);
  }

  /** Adds values to a `*_supported` list, keeping the first order and no duplicates. */
  support(name: string, ...values: string[]): void {
    const list = this.#lists.get(name) ?? [];
    for (const value of values) if (!list.includes(value)) list.push(value);
    this.#lists.set(name, list);
  }

  /** Sets a single-valued field, e.g. `authorization_response_iss_parameter_supported: true` (RFC 9207 §3). */
  set(name: string, value: string | number | boolean): void {
    this.#values.set(name, value);
  }

  document(issuer: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const document: Record<string, unknown> = { issuer };
    for (const [name, path] of this.#endpoints) document[name] = `${issuer}${path}`;
    for (const [name, values] of this.#lists) document[name] = [...values];
    for (const [name, value] of this.#values) document[name] = value;
    return { ...document, ...extra };
  }
}
