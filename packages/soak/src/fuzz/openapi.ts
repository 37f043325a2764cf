import { randomUUID } from 'node:crypto';

/** The parts of a JSON Schema (as the OpenAPI document has them) the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
  minimum?: number;
  maxLength?: number;
  minLength?: number;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema: Schema;
}

interface OpenApiOperation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  security?: Record<string, unknown>[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One operation of the management API, as listed by the running server. */
export interface ApiOperation {
  method: string;
  /** With `{name}` placeholders. */
  path: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema }[];
  body: Schema | undefined;
  /** Declared `security: []`: no credential needed. */
  isPublic: boolean;
  /** Authenticates an OAuth client with HTTP Basic (`clientBasic`). */
  clientBasic: boolean;
  /** Answers an endless text/event-stream (the revocation feed) when the request is good. */
  eventStream: boolean;
}

/** Every operation in the document: the fuzzer covers a new endpoint the day it is added. */
export function listOperations(document: OpenApiDocument): ApiOperation[] {
  const resolve = (schema: Schema | undefined): Schema | undefined => {
    const name = schema?.$ref?.replace('#/components/schemas/', '');
    return name ? resolve(document.components?.schemas?.[name]) : schema;
  };
  return Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => {
      const params = (operation.parameters ?? []).map((param) => ({
        ...param,
        schema: resolve(param.schema) ?? {},
      }));
      return {
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((param) => param.in === 'path'),
        queryParams: params.filter((param) => param.in === 'query'),
        body: resolve(operation.requestBody?.content['application/json']?.schema),
        isPublic: Array.isArray(operation.security) && operation.security.length === 0,
        clientBasic: (operation.security ?? []).some((scheme) => 'clientBasic' in scheme),
        eventStream: 'text/event-stream' in (operation.responses?.['200']?.content ?? {}),
      };
    }),
  );
}

/**
 * A value the schema accepts, as far as a simple reading of it goes (patterns are tried against a few
 * candidates), with `known` values used for properties of those names (real ids, so requests get further).
 */
export function sampleOf(schema: Schema, known: Record<string, unknown> = {}, depth = 0): unknown {
  if (depth > 6) return null;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf?.[0]) return sampleOf(schema.anyOf[0], known, depth + 1);
  switch (schema.type) {
    case 'string':
      return sampleString(schema);
    case 'array':
      return schema.items ? [sampleOf(schema.items, known, depth + 1)] : [];
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [
          name,
          name in known ? known[name] : sampleOf(property, known, depth + 1),
        ]),
      );
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

const CANDIDATES = [
  'sample',
  'someone@example.test',
  'sample:role',
  'soak:read',
  '/sample',
  'https://example.test/',
  'GET',
  'AAAA',
];

function sampleString(schema: Schema): string {
  if (schema.format === 'uuid') return randomUUID();
  if (schema.format === 'date-time') return new Date().toISOString();
  const fits = (text: string) =>
    text.length >= (schema.minLength ?? 0) &&
    text.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY) &&
    (!schema.pattern || safeTest(schema.pattern, text));
  return CANDIDATES.find(fits) ?? 'x'.repeat(Math.max(1, schema.minLength ?? 1));
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return false;
  }
}
