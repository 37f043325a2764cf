import type { FastifyError, FastifyRequest } from 'fastify';
import { ApiError } from '../core/errors.js';

/**
 * Dialect routes declare their input as TypeBox schemas, like every route, and a schema node may carry a
 * `refusal`: what to tell a person whose value there was refused, in the dialect's terms and with the shape to
 * send (CSP and OVH clients are written by people reading a message, not a JSON pointer). `{value}` stands for
 * the value that was sent and `{at}` for where it was (`accessRules[0]`). Ajv ignores the keyword (strict mode is off); only this file reads it.
 */
export interface Refusal {
  refusal?: string;
}

type Part = 'body' | 'querystring' | 'params' | 'headers';
type Issue = NonNullable<FastifyError['validation']>[number];

/**
 * The refusal for a schema validation failure of a dialect route: the message of the deepest node on the failing
 * path that carries one, as `request.invalid`. Undefined when the error is not a validation failure, or no node
 * on its path says anything (the generic message then applies).
 */
export function explainRefusal(error: unknown, request: FastifyRequest): ApiError | undefined {
  if (!isValidationFailure(error)) return undefined;
  const part = error.validationContext ?? 'body';
  const schema = request.routeOptions.schema?.[part];
  for (const issue of error.validation) {
    const message = refusalAt(schema, issue);
    if (message === undefined) continue;
    const value = valueAt(dataOf(request, part), issue);
    return new ApiError(
      'request.invalid',
      message.replaceAll('{value}', shown(value)).replaceAll('{at}', placeOf(issue.instancePath)),
    );
  }
  return undefined;
}

function isValidationFailure(
  error: unknown,
): error is { validation: Issue[]; validationContext?: Part | undefined } {
  return (
    typeof error === 'object' && error !== null && 'validation' in error && Array.isArray(error.validation)
  );
}

/** Walks the schema along the issue's schema path; the deepest refusal met wins. */
function refusalAt(schema: unknown, issue: Issue): string | undefined {
  const steps = issue.schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean);
  // A missing property is reported at the object; its own node says what it is for.
  if (issue.keyword === 'required' && typeof issue.params.missingProperty === 'string') {
    steps.splice(-1, 1, 'properties', issue.params.missingProperty);
  }
  let node: unknown = schema;
  let found = refusalOf(node);
  for (const step of steps) {
    node = childOf(node, step);
    if (node === undefined) break;
    found = refusalOf(node) ?? found;
  }
  return found;
}

function valueAt(data: unknown, issue: Issue): unknown {
  let node = data;
  for (const step of issue.instancePath.split('/').slice(1)) {
    node = childOf(node, step.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  if (issue.keyword === 'required' && typeof issue.params.missingProperty === 'string') return undefined;
  return node;
}

function dataOf(request: FastifyRequest, part: Part): unknown {
  if (part === 'querystring') return request.query;
  if (part === 'params') return request.params;
  if (part === 'headers') return request.headers;
  return request.body;
}

function childOf(node: unknown, step: string): unknown {
  if (Array.isArray(node)) return node[Number(step)];
  if (typeof node === 'object' && node !== null && Object.hasOwn(node, step)) {
    return Object.getOwnPropertyDescriptor(node, step)?.value;
  }
  return undefined;
}

function refusalOf(node: unknown): string | undefined {
  const refusal = childOf(node, 'refusal');
  return typeof refusal === 'string' ? refusal : undefined;
}

/** `/accessRules/0/path` → `accessRules[0].path`. */
function placeOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((step) => (/^\d+$/.test(step) ? `[${step}]` : `.${step}`))
    .join('')
    .replace(/^\./, '');
}

/** The value sent, short enough for a message. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
