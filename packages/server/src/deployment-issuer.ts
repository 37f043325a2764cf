import type { Logger } from 'pino';
import { auditEvent } from './audit/service.js';
import { type Config, ConfigError } from './config/load.js';
import { ApiError } from './core/errors.js';
import { type Caller, systemCaller } from './core/principal.js';
import type { Storage } from './stores.js';

/** Meta key of the deployment's issuer: JSON `{url, configured}`. One row, so it changes atomically. */
const ISSUER_KEY = 'issuer';

/** The issuer every node of a deployment signs and checks tokens with, as recorded in the database. */
export interface RecordedIssuer {
  url: string;
  /** Set explicitly (KEYWARD_ISSUER, --issuer, `admin set-issuer`), not derived from one node's host and port. */
  configured: boolean;
}

export interface SettleOptions {
  /** serve records and may replace the issuer; operator tools only read it. */
  purpose: 'serve' | 'tool';
  /** SQLite serves one process: there is no other node whose default issuer could be the deployment's. */
  singleNode: boolean;
  clock: { now(): number };
  logger: Logger;
}

/**
 * The issuer this node uses (nodes share nothing but the database, so they must share this too).
 * The first start records it; later starts settle against the record:
 * - no KEYWARD_ISSUER: adopt the recorded one, so nodes on other hosts or ports accept each other's tokens
 *   (on SQLite, a recorded default follows this node's own address instead: the node that set it is gone);
 * - KEYWARD_ISSUER equal to the record: use it (a recorded default becomes configured);
 * - KEYWARD_ISSUER different: replace a recorded default (a development start on 127.0.0.1 before the real
 *   URL was set), refuse to start over a configured one, naming both values and `keyward admin set-issuer`.
 * Runs under the start-up lock. Tools never write: they adopt the record and warn about a differing value.
 */
export async function settleIssuer(
  storage: Storage,
  config: Config,
  options: SettleOptions,
): Promise<string> {
  const recorded = await readRecordedIssuer(storage);
  const wanted: RecordedIssuer = { url: config.issuer, configured: config.issuerConfigured };
  if (options.purpose === 'tool') {
    if (recorded && wanted.configured && wanted.url !== recorded.url) {
      options.logger.warn(
        { issuer: recorded.url, ignored: wanted.url },
        `this deployment's issuer is ${recorded.url}; KEYWARD_ISSUER=${wanted.url} is ignored by this command ` +
          '(change it with `keyward admin set-issuer <url>`)',
      );
    }
    return recorded?.url ?? wanted.url;
  }
  if (!recorded) {
    await recordIssuer(storage, wanted, null, options);
    return wanted.url;
  }
  if (!wanted.configured) {
    if (recorded.configured || !options.singleNode || recorded.url === wanted.url) {
      if (recorded.url !== wanted.url) {
        options.logger.info(
          { issuer: recorded.url, nodeUrl: wanted.url },
          `using the deployment's issuer ${recorded.url}, recorded in the database (KEYWARD_ISSUER is not set)`,
        );
      }
      return recorded.url;
    }
    await recordIssuer(storage, wanted, recorded, options);
    return wanted.url;
  }
  if (recorded.url === wanted.url) {
    if (!recorded.configured) await recordIssuer(storage, wanted, recorded, options);
    return wanted.url;
  }
  if (!recorded.configured) {
    await recordIssuer(storage, wanted, recorded, options);
    return wanted.url;
  }
  throw new ConfigError(
    'KEYWARD_ISSUER',
    `is ${wanted.url}, but this deployment's issuer is ${recorded.url} (recorded in the database when it was ` +
      `configured). Every node serves one issuer: start this node with KEYWARD_ISSUER=${recorded.url} or ` +
      `without KEYWARD_ISSUER, or change the deployment's issuer with \`keyward admin set-issuer ${wanted.url}\` ` +
      '(access and ID tokens issued under the old issuer are then no longer accepted; see docs/configuration.md)',
  );
}

/**
 * `keyward admin set-issuer`: the deliberate change of a deployment's issuer, audited. Running nodes keep the
 * issuer they started with until they are restarted.
 */
export async function changeIssuer(
  storage: Storage,
  caller: Caller,
  url: string,
  now: number,
): Promise<{ from: string | null; to: string }> {
  return storage.transaction(async (stores) => {
    const before = parseRecord(await stores.meta.get(ISSUER_KEY));
    if (before?.url === url && before.configured) {
      throw new ApiError('request.invalid', `the deployment's issuer is already ${url}`);
    }
    await stores.meta.set(ISSUER_KEY, JSON.stringify({ url, configured: true } satisfies RecordedIssuer));
    await stores.audit.insert([
      auditEvent(caller, now, {
        action: 'deployment.issuer_changed',
        target: { kind: 'deployment', id: 'issuer' },
        details: { from: before?.url ?? null, to: url, reason: 'set-issuer' },
      }),
    ]);
    return { from: before?.url ?? null, to: url };
  });
}

export async function readRecordedIssuer(storage: Storage): Promise<RecordedIssuer | undefined> {
  return parseRecord(await storage.stores.meta.get(ISSUER_KEY));
}

async function recordIssuer(
  storage: Storage,
  next: RecordedIssuer,
  before: RecordedIssuer | undefined | null,
  options: SettleOptions,
): Promise<void> {
  const now = options.clock.now();
  await storage.transaction(async (stores) => {
    await stores.meta.set(ISSUER_KEY, JSON.stringify(next));
    if (before && before.url !== next.url) {
      await stores.audit.insert([
        auditEvent(systemCaller('startup'), now, {
          action: 'deployment.issuer_changed',
          target: { kind: 'deployment', id: 'issuer' },
          details: {
            from: before.url,
            to: next.url,
            reason: next.configured ? 'configured issuer replaced a default' : 'default followed the node',
          },
        }),
      ]);
    }
  });
  if (!before) {
    options.logger.info({ issuer: next.url, configured: next.configured }, 'recorded the deployment issuer');
  } else if (before.url !== next.url) {
    options.logger.warn(
      { from: before.url, to: next.url },
      `the deployment's issuer changed from ${before.url} to ${next.url}; access and ID tokens issued under ` +
        'the old one are no longer accepted',
    );
  }
}

function parseRecord(text: string | undefined): RecordedIssuer | undefined {
  if (text === undefined) return undefined;
  const parsed = JSON.parse(text) as Partial<RecordedIssuer>;
  if (typeof parsed.url !== 'string') throw new TypeError('the recorded issuer has no url');
  return { url: parsed.url, configured: parsed.configured === true };
}
