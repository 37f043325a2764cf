import type { Logger } from 'pino';
import { AccessChecks } from './access-checks/service.js';
import { ApiTokenDirectory } from './api-tokens/directory.js';
import { ApiTokenExchange, type Usage } from './api-tokens/exchange.js';
import { ExpiryReminders } from './api-tokens/reminders.js';
import { ApiTokenService } from './api-tokens/service.js';
import { AppDirectory } from './apps/directory.js';
import { AppGrantService } from './apps/grants.js';
import { AppService } from './apps/service.js';
import { AuditReader, auditEvent } from './audit/service.js';
import type { AuditEvent } from './audit/store.js';
import type { Config } from './config/load.js';
import { ConsumerKeyDirectory } from './consumer-keys/directory.js';
import { CredentialRequests } from './consumer-keys/requests.js';
import { ConsumerKeyService } from './consumer-keys/service.js';
import type { VerifiedRequest } from './consumer-keys/verifier.js';
import { type Usage as ConsumerKeyUsage, ConsumerKeyVerifier } from './consumer-keys/verifier.js';
import { BatchWriter } from './core/batch-writer.js';
import type { Clock } from './core/clock.js';
import { HotPathLockouts } from './core/hot-path-lockouts.js';
import { newId } from './core/ids-and-secrets.js';
import { type LockedEvent, Lockouts } from './core/lockouts.js';
import { systemCaller } from './core/principal.js';
import { RateLimiter } from './core/rate-limiter.js';
import type { ServerKey } from './core/server-key.js';
import { Authenticator, sessionCookieFor } from './http/authenticate.js';
import { DiscoveryRegistry } from './http/discovery-registry.js';
import { IdentityDirectory } from './identity/directory.js';
import { PasswordResets } from './identity/email-links/password-resets.js';
import { EmailVerifications } from './identity/email-links/verifications.js';
import { PasskeyService } from './identity/factors/passkeys.js';
import { FactorService } from './identity/factors/service.js';
import { SecondFactorSignIn } from './identity/factors/sign-in.js';
import { InvitationService } from './identity/invitations/service.js';
import { LockoutService } from './identity/lockouts/service.js';
import { resolveOrgAccess } from './identity/members/access.js';
import { MemberService } from './identity/members/service.js';
import { OrgService } from './identity/orgs/service.js';
import { ServiceCatalog } from './identity/services/service.js';
import { SessionList } from './identity/sessions/list.js';
import { SessionService } from './identity/sessions/service.js';
import { UserService } from './identity/users/service.js';
import { KeyRing } from './keys/service.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { OutboxWorker } from './mail/worker.js';
import { ClientKeySets } from './oauth/client-key-sets.js';
import { ClientAuthenticator } from './oauth/clients.js';
import { ConsentService } from './oauth/consents.js';
import { DeviceFlow } from './oauth/device/service.js';
import { DpopNonces } from './oauth/dpop/nonces.js';
import { DpopProofChecker, proofOfPossession } from './oauth/dpop/proof.js';
import { AuthorizationInteractions } from './oauth/interactions.js';
import { OAuthProvider } from './oauth/provider.js';
import { RevocationList } from './oauth/revocation-list.js';
import { AccessTokenVerifier, type ActiveBearer } from './oauth/tokens/bearer.js';
import { createUsedJtiStore } from './oauth/used-jtis.js';
import { createMetrics, type Metrics, type MetricsGroup } from './ops/metrics.js';
import { RevocationFeed } from './revocations/feed.js';
import { RevocationIndex } from './revocations/index.js';
import type { Db } from './storage/db.js';
import { InvalidationBus, type PeerChannel } from './storage/invalidation.js';
import { createStorage, type Storage } from './stores.js';

/** Everything the server is made of, built from explicit parts: no module-level state. */
export interface Container {
  config: Config;
  logger: Logger;
  clock: Clock;
  serverKey: ServerKey;
  storage: Storage;
  metrics: Metrics;
  bus: InvalidationBus;
  identity: IdentityDirectory;
  limiter: RateLimiter;
  users: UserService;
  orgs: OrgService;
  members: MemberService;
  lockouts: LockoutService;
  sessionList: SessionList;
  services: ServiceCatalog;
  sessions: SessionService;
  /** Second factors: TOTP authenticators, passkeys, recovery codes. */
  factors: FactorService;
  /** WebAuthn passkeys: registration and assertions. */
  passkeys: PasskeyService;
  /** A sign-in's second step, and step-up before sensitive actions. */
  secondFactor: SecondFactorSignIn;
  /** Invitations to an org for addresses with no account yet. */
  invitations: InvitationService;
  /** Verification links for users' e-mail addresses. */
  emailVerifications: EmailVerifications;
  /** "Forgot password": single-use reset links by e-mail. */
  passwordResets: PasswordResets;
  keys: KeyRing;
  auth: Authenticator<ActiveBearer, VerifiedRequest>;
  audit: AuditReader;
  apiTokens: ApiTokenService;
  apiTokenExchange: ApiTokenExchange;
  accessTokens: AccessTokenVerifier;
  mailer: Mailer;
  appDirectory: AppDirectory;
  apps: AppService;
  appGrants: AppGrantService;
  oauth: OAuthProvider;
  /** The browser part of authorization requests: pushed requests, interactions, org choice, consents. */
  interactions: AuthorizationInteractions;
  /** Client authentication of the token, introspection and revocation endpoints (secrets, private_key_jwt). */
  clientAuth: ClientAuthenticator;
  /** DPoP proofs (RFC 9449), at the token endpoint and wherever Keyward takes DPoP-bound access tokens. */
  dpop: DpopProofChecker;
  revocations: RevocationList;
  /** The revocation feed's pushes to this node's streams (docs/adr/0007-revocation-feed.md). */
  revocationFeed: RevocationFeed;
  consents: ConsentService;
  /** The device authorization grant's codes and the verification page's answers (RFC 8628). */
  deviceFlow: DeviceFlow;
  consumerKeys: ConsumerKeyService;
  credentialRequests: CredentialRequests;
  consumerKeyVerifier: ConsumerKeyVerifier;
  accessChecks: AccessChecks;
  /** Discovery documents, filled by the features that mount endpoints. */
  discovery: { native: DiscoveryRegistry; csp: DiscoveryRegistry };
  /** Work done off the request path: batched writes, e-mail, reminders, cross-node invalidation. */
  background: Background;
}

export interface Background {
  usage: BatchWriter<Usage>;
  consumerKeyUsage: BatchWriter<ConsumerKeyUsage>;
  auditBuffer: BatchWriter<AuditEvent>;
  outbox: OutboxWorker;
  reminders: ExpiryReminders;
  /** Starts timers and the PostgreSQL listener (serve does; tests drive `flush` themselves). */
  start(): Promise<void>;
  /** Writes batched stamps and audit events now. */
  flush(): Promise<void>;
  /** Stops timers, writes what is pending, closes the mailer and the listener. */
  stop(): Promise<void>;
}

export interface ContainerParts {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Db;
  serverKey: ServerKey;
  peers?: PeerChannel | undefined;
  /** The other workers whose metrics /metrics adds to this one's. */
  metricsGroup?: MetricsGroup | undefined;
}

export function createContainer({
  config,
  logger,
  clock,
  db,
  serverKey,
  peers,
  metricsGroup,
}: ContainerParts): Container {
  const storage = createStorage(db);
  const bus = new InvalidationBus({ db, logger, peers });
  const identity = new IdentityDirectory({ storage, clock, bus });
  const limiter = new RateLimiter({ store: storage.stores.rateLimits, clock });
  const keys = new KeyRing({ storage, clock, serverKey });
  const background = createBackground({ config, logger, clock, storage });
  const lockouts = new Lockouts({
    store: storage.stores.lockouts,
    clock,
    newId,
    onLocked: (locked) => background.auditBuffer.add(lockoutEvent(locked, clock.now())),
  });
  const hotPathLockouts = new HotPathLockouts({ lockouts, store: storage.stores.lockouts, clock, bus });
  // Hot-path buckets: as many failures as before (H9), now counted for the whole cluster, with back-off.
  const hotPathRule = (attempts: number, windowSeconds: number) => ({
    attempts,
    windowSeconds,
    baseSeconds: config.lockout.baseSeconds,
    maxSeconds: config.lockout.maxSeconds,
  });
  const sessions = new SessionService({
    storage,
    clock,
    serverKey,
    lockouts,
    settings: { ...config.session, lockout: config.lockout },
  });
  const secondFactorAttempts = {
    limit: config.lockout.attempts,
    windowSeconds: config.lockout.windowSeconds,
  };
  const factors = new FactorService({
    storage,
    clock,
    serverKey,
    limiter,
    settings: {
      issuerName: new URL(config.issuer).host,
      stepUpWindowSeconds: config.session.stepUpWindowSeconds,
      attempts: secondFactorAttempts,
    },
  });
  const passkeys = new PasskeyService({ storage, clock, serverKey, factors, issuer: config.issuer });
  const tokens = new ApiTokenDirectory({ storage, clock, bus, serverKey });
  const apiTokenExchange = new ApiTokenExchange({
    tokens,
    identity,
    keys,
    clock,
    issuer: config.issuer,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    usage: background.usage,
    failures: background.auditBuffer,
    lockouts: hotPathLockouts,
    rule: hotPathRule(100, 5 * 60),
  });
  const appDirectory = new AppDirectory({ storage, clock, bus, serverKey });
  const revocations = new RevocationList({ storage, clock, bus });
  const oauth = new OAuthProvider({
    storage,
    clock,
    keys,
    issuer: config.issuer,
    serverKey,
    apps: appDirectory,
    identity,
    bus,
    revocations,
    auditBuffer: background.auditBuffer,
  });
  const usedJtis = createUsedJtiStore(db);
  const clientAuth = new ClientAuthenticator({
    apps: appDirectory,
    lockouts: hotPathLockouts,
    rule: hotPathRule(100, 60),
    origins: storage.stores.clientOrigins,
    auditBuffer: background.auditBuffer,
    keySets: new ClientKeySets({ issuer: config.issuer }),
    usedJtis,
    clock,
    issuer: config.issuer,
  });
  const dpop = new DpopProofChecker({
    usedJtis,
    clock,
    nonces: config.dpop.nonce ? new DpopNonces({ serverKey, clock }) : null,
  });
  const accessTokens = new AccessTokenVerifier({
    keys,
    issuer: config.issuer,
    clock,
    apiTokens: tokens,
    exchange: apiTokenExchange,
    apps: appDirectory,
    oauth,
    revocations,
    revocationIndex: new RevocationIndex({ store: storage.stores.revocations, clock, bus }),
  });
  const consumerKeyDirectory = new ConsumerKeyDirectory({ storage, clock, bus, serverKey });
  const consumerKeyVerifier = new ConsumerKeyVerifier({
    directory: consumerKeyDirectory,
    identity,
    clock,
    publicOrigin: config.issuer,
    timestampWindowSeconds: config.ovh.timestampWindowSeconds,
    usage: background.consumerKeyUsage,
    failures: background.auditBuffer,
    lockouts: hotPathLockouts,
    rule: hotPathRule(100, 5 * 60),
  });
  const emailVerifications = new EmailVerifications({
    storage,
    clock,
    serverKey,
    limiter,
    bus,
    issuer: config.issuer,
    ttlSeconds: config.emailLinks.verificationTtlSeconds,
  });
  const invitations = new InvitationService({
    storage,
    clock,
    serverKey,
    bus,
    issuer: config.issuer,
    ttlSeconds: config.emailLinks.invitationTtlSeconds,
  });
  const secureCookies = config.tls !== null || config.issuer.startsWith('https:');
  return {
    config,
    logger,
    clock,
    serverKey,
    storage,
    metrics: createMetrics(metricsGroup),
    bus,
    identity,
    limiter,
    users: new UserService({
      storage,
      clock,
      bus,
      verification: emailVerifications,
      issuer: config.issuer,
      stepUpWindowSeconds: config.session.stepUpWindowSeconds,
    }),
    emailVerifications,
    orgs: new OrgService({ storage, clock, orgsPerUser: config.limits.orgsPerUser }),
    members: new MemberService({ storage, clock, bus, invitations }),
    invitations,
    sessionList: new SessionList({ storage, clock, idleTtlSeconds: config.session.idleTtlSeconds }),
    lockouts: new LockoutService({
      storage,
      clock,
      lifted: (key) => hotPathLockouts.lifted(key),
    }),
    services: new ServiceCatalog({ storage, clock, bus }),
    sessions,
    factors,
    passkeys,
    passwordResets: new PasswordResets({
      storage,
      clock,
      serverKey,
      limiter,
      issuer: config.issuer,
      ttlSeconds: config.emailLinks.passwordResetTtlSeconds,
    }),
    secondFactor: new SecondFactorSignIn({
      storage,
      limiter,
      factors,
      passkeys,
      sessions,
      attempts: secondFactorAttempts,
    }),
    keys,
    auth: new Authenticator({
      sessions,
      cookie: sessionCookieFor(secureCookies),
      bearer: accessTokens,
      consumerKeys: consumerKeyVerifier,
      dpop: proofOfPossession(dpop),
      issuer: config.issuer,
    }),
    audit: new AuditReader({
      storage,
      orgAccess: (caller, orgId) => resolveOrgAccess(storage.stores, caller, orgId),
    }),
    apiTokens: new ApiTokenService({
      storage,
      clock,
      tokens,
      identity,
      bus,
      limitPerUserAndOrg: config.apiTokens.maxPerUserAndOrg,
      stepUpWindowSeconds: config.session.stepUpWindowSeconds,
    }),
    apiTokenExchange,
    accessTokens,
    mailer: background.mailer,
    appDirectory,
    apps: new AppService({
      storage,
      clock,
      bus,
      apps: appDirectory,
      identity,
      issuer: config.issuer,
      stepUpWindowSeconds: config.session.stepUpWindowSeconds,
    }),
    appGrants: new AppGrantService({ storage, clock, bus, identity }),
    oauth,
    interactions: new AuthorizationInteractions({ storage, clock, oauth }),
    clientAuth,
    dpop,
    revocations,
    revocationFeed: new RevocationFeed({ storage, bus, logger }),
    consents: new ConsentService({ storage, clock, bus }),
    deviceFlow: new DeviceFlow({
      provider: oauth,
      storage,
      clock,
      apps: appDirectory,
      identity,
      auditBuffer: background.auditBuffer,
      limiter,
      issuer: config.issuer,
    }),
    consumerKeys: new ConsumerKeyService({
      storage,
      clock,
      serverKey,
      bus,
      pendingUse: (id) => background.consumerKeyUsage.pending(String(id))?.at,
    }),
    credentialRequests: new CredentialRequests({
      storage,
      clock,
      serverKey,
      directory: consumerKeyDirectory,
      bus,
      limiter,
      issuer: config.issuer,
      credentialRequestsPerHour: config.ovh.credentialRequestsPerHour,
    }),
    consumerKeyVerifier,
    accessChecks: new AccessChecks({
      orgAccess: (caller, orgId) => resolveOrgAccess(storage.stores, caller, orgId),
      identity,
      apiTokens: tokens,
      exchange: apiTokenExchange,
      apps: appDirectory,
      consumerKeys: consumerKeyDirectory,
      consumerKeyVerifier,
    }),
    discovery: { native: new DiscoveryRegistry(), csp: new DiscoveryRegistry() },
    background: {
      usage: background.usage,
      consumerKeyUsage: background.consumerKeyUsage,
      auditBuffer: background.auditBuffer,
      outbox: background.outbox,
      reminders: background.reminders,
      start: async () => {
        await bus.start();
        background.usage.start();
        background.consumerKeyUsage.start();
        background.auditBuffer.start();
        background.outbox.start();
        background.reminders.start();
      },
      flush: async () => {
        await Promise.all([
          background.usage.flush(),
          background.consumerKeyUsage.flush(),
          background.auditBuffer.flush(),
        ]);
      },
      stop: async () => {
        await background.reminders.stop();
        await background.outbox.stop();
        await Promise.all([
          background.usage.stop(),
          background.consumerKeyUsage.stop(),
          background.auditBuffer.stop(),
        ]);
        await background.mailer.close();
        await bus.stop();
      },
    },
  };
}

/** The audit event of a new lockout: operators see it in the audit trail (docs/accounts.md#lockout). */
function lockoutEvent(locked: LockedEvent, at: number): AuditEvent {
  const target = locked.userId
    ? { kind: 'user', id: locked.userId }
    : locked.subject
      ? { kind: 'app', id: locked.subject }
      : { kind: 'address', id: locked.address ?? 'unknown' };
  return auditEvent(systemCaller('lockout'), at, {
    action: 'lockout.started',
    actor: { kind: 'anonymous', id: locked.address ?? 'unknown' },
    target,
    details: {
      scope: locked.scope,
      address: locked.address,
      lockedUntil: new Date(locked.lockedUntil).toISOString(),
      seconds: locked.seconds,
      lockoutsInARow: locked.lockoutCount,
    },
  });
}

function createBackground(parts: { config: Config; logger: Logger; clock: Clock; storage: Storage }) {
  const { config, logger, clock, storage } = parts;
  const mailer = createMailer(config, logger);
  return {
    mailer,
    usage: new BatchWriter<Usage>({
      name: 'api-token-last-used',
      keyOf: (use) => use.id,
      write: (uses) => storage.stores.apiTokens.recordUsage(uses),
      logger,
    }),
    consumerKeyUsage: new BatchWriter<ConsumerKeyUsage>({
      name: 'consumer-credential-last-used',
      keyOf: (use) => String(use.id),
      write: (uses) => storage.stores.consumerKeys.recordUsage(uses),
      logger,
    }),
    auditBuffer: new BatchWriter<AuditEvent>({
      name: 'audit-events',
      keyOf: (event) => event.id,
      write: (events) => storage.stores.audit.insert(events),
      logger,
    }),
    outbox: new OutboxWorker({ store: storage.stores.outbox, mailer, clock, logger }),
    reminders: new ExpiryReminders({ storage, clock, logger, issuer: config.issuer }),
  };
}
