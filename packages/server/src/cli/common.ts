import type { Command } from 'commander';
import { destination } from 'pino';
import { type Config, type ConfigFlags, loadConfig } from '../config/load.js';
import { createLogger } from '../ops/logger.js';
import { openRuntime, type Runtime } from '../startup.js';

/** Options every command that opens the database shares with `serve`. */
export function addDatabaseOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'data directory (KEYWARD_DATA_DIR, default ./data)')
    .option('--database-url <url>', 'postgres:// URL or SQLite file (KEYWARD_DATABASE_URL)');
}

export interface ToolOptions {
  data?: string;
  databaseUrl?: string;
  json?: boolean;
}

/** Runs an operator command against the database; logs go to stderr so stdout carries only the result. */
export async function withToolRuntime<T>(
  options: ToolOptions,
  work: (runtime: Runtime, config: Config) => Promise<T>,
): Promise<T> {
  const flags: ConfigFlags = { data: options.data, databaseUrl: options.databaseUrl };
  const config = loadConfig(process.env, flags);
  const logger = createLogger(process.env.KEYWARD_LOG_LEVEL ? config.logLevel : 'warn', destination(2));
  const runtime = await openRuntime(config, logger, { purpose: 'tool' });
  try {
    return await work(runtime, config);
  } finally {
    await runtime.close();
  }
}

/** `--json`: one JSON object on stdout; otherwise readable `key: value` lines. */
export function printResult(options: ToolOptions, value: Record<string, unknown>, title: string): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(value)}\n`);
    return;
  }
  process.stdout.write(`${title}\n`);
  for (const [key, field] of Object.entries(value)) {
    process.stdout.write(`  ${key}: ${typeof field === 'string' ? field : JSON.stringify(field)}\n`);
  }
}

export function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
