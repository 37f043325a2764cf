/** An OVH-style access rule of a consumer key: a method and a path pattern where `*` spans any characters. */
export interface AccessRule {
  method: string;
  path: string;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * Whether one of `rules` allows `method` on `path`, as Keyward matches them: `*` stands for any run of
 * characters, `/` included (`GET /billing/*` allows `GET /billing/2026/11`); a rule without `*` allows exactly
 * its path, never what lies below it. The path is normalized first (see `normalizeRulePath`); a path with a `.`
 * or `..` segment matches nothing.
 */
export function rulesAllow(rules: readonly AccessRule[], method: string, path: string): boolean {
  const normalized = normalizeRulePath(path);
  if (normalized === null) return false;
  const wanted = method.toUpperCase();
  return rules.some((rule) => rule.method.toUpperCase() === wanted && patternOf(rule.path).test(normalized));
}

/**
 * A request path as rules see it: no query string, percent-escapes of unreserved characters decoded and the
 * others upper-cased (RFC 3986 §6.2.2), no trailing slash; null when it has a `.` or `..` segment.
 */
export function normalizeRulePath(target: string): string | null {
  const query = target.indexOf('?');
  let path = query === -1 ? target : target.slice(0, query);
  if (!path.startsWith('/')) return null;
  path = path.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '') || '/';
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) return null;
  return path;
}

const patterns = new Map<string, RegExp>();

function patternOf(path: string): RegExp {
  let pattern = patterns.get(path);
  if (pattern === undefined) {
    const parts = path.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    pattern = new RegExp(`^${parts.join('.*')}$`, 's');
    if (patterns.size >= 10_000) patterns.clear();
    patterns.set(path, pattern);
  }
  return pattern;
}
