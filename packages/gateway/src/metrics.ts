import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The gateway's Prometheus metrics, in a registry of its own. */
export interface GatewayMetrics {
  registry: Registry;
  /** Requests by route, how they ended (`allowed`, `denied`, `unauthenticated`, `error`, `upstream_error`) and the credential kind. */
  requests: Counter<'route' | 'outcome' | 'credential'>;
  /** Time spent deciding (verification, Keyward calls for OVH or immediate routes), by route. */
  decisionSeconds: Histogram<'route'>;
  /** Decision-endpoint answers (nginx auth_request, Envoy ext_authz) by status. */
  decisions: Counter<'route' | 'status'>;
}

export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'keyward_gateway_' });
  return {
    registry,
    requests: new Counter({
      name: 'keyward_gateway_requests_total',
      help: 'Proxied requests by route, outcome and credential kind',
      labelNames: ['route', 'outcome', 'credential'],
      registers: [registry],
    }),
    decisionSeconds: new Histogram({
      name: 'keyward_gateway_decision_duration_seconds',
      help: 'Time to authenticate and authorize a request, by route',
      labelNames: ['route'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    decisions: new Counter({
      name: 'keyward_gateway_decisions_total',
      help: 'Decision-endpoint answers by route and HTTP status',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
  };
}
