// @keyward/gateway: the identity-aware reverse proxy and decision endpoint behind `keyward gateway`.
export { runGateway } from './cli.js';
export type { GatewayConfig, HttpMethod, RouteConfig, RouteRequirement } from './config.js';
export { GatewayConfigError, loadGatewayConfig, parseGatewayConfig } from './config.js';
export type { Gateway } from './gateway.js';
export { buildGateway, JWKS_PATH } from './gateway.js';
export { IDENTITY_JWT_TYPE } from './identity.js';
