import type { FastifyRequest } from 'fastify';
import type { AppDirectory } from '../apps/directory.js';
import type { OAuthApp, TokenEndpointAuthMethod } from '../apps/store.js';
import { auditEvent } from '../audit/service.js';
import type { AuditEvent } from '../audit/store.js';
import type { BatchWriter } from '../core/batch-writer.js';
import type { HotPathLockouts } from '../core/hot-path-lockouts.js';
import type { LockoutRule } from '../core/lockouts.js';
import { systemCaller } from '../core/principal.js';
import { parameter } from '../http/lenient-body.js';
import { nulCharacterError } from '../http/nul-characters.js';
import { publicUrlOf } from '../http/request-target.js';
import { type AssertionDeps, JWT_BEARER_ASSERTION, verifyClientAssertion } from './client-assertion.js';
import type { ClientOriginStore } from './client-origin-store.js';
import { OAuthError } from './errors.js';

export type ClientAuthMethod = TokenEndpointAuthMethod;

export interface AuthenticatedClient {
  app: OAuthApp;
  method: ClientAuthMethod;
}

/** What a request offers as client credentials, before anything is checked. */
type Presented =
  | { kind: 'secret'; clientId: string; secret: string; via: 'client_secret_basic' | 'client_secret_post' }
  | { kind: 'assertion'; clientId: string; assertion: string }
  | { kind: 'id'; clientId: string };

const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="keyward", charset="UTF-8"' };

export interface ClientAuthDeps extends AssertionDeps {
  apps: AppDirectory;
  /** Failed client authentications, per client id and address, shared by every node (H9). */
  lockouts: Pick<HotPathLockouts, 'retryAfter' | 'fail'>;
  rule: LockoutRule;
  origins: ClientOriginStore;
  auditBuffer: BatchWriter<AuditEvent>;
}

/**
 * Client authentication at the token, introspection and revocation endpoints (RFC 6749 §2.3):
 *   readCredentials (one method per request) → rateLimit → findApp → checkMethod → checkSecret | checkAssertion
 * An app authenticates the way it registered: with its secret — in the Authorization header
 * (client_secret_basic) or the body (client_secret_post), either way, as CSP clients use both — or with a JWT
 * signed by one of its keys (private_key_jwt, RFC 7523 §2.2), and then never with a secret. Native apps are
 * public clients: their client_id suffices and a secret they send proves nothing (RFC 8252 §8.5).
 */
export class ClientAuthenticator {
  constructor(private readonly deps: ClientAuthDeps) {}

  async authenticate(request: FastifyRequest): Promise<AuthenticatedClient> {
    const presented = readCredentials(request);
    const bucket = {
      key: `client:${presented.clientId}:${request.ip}`,
      scope: 'client_address' as const,
      subject: presented.clientId,
      address: request.ip,
      rule: this.deps.rule,
    };
    const wait = this.deps.lockouts.retryAfter(bucket);
    const app = await this.deps.apps.app(presented.clientId);
    if (app?.type === 'native') return { app, method: 'none' };
    let method: ClientAuthMethod;
    try {
      if (!app) throw refused('unknown client or wrong secret');
      if (app.tokenEndpointAuthMethod === 'private_key_jwt') {
        await this.#checkAssertion(app, presented, request);
        method = 'private_key_jwt';
      } else {
        method = await this.#checkSecret(app, presented);
      }
    } catch (error) {
      // A locked (client, address) is refused without counting more; else the failure counts.
      if (wait > 0) throw tooManyFailures(wait);
      await this.deps.lockouts.fail(bucket);
      // RFC 6749 §5.2: the Basic challenge answers a client that tried Basic, or sent no credential at all.
      const basic =
        presented.kind === 'id' || (presented.kind === 'secret' && presented.via === 'client_secret_basic');
      if (basic && error instanceof OAuthError && error.status === 401) {
        throw new OAuthError(error.error, error.description, 401, BASIC_CHALLENGE);
      }
      throw error;
    }
    // Locked, yet the right credential: let it through only from where the client last succeeded, so an
    // attacker guessing from the client's own address (a shared NAT) cannot lock the real client out.
    if (wait > 0 && (await this.#lastAddress(app.id)) !== request.ip) throw tooManyFailures(wait);
    this.#rememberSuccess(app.id, request.ip);
    return { app, method };
  }

  /** Last success per client as this node knows it; the database is written only when the address changes. */
  readonly #lastSuccess = new Map<string, string>();

  async #lastAddress(clientId: string): Promise<string | undefined> {
    return this.#lastSuccess.get(clientId) ?? (await this.deps.origins.lastAddress(clientId));
  }

  #rememberSuccess(clientId: string, address: string): void {
    if (this.#lastSuccess.get(clientId) === address) return;
    if (this.#lastSuccess.size >= 100_000) this.#lastSuccess.clear();
    this.#lastSuccess.set(clientId, address);
    // Not awaited: a correct secret does not wait on the disk (DESIGN principle 5). If the write fails, this
    // node forgets and writes again at the next success.
    this.deps.origins.record(clientId, address, this.deps.clock.now()).catch(() => {
      this.#lastSuccess.delete(clientId);
    });
  }

  async #checkSecret(app: OAuthApp, presented: Presented): Promise<ClientAuthMethod> {
    if (presented.kind === 'assertion') {
      throw refused(
        `app ${app.id} authenticates with its client secret; an owner sets its tokenEndpointAuthMethod to private_key_jwt to use assertions`,
      );
    }
    if (presented.kind === 'id') throw refused('this client is confidential: send its secret');
    if (!(await this.deps.apps.checkSecret(app.id, presented.secret))) {
      throw refused('unknown client or wrong secret');
    }
    return presented.via;
  }

  async #checkAssertion(app: OAuthApp, presented: Presented, request: FastifyRequest): Promise<void> {
    if (presented.kind !== 'assertion') {
      throw refused(
        `app ${app.id} authenticates with private_key_jwt: send client_assertion_type=${JWT_BEARER_ASSERTION} and a client_assertion signed with one of its keys, not a secret`,
      );
    }
    const endpointUrl = publicUrlOf(this.deps.issuer, request);
    await verifyClientAssertion(this.deps, app, presented.assertion, endpointUrl, () =>
      this.deps.auditBuffer.add(
        auditEvent(systemCaller('oauth'), this.deps.clock.now(), {
          action: 'oauth.client_assertion_replayed',
          orgId: app.ownerOrgId,
          target: { kind: 'app', id: app.id },
          details: { ip: request.ip, endpoint: endpointUrl },
        }),
      ),
    );
  }
}

/**
 * RFC 6749 §2.3: one way of authenticating per request — HTTP Basic, client_secret in the body, or a
 * client_assertion (RFC 7521 §4.2) — and a client_id in the body agreeing with it.
 */
function readCredentials(request: FastifyRequest): Presented {
  const basic = parseBasic(request.headers.authorization);
  const bodyId = parameter(request, 'client_id', 256);
  const bodySecret = parameter(request, 'client_secret', 1024);
  const assertionType = parameter(request, 'client_assertion_type', 256);
  const assertion = parameter(request, 'client_assertion', 16 * 1024);
  const methods = [basic, bodySecret, assertion ?? assertionType].filter((m) => m !== undefined).length;
  if (methods > 1) {
    throw new OAuthError(
      'invalid_request',
      'use one client authentication method per request: HTTP Basic, client_secret in the body, or a client_assertion',
    );
  }
  if (basic && bodyId !== undefined && bodyId !== basic.id) {
    throw new OAuthError(
      'invalid_request',
      'client_id in the body differs from the one in the Authorization header',
    );
  }
  if (assertion !== undefined || assertionType !== undefined) {
    return readAssertion(assertionType, assertion, bodyId);
  }
  const clientId = basic?.id ?? bodyId;
  if (!clientId) {
    throw new OAuthError(
      'invalid_client',
      'authenticate the client: HTTP Basic with its id and secret, client_id, or a client_assertion',
      401,
      BASIC_CHALLENGE,
    );
  }
  const secret = basic?.secret ?? bodySecret;
  if (secret === undefined || secret === '') return { kind: 'id', clientId };
  return { kind: 'secret', clientId, secret, via: basic ? 'client_secret_basic' : 'client_secret_post' };
}

/** RFC 7523 §3: the client is the assertion's subject; a client_id sent alongside must name the same one. */
function readAssertion(type: string | undefined, assertion: string | undefined, bodyId: string | undefined) {
  if (type !== JWT_BEARER_ASSERTION) {
    throw new OAuthError('invalid_request', `client_assertion_type must be ${JWT_BEARER_ASSERTION}`);
  }
  if (assertion === undefined) {
    throw new OAuthError('invalid_request', 'client_assertion is required with client_assertion_type');
  }
  const subject = unverifiedSubject(assertion);
  if (subject === undefined) {
    throw refused('the client assertion is not a JWT whose sub is the client_id');
  }
  if (bodyId !== undefined && bodyId !== subject) {
    throw new OAuthError('invalid_request', "client_id differs from the client assertion's sub");
  }
  return { kind: 'assertion' as const, clientId: subject, assertion };
}

/** The `sub` of a JWT, read without verifying it: only to know whose keys to verify it with. */
function unverifiedSubject(jwt: string): string | undefined {
  const payload = jwt.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof claims.sub === 'string' && claims.sub.length > 0 && claims.sub.length <= 256
      ? claims.sub
      : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 6749 §2.3.1 / RFC 7617: base64 of `id:secret`, each form-urlencoded (decoded leniently). */
function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header || !/^basic\s+/i.test(header)) return undefined;
  const decoded = Buffer.from(header.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8');
  if (decoded.includes('\u0000')) throw nulCharacterError('the HTTP Basic credentials');
  const colon = decoded.indexOf(':');
  if (colon <= 0)
    throw new OAuthError(
      'invalid_client',
      'the Basic credentials are not client_id:client_secret',
      401,
      BASIC_CHALLENGE,
    );
  const formDecode = (value: string) => {
    try {
      return decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      return value;
    }
  };
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

function refused(description: string): OAuthError {
  return new OAuthError('invalid_client', description, 401);
}

function tooManyFailures(wait: number): OAuthError {
  return new OAuthError(
    'invalid_client',
    `too many failed attempts for this client from this address; retry in ${wait} seconds`,
    429,
    { 'retry-after': String(wait) },
  );
}
