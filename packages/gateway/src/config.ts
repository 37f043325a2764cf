import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import AjvModule, { type ErrorObject } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';

/** A gateway.yaml that cannot be used; the message names the file, the setting and what to do. */
export class GatewayConfigError extends Error {
  override readonly name = 'GatewayConfigError';
}

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

const Origin = (description: string) => Type.String({ pattern: '^https?://[^/?#\\s]+$', description });

/** What a route demands, as @keyward/verify's Requirement (recursive through anyOf). */
const Requirement = Type.Recursive((This) =>
  Type.Object(
    {
      permission: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      role: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      userOnly: Type.Optional(Type.Boolean()),
      anyOf: Type.Optional(Type.Array(This, { minItems: 1, maxItems: 20 })),
      method: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3,7}$' })),
      path: Type.Optional(Type.String({ pattern: '^/', maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
);

const Route = Type.Object(
  {
    name: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$', description: 'For logs and metrics' }),
    ),
    methods: Type.Optional(
      Type.Array(Type.Union(HTTP_METHODS.map((m) => Type.Literal(m))), { minItems: 1, uniqueItems: true }),
    ),
    path: Type.String({
      pattern: '^/[^\\s?#]*$',
      maxLength: 500,
      description: 'An exact path, with :name for one segment and a final * for anything below',
    }),
    upstream: Type.Optional(
      Origin('Where to forward: http(s)://host[:port], no path (requests keep theirs)'),
    ),
    audience: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 300,
        description: 'aud of the identity JWT; default the upstream origin',
      }),
    ),
    require: Type.Optional(Requirement),
    immediate: Type.Optional(Type.Boolean()),
    websocket: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const GatewayConfigSchema = Type.Object(
  {
    listen: Type.Optional(
      Type.Object(
        {
          host: Type.Optional(Type.String({ minLength: 1 })),
          port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
        },
        { additionalProperties: false },
      ),
    ),
    publicUrl: Type.Optional(
      Origin('The origin clients use to reach the gateway; default from listen and tls'),
    ),
    tls: Type.Optional(
      Type.Object({ cert: Type.String(), key: Type.String() }, { additionalProperties: false }),
    ),
    keyward: Type.Object(
      {
        issuer: Origin('Keyward’s issuer (KEYWARD_ISSUER)'),
        audience: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1 })])),
        clientId: Type.Optional(Type.String({ minLength: 3, maxLength: 128 })),
        clientSecret: Type.Optional(Type.String({ minLength: 1 })),
        clientSecretFile: Type.Optional(Type.String({ minLength: 1 })),
        allowInsecureHttp: Type.Optional(Type.Boolean()),
        introspectionCacheSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 60 })),
        revocationFeed: Type.Optional(
          Type.Boolean({ description: "Follow Keyward's revocation feed (default true; needs clientId)" }),
        ),
        revocationFeedMaxDisconnectedSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
      },
      { additionalProperties: false },
    ),
    signingKey: Type.Optional(
      Type.Object(
        {
          file: Type.Optional(Type.String({ minLength: 1 })),
          alsoPublish: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 10 })),
        },
        { additionalProperties: false },
      ),
    ),
    identity: Type.Optional(
      Type.Object(
        {
          header: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' })),
          ttlSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 60 })),
        },
        { additionalProperties: false },
      ),
    ),
    forwardCredentials: Type.Optional(Type.Boolean()),
    ovh: Type.Optional(
      Type.Object(
        { rulesPrefix: Type.Optional(Type.String({ pattern: '^(/[^/?#\\s*]+)*$' })) },
        { additionalProperties: false },
      ),
    ),
    timeouts: Type.Optional(
      Type.Object(
        {
          connectSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 300 })),
          responseSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 3600 })),
          idleSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 3600 })),
        },
        { additionalProperties: false },
      ),
    ),
    decisions: Type.Optional(
      Type.Object(
        { path: Type.Optional(Type.String({ pattern: '^/[A-Za-z0-9/_.-]*[A-Za-z0-9_.-]$' })) },
        { additionalProperties: false },
      ),
    ),
    logLevel: Type.Optional(
      Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
    ),
    routes: Type.Array(Route, { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);
export type GatewayConfigFile = Static<typeof GatewayConfigSchema>;
export type RouteRequirement = Static<typeof Requirement>;

/** One route, resolved: methods, pattern, where it goes and what it demands. */
export interface RouteConfig {
  name: string;
  methods: HttpMethod[];
  path: string;
  /** The upstream URL, no trailing slash; null for a decision-only route. */
  upstream: string | null;
  audience: string;
  require: RouteRequirement;
  immediate: boolean;
  websocket: boolean;
}

/** The validated configuration, with every default applied and every file path absolute. */
export interface GatewayConfig {
  host: string;
  port: number;
  publicUrl: string;
  /** Whether publicUrl was configured (else it follows the address listened on). */
  publicUrlConfigured: boolean;
  tls: { cert: string; key: string } | null;
  keyward: {
    issuer: string;
    audience: string | string[] | undefined;
    client: { clientId: string; clientSecret: string } | null;
    allowInsecureHttp: boolean;
    introspectionCacheMs: number;
    /** Follow the revocation feed with `client`; past `maxDisconnectedMs` without it, fail closed. */
    revocationFeed: { maxDisconnectedMs: number } | null;
  };
  signingKey: { file: string; alsoPublish: string[] };
  identity: { header: string; ttlSeconds: number };
  forwardCredentials: boolean;
  ovhRulesPrefix: string;
  timeouts: { connectMs: number; responseMs: number; idleMs: number };
  decisionsPath: string;
  logLevel: string;
  routes: RouteConfig[];
}

const Ajv = AjvModule.default ?? AjvModule;
const validate = new Ajv({ allErrors: true, strict: false }).compile(GatewayConfigSchema as TSchema);

/** Reads, parses and validates a gateway.yaml; relative file paths are resolved against its folder. */
export function loadGatewayConfig(
  file: string,
  env: Record<string, string | undefined> = process.env,
): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new GatewayConfigError(`${file}: cannot be read (${(error as Error).message})`);
  }
  return parseGatewayConfig(text, { file, env });
}

/** Parses and validates gateway.yaml text. Errors name the setting (`routes[1].path`) and, for YAML, the line. */
export function parseGatewayConfig(
  text: string,
  options: { file?: string; env?: Record<string, string | undefined> } = {},
): GatewayConfig {
  const file = options.file ?? 'gateway.yaml';
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0] as { message: string; linePos?: [{ line: number; col: number }] };
    const where = first.linePos
      ? `line ${first.linePos[0].line}, column ${first.linePos[0].col}`
      : 'somewhere';
    throw new GatewayConfigError(`${file}: not valid YAML at ${where}: ${first.message.split('\n')[0]}`);
  }
  const raw = document.toJS() as unknown;
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).slice(0, 5).map(describe).join('; ');
    throw new GatewayConfigError(`${file}: ${problems}`);
  }
  return resolveConfig(raw as GatewayConfigFile, file, options.env ?? process.env);
}

function resolveConfig(
  raw: GatewayConfigFile,
  file: string,
  env: Record<string, string | undefined>,
): GatewayConfig {
  const base = dirname(resolve(file));
  const path = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const host = raw.listen?.host ?? '127.0.0.1';
  const port = raw.listen?.port ?? 8443;
  const tls = raw.tls ? { cert: path(raw.tls.cert), key: path(raw.tls.key) } : null;
  const visibleHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const publicUrl = (raw.publicUrl ?? `${tls ? 'https' : 'http'}://${visibleHost}:${port}`).replace(
    /\/+$/,
    '',
  );

  const issuer = raw.keyward.issuer.replace(/\/+$/, '');
  const client = clientOf(raw.keyward, file, path, env);
  const routes = raw.routes.map((route, index) => resolveRoute(route, index, file));
  const needsClient = routes.find((route) => route.immediate);
  if (needsClient && client === null) {
    throw new GatewayConfigError(
      `${file}: route ${needsClient.name} is immediate (introspection), which needs keyward.clientId and a secret`,
    );
  }
  if (raw.keyward.revocationFeed === true && client === null) {
    throw new GatewayConfigError(
      `${file}: keyward.revocationFeed needs keyward.clientId and a secret (any confidential Keyward app)`,
    );
  }
  const seen = new Map<string, string>();
  for (const route of routes) {
    for (const method of route.methods) {
      const key = `${method} ${route.path}`;
      const other = seen.get(key);
      if (other !== undefined) {
        throw new GatewayConfigError(`${file}: routes ${other} and ${route.name} both take ${key}; keep one`);
      }
      seen.set(key, route.name);
    }
  }
  const decisionsPath = raw.decisions?.path ?? '/decisions';
  const reserved = [
    decisionsPath,
    '/healthz',
    '/metrics',
    '/.well-known/keyward-gateway',
    `${raw.ovh?.rulesPrefix ?? ''}/auth/time`,
  ];
  for (const route of routes) {
    const clash = reserved.find((r) => route.path === r || route.path.startsWith(`${r}/`));
    if (clash)
      throw new GatewayConfigError(
        `${file}: route ${route.name}: ${clash} is the gateway's own; choose another path`,
      );
  }
  return {
    host,
    port,
    publicUrl,
    publicUrlConfigured: raw.publicUrl !== undefined,
    tls,
    keyward: {
      issuer,
      audience: raw.keyward.audience,
      client,
      allowInsecureHttp: raw.keyward.allowInsecureHttp ?? false,
      introspectionCacheMs: (raw.keyward.introspectionCacheSeconds ?? 1) * 1000,
      // On by default wherever the gateway has the credentials to read it.
      revocationFeed:
        raw.keyward.revocationFeed === false || client === null
          ? null
          : { maxDisconnectedMs: (raw.keyward.revocationFeedMaxDisconnectedSeconds ?? 30) * 1000 },
    },
    signingKey: {
      file: path(raw.signingKey?.file ?? './gateway-signing-key.json'),
      alsoPublish: (raw.signingKey?.alsoPublish ?? []).map(path),
    },
    identity: {
      header: (raw.identity?.header ?? 'X-Keyward-Assertion').toLowerCase(),
      ttlSeconds: raw.identity?.ttlSeconds ?? 60,
    },
    forwardCredentials: raw.forwardCredentials ?? true,
    ovhRulesPrefix: raw.ovh?.rulesPrefix ?? '',
    timeouts: {
      connectMs: (raw.timeouts?.connectSeconds ?? 5) * 1000,
      responseMs: (raw.timeouts?.responseSeconds ?? 60) * 1000,
      idleMs: (raw.timeouts?.idleSeconds ?? 60) * 1000,
    },
    decisionsPath,
    logLevel: raw.logLevel ?? 'info',
    routes,
  };
}

function clientOf(
  keyward: GatewayConfigFile['keyward'],
  file: string,
  path: (p: string) => string,
  env: Record<string, string | undefined>,
): GatewayConfig['keyward']['client'] {
  if (keyward.clientSecret !== undefined && keyward.clientSecretFile !== undefined) {
    throw new GatewayConfigError(`${file}: keyward: give clientSecret or clientSecretFile, not both`);
  }
  let secret = keyward.clientSecret ?? env.KEYWARD_GATEWAY_CLIENT_SECRET;
  if (keyward.clientSecretFile !== undefined) {
    try {
      secret = readFileSync(path(keyward.clientSecretFile), 'utf8').trim();
    } catch (error) {
      throw new GatewayConfigError(
        `${file}: keyward.clientSecretFile cannot be read (${(error as Error).message})`,
      );
    }
  }
  if (keyward.clientId === undefined) {
    if (secret !== undefined && keyward.clientSecret !== undefined) {
      throw new GatewayConfigError(`${file}: keyward.clientSecret is set without keyward.clientId`);
    }
    return null;
  }
  if (!secret) {
    throw new GatewayConfigError(
      `${file}: keyward.clientId needs its secret: keyward.clientSecretFile, or the KEYWARD_GATEWAY_CLIENT_SECRET variable`,
    );
  }
  return { clientId: keyward.clientId, clientSecret: secret };
}

function resolveRoute(route: GatewayConfigFile['routes'][number], index: number, file: string): RouteConfig {
  const name = route.name ?? `route${index + 1}`;
  const where = `${file}: routes[${index}] (${name})`;
  if (route.path.includes('*') && !route.path.endsWith('/*') && route.path !== '/*') {
    throw new GatewayConfigError(`${where}: path may end with /* but have no other *`);
  }
  const upstream = route.upstream ?? null;
  if (upstream === null && route.audience === undefined) {
    throw new GatewayConfigError(`${where}: a route without upstream (decisions only) needs an audience`);
  }
  if (route.websocket && upstream === null) {
    throw new GatewayConfigError(`${where}: websocket needs an upstream`);
  }
  checkRequirement(route.require ?? {}, `${where}: require`);
  return {
    name,
    methods: route.methods ?? (route.websocket ? ['GET'] : [...HTTP_METHODS]),
    path: route.path,
    upstream,
    audience: route.audience ?? new URL(upstream as string).origin,
    require: route.require ?? {},
    immediate: route.immediate ?? false,
    websocket: route.websocket ?? false,
  };
}

function checkRequirement(requirement: RouteRequirement, where: string): void {
  if ((requirement.method === undefined) !== (requirement.path === undefined)) {
    throw new GatewayConfigError(`${where}: a request rule needs both method and path`);
  }
  for (const [i, alternative] of (requirement.anyOf ?? []).entries()) {
    checkRequirement(alternative, `${where}.anyOf[${i}]`);
  }
}

function describe(error: ErrorObject): string {
  const at = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  const extra =
    error.keyword === 'additionalProperties'
      ? ` "${String((error.params as { additionalProperty: string }).additionalProperty)}"`
      : error.keyword === 'enum' || error.keyword === 'const'
        ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues ?? error.params)})`
        : '';
  return `${at || '(top level)'} ${error.message ?? 'is invalid'}${extra}`;
}
