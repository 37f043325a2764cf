import cluster from 'node:cluster';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { buildApp } from '../app.js';
import type { FirstRun } from '../bootstrap.js';
import { type Config, loadConfig, nodeUrl } from '../config/load.js';
import { readTlsFiles } from '../config/tls.js';
import { createLogger } from '../ops/logger.js';
import { startMaintenance } from '../ops/maintenance.js';
import { reservePort } from '../ops/ports.js';
import { openRuntime } from '../startup.js';
import { addDatabaseOptions } from './common.js';
import {
  exitWithSupervisor,
  peerChannel,
  superviseWorkers,
  WORKER_PORT_VARIABLE,
  workerMetricsGroup,
} from './workers.js';

interface ServeOptions {
  host?: string;
  port?: string;
  data?: string;
  databaseUrl?: string;
  issuer?: string;
  tlsCert?: string;
  tlsKey?: string;
  logLevel?: string;
  workers?: string;
}

/** How long in-flight requests get to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

export function registerServeCommand(program: Command): void {
  addDatabaseOptions(
    program
      .command('serve')
      .description('run the Keyward server (migrates the database first)')
      .option('--host <host>', 'address to listen on (KEYWARD_HOST, default 127.0.0.1)')
      .option('--port <port>', 'port (KEYWARD_PORT, default 8080)')
      .option('--issuer <url>', 'public base URL (KEYWARD_ISSUER)')
      .option('--tls-cert <file>', 'PEM certificate; with --tls-key, serve HTTPS (KEYWARD_TLS_CERT)')
      .option('--tls-key <file>', 'PEM private key (KEYWARD_TLS_KEY)')
      .option('--log-level <level>', 'fatal … trace, or silent (KEYWARD_LOG_LEVEL)')
      .option(
        '--workers <n>',
        'processes serving the port: a number, or auto for one per core (KEYWARD_WORKERS)',
      ),
  ).action(async (options: ServeOptions) => {
    await serve(options);
  });
}

async function serve(options: ServeOptions): Promise<void> {
  // A worker listens where its supervisor chose (the supervisor resolved --port 0 already).
  const workerPort = cluster.isWorker ? process.env[WORKER_PORT_VARIABLE] : undefined;
  let config = loadConfig(process.env, workerPort ? { ...options, port: workerPort } : options);
  if (config.port === 0) {
    // Choose the port now, so a default issuer names the real one (tests and ephemeral runs use --port 0).
    config = loadConfig(process.env, { ...options, port: String(await reservePort(config.host)) });
  }
  readTlsFiles(config); // a missing certificate stops start-up before the database is touched
  const logger = createLogger(config.logLevel);
  if (cluster.isWorker) return serveOneProcess(config, logger.child({ worker: cluster.worker?.id }), null);
  if (config.workers > 1) return superviseServe(config, logger);
  return serveOneProcess(config, logger, (issuer, listening, firstRun) =>
    process.stderr.write(banner(issuer, listening, firstRun)),
  );
}

type Announce = (issuer: string, listening: string, firstRun: FirstRun | null) => void;

/**
 * The supervisor migrates the database, settles the issuer and creates the signing key and the first operator
 * once, then starts the workers and prints the banner when all of them listen.
 */
async function superviseServe(config: Config, logger: Logger): Promise<void> {
  const runtime = await openRuntime(config, logger, { purpose: 'serve' });
  const { issuer } = runtime.container.config;
  const { firstRun } = runtime;
  await runtime.close();
  warnIfPlainHttp(issuer, logger);
  await superviseWorkers({ workers: config.workers, port: config.port, logger, graceMs: SHUTDOWN_GRACE_MS });
  const listening = nodeUrl(config.host, config.port, config.tls !== null);
  logger.info(
    { url: issuer, listening, workers: config.workers },
    `Keyward is listening on ${listening} as ${issuer}`,
  );
  process.stderr.write(banner(issuer, listening, firstRun));
}

/** A single-process server, or one worker of a supervised group (which announces nothing itself). */
async function serveOneProcess(config: Config, logger: Logger, announce: Announce | null): Promise<void> {
  exitWithSupervisor(logger);
  const runtime = await openRuntime(config, logger, {
    purpose: 'serve',
    peers: peerChannel(),
    metricsGroup: workerMetricsGroup(),
  });
  const { container } = runtime;
  // The deployment's issuer, as settled with the database: possibly not this node's own address.
  const { issuer } = container.config;
  if (announce) warnIfPlainHttp(issuer, logger);
  const app = await buildApp(container);
  await app.listen({ host: config.host, port: config.port });
  const listening = nodeUrl(config.host, config.port, config.tls !== null);
  logger.info(
    {
      url: issuer,
      listening,
      database: container.storage.db.description,
      signingAlg: container.keys.activeAlg(),
    },
    `Keyward is listening on ${listening} as ${issuer}`,
  );
  announce?.(issuer, listening, runtime.firstRun);
  logger.info({ mail: container.mailer.describe() }, 'e-mail delivery');
  await container.background.start();
  const maintenance = startMaintenance(container);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const forced = setTimeout(() => {
      logger.error('in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    forced.unref();
    maintenance.stop();
    await app.close();
    await container.background.stop();
    await runtime.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

function warnIfPlainHttp(issuer: string, logger: Logger): void {
  const { protocol, hostname } = new URL(issuer);
  if (protocol === 'http:' && !['127.0.0.1', '[::1]', 'localhost'].includes(hostname)) {
    logger.warn(
      { issuer },
      'the issuer is plain http on a network address: tokens, cookies and passwords cross the network in clear. ' +
        'Serve HTTPS (KEYWARD_TLS_CERT/KEY) or set KEYWARD_ISSUER to the https URL of a proxy in front of Keyward',
    );
  }
}

/**
 * What a person starting Keyward needs: where it is and how to sign in. Goes to stderr, outside the JSON log.
 * When the issuer is not this node's own address (behind a proxy, or another node's recorded issuer), the
 * node's address follows it.
 */
function banner(issuer: string, listening: string, firstRun: FirstRun | null): string {
  const lines = ['', `  Keyward is running at ${issuer}`];
  if (listening !== issuer) {
    lines.push(
      `  (this node listens on ${listening}; ${issuer} is the issuer every node of this deployment uses)`,
    );
  }
  lines.push(`  API reference: ${issuer}/docs`, `  Console:       ${issuer}/console/`);
  if (firstRun) {
    lines.push(
      '',
      '  First start: created a platform operator who owns "Default organization".',
      `  Sign in to the console at ${issuer}/console/ with`,
      `    e-mail:   ${firstRun.email}`,
      firstRun.generatedPassword
        ? `    password: ${firstRun.generatedPassword}   (shown only this once; you choose your own at the first sign-in)`
        : '    password: the value of KEYWARD_ADMIN_PASSWORD',
    );
  }
  lines.push(
    '',
    '  Or sign in to the management API:',
    `    curl -c cookies.txt -H 'content-type: application/json' \\`,
    `      -d '{"email":"<e-mail>","password":"<password>"}' ${issuer}/api/v1/session`,
    `    curl -b cookies.txt ${issuer}/api/v1/me`,
    '',
  );
  return `${lines.join('\n')}\n`;
}
