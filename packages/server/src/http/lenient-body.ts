import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../core/errors.js';

/**
 * Token endpoints take what real clients send (docs/wire/csp.md#lenient-bodies): forms, JSON bodies, an empty
 * body with a JSON content type and the parameters in the query string, and content types such as
 * "application/x-www-form-urlencoded/" (sic, from CSP's own documentation). Registered per plugin scope.
 */
export function acceptLenientBodies(scope: FastifyInstance, bodyLimit: number): void {
  // Fastify refuses a malformed media type (415) before any parser sees it; mend the one clients really send.
  scope.addHook('onRequest', (request, _reply, done) => {
    const contentType = request.headers['content-type'];
    if (contentType !== undefined) request.headers['content-type'] = mendContentType(contentType);
    done();
  });
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (request, body, done) => {
    try {
      done(null, parseLenient(request.headers['content-type'] ?? '', String(body)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** "application/x-www-form-urlencoded/" → "application/x-www-form-urlencoded" (a trailing slash on the subtype). */
export function mendContentType(value: string): string {
  return value.replace(/^(\s*[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+)\/+/, '$1');
}

function parseLenient(contentType: string, text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (/json/i.test(contentType) || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new ApiError('request.malformed_body', 'the body is not valid JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ApiError('request.malformed_body', 'the JSON body must be an object');
    }
    return parsed as Record<string, unknown>;
  }
  // A repeated parameter keeps all its values: `parameter` refuses it (RFC 6749 §3.2: no choosing between
  // values), `parameterValues` reads the few that may repeat (RFC 8707 `resource`).
  const form: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(trimmed)) {
    const seen = form[key];
    form[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return form;
}

/** A string parameter from the body, else from the query string; undefined when absent. */
export function parameter(request: FastifyRequest, name: string, maxLength = 4096): string | undefined {
  const value = rawParameter(request, name);
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value))
    throw new ApiError('request.invalid', `the parameter ${name} appears more than once`);
  if (typeof value !== 'string') throw new ApiError('request.invalid', `${name} must be a string`);
  if (value.length > maxLength)
    throw new ApiError('request.invalid', `${name} is longer than ${maxLength} characters`);
  return value;
}

/** Every value of a parameter that may repeat, from the body, else the query string (a JSON body may use an array). */
export function parameterValues(request: FastifyRequest, name: string, maxLength = 4096): string[] {
  const value = rawParameter(request, name);
  const values = (Array.isArray(value) ? value : [value]).filter(
    (item) => item !== undefined && item !== null && item !== '',
  );
  for (const item of values) {
    if (typeof item !== 'string') throw new ApiError('request.invalid', `${name} must be a string`);
    if (item.length > maxLength)
      throw new ApiError('request.invalid', `${name} is longer than ${maxLength} characters`);
  }
  return values as string[];
}

function rawParameter(request: FastifyRequest, name: string): unknown {
  const fromBody = (request.body as Record<string, unknown> | undefined)?.[name];
  return fromBody ?? (request.query as Record<string, unknown> | undefined)?.[name];
}
