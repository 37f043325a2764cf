import type { Command } from 'commander';

/**
 * `keyward gateway --config gateway.yaml`: the identity-aware reverse proxy and decision endpoint of
 * @keyward/gateway (docs/gateway.md). It needs no database, only Keyward's URL and, for OVH-signed requests and
 * immediate routes, an OAuth app of its own; it is loaded only when this command runs.
 */
export function registerGatewayCommand(program: Command): void {
  program
    .command('gateway')
    .description('run the identity-aware reverse proxy and decision endpoint in front of your services')
    .requiredOption('--config <file>', 'the gateway.yaml to serve (docs/gateway.md)')
    .option('--port <port>', 'listen on this port instead of the file’s listen.port')
    .action(async (options: { config: string; port?: string }) => {
      const { runGateway } = await import('@keyward/gateway');
      const code = await runGateway(options);
      if (code !== 0) process.exitCode = code;
    });
}
