import { type GatewayConfig, GatewayConfigError, loadGatewayConfig } from './config.js';
import { buildGateway } from './gateway.js';

/** How long in-flight requests get to finish after SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * `keyward gateway --config gateway.yaml`: validates the file, loads (or makes) the signing key, checks that
 * Keyward answers, and serves until SIGTERM/SIGINT. Returns the exit code for a configuration problem.
 */
export async function runGateway(options: { config: string; port?: string }): Promise<number> {
  let config: GatewayConfig;
  try {
    config = loadGatewayConfig(options.config);
    if (options.port !== undefined) config = { ...config, port: Number(options.port) };
  } catch (error) {
    if (error instanceof GatewayConfigError) {
      process.stderr.write(`keyward gateway: configuration error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const gateway = await buildGateway(config);
  try {
    await gateway.verifier.ready();
  } catch (error) {
    // Not fatal: keys are fetched again on the first request (and served stale during an outage).
    gateway.app.log.warn({ err: error }, 'Keyward could not be reached at start-up; retrying on demand');
  }
  const url = await gateway.listen();
  process.stderr.write(
    `\n  Keyward gateway is running at ${url}\n  ${config.routes.length} route(s); identity JWKS at ${url}/.well-known/keyward-gateway/jwks.json\n  decisions (nginx auth_request, Envoy ext_authz) at ${url}${config.decisionsPath}\n\n`,
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    await gateway.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  return 0;
}
