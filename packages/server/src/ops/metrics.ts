import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one server instance (its own registry: no process-wide singleton). */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  /** What /metrics answers: this process's metrics, or those of its whole group of workers, added up. */
  exposition(): Promise<string>;
}

/** The workers of one `keyward serve --workers N`, whose metrics a scrape of any of them should see together. */
export interface MetricsGroup {
  /** Joins the group with this worker's registry; returns how to read the group's metrics. */
  join(local: Registry): () => Promise<string>;
}

/**
 * Node's default metrics (event-loop delay p50/p99/max, GC pauses by kind, heap, CPU) and the HTTP ones. A scrape
 * reaches one worker of a group at random: with `group`, it answers for every worker.
 */
export function createMetrics(group?: MetricsGroup): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'keyward_' });
  return {
    registry,
    exposition: group ? group.join(registry) : () => registry.metrics(),
    httpRequests: new Counter({
      name: 'keyward_http_requests_total',
      help: 'HTTP requests answered, by route template and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'keyward_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route template',
      labelNames: ['method', 'route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}
