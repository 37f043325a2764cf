import type { AccessRule, HttpMethod } from './store.js';

export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];
export const MAX_RULES = 200;
export const MAX_RULE_PATH_LENGTH = 512;

/**
 * Access-rule matching (docs/wire/ovh.md#access-rules): a rule is a method, a path; `*` stands for any run of
 * characters, `/` included, so `GET /domain/zone/*` allows `GET /domain/zone/a/record/1`. A rule without `*`
 * allows exactly its path, never what lies below it. Paths are compared relative to the API version prefix.
 */
export class RuleMatcher {
  readonly #byMethod = new Map<string, RegExp[]>();
  readonly #everything = new Set<string>();

  constructor(readonly rules: readonly AccessRule[]) {
    for (const rule of rules) {
      if (rule.path === '/*') this.#everything.add(rule.method);
      const list = this.#byMethod.get(rule.method) ?? [];
      list.push(patternOf(rule.path));
      this.#byMethod.set(rule.method, list);
    }
  }

  /** Whether a rule allows `method` on `path` (relative to the version prefix, normalized by `rulePath`). */
  allows(method: string, path: string): boolean {
    if (this.#everything.has(method)) return true;
    const patterns = this.#byMethod.get(method);
    return patterns?.some((pattern) => pattern.test(path)) ?? false;
  }
}

function patternOf(path: string): RegExp {
  const parts = path.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's');
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * The path a rule is matched against: the request target without its query string and version prefix
 * (`/1.0/me` → `/me`, `/api/v1/orgs` → `/orgs`), with percent-escapes of unreserved characters decoded and
 * other escapes upper-cased (RFC 3986 §6.2.2), and no trailing slash. An escaped `/` stays escaped, so it
 * can never split a segment to satisfy a rule. Returns null when the path has a `.` or `..` segment (plain or
 * escaped): such a path matches no rule.
 */
export function rulePath(target: string, prefix: string): string | null {
  const query = target.indexOf('?');
  let path = query === -1 ? target : target.slice(0, query);
  if (path === prefix) path = '/';
  else if (path.startsWith(`${prefix}/`)) path = path.slice(prefix.length);
  else return null;
  path = path.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '') || '/';
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) return null;
  return path;
}

/** A rule as a person reads it on the validation page: "read everything under /me/". */
export function describeRule(rule: AccessRule): string {
  const verb = { GET: 'read', POST: 'create', PUT: 'change', DELETE: 'delete' }[rule.method];
  const { path } = rule;
  if (path === '/*') return `${verb} everything in your account`;
  const stars = path.split('*').length - 1;
  if (stars === 0) return `${verb} ${path} (this path only)`;
  if (stars === 1 && path.endsWith('/*')) return `${verb} everything under ${path.slice(0, -1)}`;
  return `${verb} every path matching ${path} (* stands for any text)`;
}

/** Rule problems a person can act on; empty when the rules are fine. Rules are normalized in place. */
export function normalizeRules(input: readonly { method: string; path: string }[]): {
  rules: AccessRule[];
  problems: string[];
} {
  const problems: string[] = [];
  if (input.length === 0) problems.push('accessRules is empty: ask for at least one {method, path} rule');
  if (input.length > MAX_RULES)
    problems.push(`accessRules has ${input.length} rules; at most ${MAX_RULES} are allowed`);
  const seen = new Set<string>();
  const rules: AccessRule[] = [];
  input.forEach((rule, index) => {
    const method = rule.method.toUpperCase();
    if (!(HTTP_METHODS as readonly string[]).includes(method)) {
      problems.push(
        `accessRules[${index}].method is "${rule.method}"; use one of ${HTTP_METHODS.join(', ')}`,
      );
      return;
    }
    const path = rule.path;
    if (!path.startsWith('/')) {
      problems.push(`accessRules[${index}].path must start with "/" (e.g. "/me" or "/*")`);
      return;
    }
    if (path.length > MAX_RULE_PATH_LENGTH) {
      problems.push(`accessRules[${index}].path is longer than ${MAX_RULE_PATH_LENGTH} characters`);
      return;
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    if (/[\s\u0000-\u001f\u007f?#]/.test(path)) {
      problems.push(
        `accessRules[${index}].path contains a space, control character, "?" or "#"; a rule is a path only`,
      );
      return;
    }
    const key = `${method} ${path}`;
    if (seen.has(key)) return;
    seen.add(key);
    rules.push({ method: method as HttpMethod, path });
  });
  return { rules, problems };
}
