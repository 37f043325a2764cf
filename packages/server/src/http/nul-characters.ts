import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ApiError } from '../core/errors.js';

const NUL = '\u0000';

/**
 * Refuses any request whose path parameters, query or parsed body hold a NUL character (U+0000), before a
 * handler sees it. No Keyward value may contain one, and PostgreSQL cannot even compare text with one: a
 * lookup by such a value failed there as a database error (a 500) where SQLite found nothing. One rule at the
 * edge, so both databases answer alike: 400 `request.nul_character`, naming where.
 */
export function refuseNulCharacters(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const where = nulIn(request.params, 'path') ?? nulIn(request.query, 'query') ?? nulIn(request.body, 'body');
  done(where ? nulCharacterError(where) : undefined);
}

/** The error for a NUL character found at `where` (e.g. `query client_id`). */
export function nulCharacterError(where: string): ApiError {
  return new ApiError(
    'request.nul_character',
    `the request contains a NUL character (U+0000) in ${where}; no value may contain one, so remove it`,
    { field: where },
  );
}

/**
 * Where in `value` a string (or an object key) with a NUL character is, or undefined. Iterative, so a body of
 * 20,000 nested arrays is walked without exhausting the stack.
 */
function nulIn(value: unknown, root: string): string | undefined {
  const pending: [unknown, string][] = [[value, root]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, path] = next;
    if (typeof node === 'string') {
      if (node.includes(NUL)) return path;
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => void pending.push([item, `${path}[${index}]`]));
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        if (key.includes(NUL)) return `${path} (a field name)`;
        const name = key.slice(0, 64);
        pending.push([item, path === root ? `${root} ${name}` : `${path}.${name}`]);
      }
    }
  }
  return undefined;
}
