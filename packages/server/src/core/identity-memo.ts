/**
 * Remembers a value computed from cached objects, as long as they are the very same objects. The directories
 * (apps, grants, memberships, the service catalogue) hand out a new object whenever what it describes changes,
 * so an entry can never outlive its inputs; the first object holds the entries weakly, so they go with it.
 * For hot paths that would otherwise recompute the same scopes on every request.
 */
export class IdentityMemo<V> {
  readonly #entries = new WeakMap<object, Map<string, { others: readonly object[]; value: V }>>();

  constructor(private readonly perOwner = 64) {}

  /** The value for `owner` + `others` (compared by identity) + `text`, computed once. `compute` may throw. */
  get(owner: object, others: readonly object[], text: string, compute: () => V): V {
    let forOwner = this.#entries.get(owner);
    const hit = forOwner?.get(text);
    if (hit && hit.others.length === others.length && hit.others.every((other, i) => other === others[i])) {
      return hit.value;
    }
    const value = compute();
    if (!forOwner) {
      forOwner = new Map();
      this.#entries.set(owner, forOwner);
    }
    if (forOwner.size < this.perOwner || forOwner.has(text)) forOwner.set(text, { others, value });
    return value;
  }
}
