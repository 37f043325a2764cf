import { Command, CommanderError } from 'commander';
import { registerAdminCommands } from './cli/admin.js';
import { addDatabaseOptions, type ToolOptions, withToolRuntime } from './cli/common.js';
import { registerGatewayCommand } from './cli/gateway.js';
import { registerKeyCommands } from './cli/keys.js';
import { registerServeCommand } from './cli/serve.js';
import { registerTlsCommands } from './cli/tls.js';
import { ConfigError } from './config/load.js';
import { isApiError } from './core/errors.js';
import { pendingMigrations } from './storage/migrate.js';

/** The `keyward` command line. */
export function buildProgram(): Command {
  const program = new Command('keyward')
    .description('Keyward: API tokens, OAuth 2.0 / OpenID Connect and delegated consumer keys, self-hosted')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();

  registerServeCommand(program);

  addDatabaseOptions(
    program
      .command('migrate')
      .description('apply pending database migrations and exit')
      .option('--json', 'print JSON'),
  ).action(async (options: ToolOptions) => {
    // Opening the runtime migrates (under the start-up lock); report what is left, which should be nothing.
    await withToolRuntime(options, async ({ container }) => {
      const pending = await pendingMigrations(container.storage.db);
      const view = { database: container.storage.db.description, pending };
      if (options.json) process.stdout.write(`${JSON.stringify(view)}\n`);
      else process.stdout.write(`${view.database} is up to date\n`);
    });
  });

  registerAdminCommands(program);
  registerKeyCommands(program);
  registerTlsCommands(program);
  registerGatewayCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`keyward: configuration error: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (isApiError(error)) {
      process.stderr.write(`keyward: ${error.code}: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`keyward: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
