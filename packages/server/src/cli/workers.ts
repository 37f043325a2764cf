import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { AggregatorRegistry } from 'prom-client';
import type { MetricsGroup } from '../ops/metrics.js';
import type { PeerChannel } from '../storage/invalidation.js';

/**
 * `keyward serve --workers N`: a supervisor process and N workers on one port (node:cluster), sharing nothing but
 * the database. The supervisor migrates and bootstraps the database before forking (so migrations run once and
 * the first-run banner is printed once), then only watches: a worker that dies is replaced, SIGTERM drains every
 * worker. Caches are invalidated between workers over the cluster's IPC channel (see peerChannel below), as
 * PostgreSQL's NOTIFY does between nodes; background jobs already claim their work in the database, so running
 * them in every worker is the same as running them on several nodes.
 */

/** Environment a worker reads to know it is one and where to listen. */
export const WORKER_PORT_VARIABLE = 'KEYWARD_WORKER_PORT';

/** A worker that dies sooner than this after its start counts as crash-looping: replacement backs off. */
const EARLY_DEATH_MS = 5_000;
const MAX_RESTART_DELAY_MS = 30_000;

export interface SupervisorOptions {
  workers: number;
  port: number;
  logger: Logger;
  /** How long workers get to finish in-flight requests after SIGTERM before they are killed. */
  graceMs: number;
}

/** Starts the workers; resolves once every one of them listens. */
export function superviseWorkers(options: SupervisorOptions): Promise<void> {
  const { logger } = options;
  const startedAt = new Map<number, number>();
  let stopping = false;
  let restartDelay = 0;

  const fork = () => {
    const worker = cluster.fork({ [WORKER_PORT_VARIABLE]: String(options.port) });
    startedAt.set(worker.id, Date.now());
    worker.on('message', (message: unknown) => {
      relay(worker, message);
      answerMetrics(worker, message);
    });
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) {
      if (startedAt.size === 0) {
        logger.info('stopped');
        process.exit(0);
      }
      return;
    }
    restartDelay = lived < EARLY_DEATH_MS ? Math.min(MAX_RESTART_DELAY_MS, restartDelay * 2 || 500) : 0;
    logger.error(
      { worker: worker.id, pid: worker.process.pid, code, signal, restartInMs: restartDelay },
      'a worker died; starting a replacement',
    );
    setTimeout(fork, restartDelay).unref();
  });

  for (let i = 0; i < options.workers; i++) fork();
  logger.info({ workers: options.workers, pid: process.pid }, `supervising ${options.workers} workers`);
  const allListening = new Promise<void>((resolve) => {
    const listening = new Set<number>();
    const onListening = (worker: Worker) => {
      listening.add(worker.id);
      if (listening.size < options.workers) return;
      cluster.off('listening', onListening);
      resolve();
    };
    cluster.on('listening', onListening);
  });

  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: workers finish their in-flight requests');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => {
      logger.error('workers did not stop in time; killing them');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, options.graceMs + 2_000).unref();
    if (startedAt.size === 0) process.exit(0);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return allListening;
}

/** The supervisor's side of the workers' metrics: asks each worker for its registry and adds them up. */
let aggregator: AggregatorRegistry<'text/plain; version=0.0.4; charset=utf-8'> | undefined;

/** Answers a worker's request for the group's metrics (its /metrics was scraped). */
function answerMetrics(from: Worker, message: unknown): void {
  if (!isMetricsRequest(message)) return;
  aggregator ??= new AggregatorRegistry();
  const answer = (text: string | null) => {
    if (from.isConnected()) from.send({ keyward: 'metrics-answer', id: message.id, text });
  };
  aggregator.clusterMetrics().then(answer, () => answer(null));
}

interface MetricsRequest {
  keyward: 'metrics';
  id: number;
}

interface MetricsAnswer {
  keyward: 'metrics-answer';
  id: number;
  /** null when a worker did not answer in time: the asking worker then answers for itself. */
  text: string | null;
}

function isMetricsRequest(message: unknown): message is MetricsRequest {
  const m = message as Partial<MetricsRequest> | null;
  return m?.keyward === 'metrics' && typeof m.id === 'number';
}

function isMetricsAnswer(message: unknown): message is MetricsAnswer {
  const m = message as Partial<MetricsAnswer> | null;
  return m?.keyward === 'metrics-answer' && typeof m.id === 'number';
}

/** How long a worker waits for the group's metrics (prom-client gives up on a silent worker after 5 s). */
const GROUP_METRICS_TIMEOUT_MS = 6_000;

/**
 * A worker's side: its registry answers the supervisor's collection (prom-client's cluster protocol), and a
 * scrape of this worker asks the supervisor for everyone's. Undefined outside a cluster.
 */
export function workerMetricsGroup(): MetricsGroup | undefined {
  if (!cluster.isWorker || !process.send) return undefined;
  return {
    join: (local) => {
      AggregatorRegistry.setRegistries([local]);
      new AggregatorRegistry(); // installs the answer to the supervisor's requests
      const pending = new Map<number, (text: string | null) => void>();
      let next = 0;
      process.on('message', (message: unknown) => {
        if (!isMetricsAnswer(message)) return;
        pending.get(message.id)?.(message.text);
        pending.delete(message.id);
      });
      return async () => {
        const id = next++;
        const text = await new Promise<string | null>((resolve) => {
          const timer = setTimeout(() => {
            pending.delete(id);
            resolve(null);
          }, GROUP_METRICS_TIMEOUT_MS);
          pending.set(id, (answer) => {
            clearTimeout(timer);
            resolve(answer);
          });
          const request: MetricsRequest = { keyward: 'metrics', id };
          process.send?.(request);
        });
        return text ?? local.metrics();
      };
    },
  };
}

/** Passes a worker's cache invalidation on to every other worker. */
function relay(from: Worker, message: unknown): void {
  if (!isInvalidation(message)) return;
  for (const worker of Object.values(cluster.workers ?? {})) {
    if (worker && worker !== from && worker.isConnected()) worker.send(message);
  }
}

interface InvalidationMessage {
  keyward: 'invalidate';
  topic: string;
  key: string;
}

function isInvalidation(message: unknown): message is InvalidationMessage {
  const m = message as Partial<InvalidationMessage> | null;
  return m?.keyward === 'invalidate' && typeof m.topic === 'string' && typeof m.key === 'string';
}

/** The other workers of this process group, reached through the supervisor; undefined outside a cluster. */
export function peerChannel(): PeerChannel | undefined {
  if (!cluster.isWorker || !process.send) return undefined;
  return {
    send: (topic, key) => {
      const message: InvalidationMessage = { keyward: 'invalidate', topic, key };
      process.send?.(message);
    },
    onMessage: (handler) => {
      process.on('message', (message: unknown) => {
        if (isInvalidation(message)) handler(message.topic, message.key);
      });
    },
  };
}

/** A worker exits when its supervisor is gone (killed with -9), rather than serve on unsupervised. */
export function exitWithSupervisor(logger: Logger): void {
  if (!cluster.isWorker) return;
  process.once('disconnect', () => {
    logger.error('the supervisor is gone; this worker stops');
    process.exit(1);
  });
}
