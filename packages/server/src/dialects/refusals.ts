import type { FastifyError, FastifyRequest } from 'fastify';
import { ApiError } from '../core/errors.js';

/*
 * Dialect routes declare their input as TypeBox schemas, like every route, and a schema node may carry a
 * `refusal`: what to tell a person whose value there was refused, in the dialect's terms and with the shape to
 * send (CSP and OVH clients are written by people reading a message, not a JSON pointer). In it, `{value}`
 * stands for the value that node describes and `{at}` for where that value is (`accessRules[0]`). The
 * server's Ajv runs with strict mode off, so it ignores the keyword; only this file reads it.
 */

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
    const found = refusalAt(schema, issue);
    if (found === undefined) continue;
    // `{at}` and `{value}` are the value the refusing node describes, which may enclose the failing one.
    const place = instanceSteps(issue).slice(0, found.depth);
    const value = place.reduce<unknown>((node, step) => childOf(node, step), dataOf(request, part));
    return new ApiError(
      'request.invalid',
      found.refusal.replaceAll('{value}', shown(value)).replaceAll('{at}', placeOf(place)),
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

/**
 * Walks the schema along the issue's schema path; the deepest refusal met wins. `depth` counts the steps into
 * the value (a property, an array entry) that its node stands for.
 */
function refusalAt(schema: unknown, issue: Issue): { refusal: string; depth: number } | undefined {
  const steps = issue.schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean);
  // A missing property is reported at the object; its own node says what it is for.
  const missing = missingPropertyOf(issue);
  if (missing !== undefined) steps.splice(-1, 1, 'properties', missing);
  let node: unknown = schema;
  let depth = 0;
  const atRoot = refusalOf(node);
  let found = atRoot === undefined ? undefined : { refusal: atRoot, depth };
  for (let index = 0; index < steps.length && node !== undefined; index++) {
    const step = steps[index] ?? '';
    if (step === 'properties') {
      node = childOf(childOf(node, step), steps[++index] ?? '');
      depth++;
    } else {
      node = childOf(node, step);
      if (step === 'items' || step === 'additionalProperties') depth++;
    }
    const refusal = refusalOf(node);
    if (refusal !== undefined) found = { refusal, depth };
  }
  return found;
}

/** The steps into the value that failed, a missing property included. */
function instanceSteps(issue: Issue): string[] {
  const steps = issue.instancePath
    .split('/')
    .slice(1)
    .map((step) => step.replaceAll('~1', '/').replaceAll('~0', '~'));
  const missing = missingPropertyOf(issue);
  return missing === undefined ? steps : [...steps, missing];
}

function missingPropertyOf(issue: Issue): string | undefined {
  const missing = issue.params.missingProperty;
  return issue.keyword === 'required' && typeof missing === 'string' ? missing : undefined;
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

/** `["accessRules", "0", "path"]` → `accessRules[0].path`. */
function placeOf(steps: string[]): string {
  return steps
    .map((step) => (/^\d+$/.test(step) ? `[${step}]` : `.${step}`))
    .join('')
    .replace(/^\./, '');
}

/** The value sent, short enough for a message. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
