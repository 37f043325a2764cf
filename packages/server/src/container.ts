import type { Logger } from 'pino';
import { AuditReader } from './audit/service.js';
import type { Config } from './config/load.js';
import type { Clock } from './core/clock.js';
import { RateLimiter } from './core/rate-limiter.js';
import type { ServerKey } from './core/server-key.js';
import { Authenticator, sessionCookieFor } from './http/authenticate.js';
import { MemberService } from './identity/members/service.js';
import { OrgService } from './identity/orgs/service.js';
import { ServiceCatalog } from './identity/services/service.js';
import { SessionService } from './identity/sessions/service.js';
import { UserService } from './identity/users/service.js';
import { KeyRing } from './keys/service.js';
import { DiscoveryRegistry } from './oauth/discovery.js';
import { createMetrics, type Metrics } from './ops/metrics.js';
import type { Db } from './storage/db.js';
import { createStorage, type Storage } from './storage/stores.js';

/** Everything the server is made of, built from explicit parts: no module-level state. */
export interface Container {
  config: Config;
  logger: Logger;
  clock: Clock;
  serverKey: ServerKey;
  storage: Storage;
  metrics: Metrics;
  limiter: RateLimiter;
  users: UserService;
  orgs: OrgService;
  members: MemberService;
  services: ServiceCatalog;
  sessions: SessionService;
  keys: KeyRing;
  auth: Authenticator;
  audit: AuditReader;
  /** Discovery documents, filled by the features that mount endpoints. */
  discovery: { native: DiscoveryRegistry; csp: DiscoveryRegistry };
}

export interface ContainerParts {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Db;
  serverKey: ServerKey;
}

export function createContainer({ config, logger, clock, db, serverKey }: ContainerParts): Container {
  const storage = createStorage(db);
  const limiter = new RateLimiter({ store: storage.stores.rateLimits, clock });
  const sessions = new SessionService({
    storage,
    clock,
    serverKey,
    limiter,
    settings: { ...config.session, loginRateLimit: config.loginRateLimit },
  });
  const secureCookies = config.tls !== null || config.issuer.startsWith('https:');
  return {
    config,
    logger,
    clock,
    serverKey,
    storage,
    metrics: createMetrics(),
    limiter,
    users: new UserService({ storage, clock }),
    orgs: new OrgService({ storage, clock, orgsPerUser: config.limits.orgsPerUser }),
    members: new MemberService({ storage, clock }),
    services: new ServiceCatalog({ storage, clock }),
    sessions,
    keys: new KeyRing({ storage, clock, serverKey }),
    auth: new Authenticator({ sessions, cookie: sessionCookieFor(secureCookies) }),
    audit: new AuditReader({ storage }),
    discovery: { native: new DiscoveryRegistry(), csp: new DiscoveryRegistry() },
  };
}
