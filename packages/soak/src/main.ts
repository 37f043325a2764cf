/**
 * `npm run soak`: proves that Keyward's robustness stays. Byte-level fuzzing of every endpoint family, kill -9
 * under credential-issuing load on SQLite and PostgreSQL, and a scan of database dumps and logs for every
 * secret issued. Exits 1 on any problem, 2 on bad flags. See docs/soak.md.
 */
import { HELP, OptionsError, parseOptions } from './options.js';
import { runSoak } from './run.js';
import { formatSummary } from './summary.js';

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (
      !(error instanceof OptionsError) &&
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') !== true
    )
      throw error;
    process.stderr.write(`soak: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (!options) {
    process.stdout.write(HELP);
    return 0;
  }
  process.stderr.write(
    `soak: seed ${options.seed}; ${options.fuzz} fuzz requests and ${options.kills} kill cycles per database on ${options.databases.join(' and ')}\n`,
  );
  const started = Date.now();
  const report = await runSoak(options, (line) =>
    process.stderr.write(`soak +${((Date.now() - started) / 1000).toFixed(0)}s: ${line}\n`),
  );
  const databaseFlag = options.databases.length === 2 ? 'both' : options.databases[0];
  process.stdout.write(
    formatSummary(
      report,
      (index) => `npm run soak -- --seed ${report.seed} --case ${index} --db ${databaseFlag}`,
    ),
  );
  return report.problems === 0 ? 0 : 1;
}

// Exit handlers (which kill the servers still running) run on Ctrl-C too.
process.once('SIGINT', () => process.exit(130));
process.exit(await main());
