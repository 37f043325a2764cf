import type { Command } from 'commander';
import type { SigningAlg } from '../config/load.js';
import { ApiError } from '../core/errors.js';
import { systemCaller } from '../core/principal.js';
import { addDatabaseOptions, type ToolOptions, withToolRuntime } from './common.js';

const ALGS: readonly SigningAlg[] = ['ES256', 'RS256', 'EdDSA'];

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('signing keys');

  addDatabaseOptions(
    keys
      .command('rotate')
      .description('add a new active signing key; the old one stays published until its tokens have expired')
      .option('--alg <alg>', 'ES256, RS256 or EdDSA (default: KEYWARD_SIGNING_ALG)')
      .option('--json', 'print the new key as JSON'),
  ).action(async (options: ToolOptions & { alg?: string }) => {
    await withToolRuntime(options, async ({ container }, config) => {
      const alg = options.alg
        ? ALGS.find((a) => a.toLowerCase() === options.alg?.toLowerCase())
        : config.signingAlg;
      if (!alg) throw new ApiError('request.invalid', `--alg must be one of ${ALGS.join(', ')}`);
      if (alg !== config.signingAlg) {
        process.stderr.write(
          `keyward: warning: KEYWARD_SIGNING_ALG is ${config.signingAlg}; the next start will add a ${config.signingAlg} key ` +
            `again. Set KEYWARD_SIGNING_ALG=${alg} to keep ${alg}.\n`,
        );
      }
      const key = await container.keys.rotate(systemCaller('cli:keys-rotate'), alg);
      const view = { kid: key.kid, alg: key.alg, createdAt: new Date(key.createdAt).toISOString() };
      if (options.json) process.stdout.write(`${JSON.stringify(view)}\n`);
      else
        process.stdout.write(
          `new active signing key ${key.kid} (${key.alg}); running nodes pick it up within seconds\n`,
        );
    });
  });

  addDatabaseOptions(
    keys.command('list').description('list signing keys').option('--json', 'print JSON'),
  ).action(async (options: ToolOptions) => {
    await withToolRuntime(options, async ({ container }) => {
      const list = (await container.keys.list()).map((key) => ({
        kid: key.kid,
        alg: key.alg,
        state: key.retiredAt === null ? 'active' : 'retired',
        createdAt: new Date(key.createdAt).toISOString(),
        publishedUntil: key.publishedUntil === null ? null : new Date(key.publishedUntil).toISOString(),
      }));
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ keys: list })}\n`);
        return;
      }
      for (const key of list) {
        process.stdout.write(
          `${key.kid}  ${key.alg}  ${key.state}  created ${key.createdAt}${key.publishedUntil ? `  published until ${key.publishedUntil}` : ''}\n`,
        );
      }
    });
  });
}
