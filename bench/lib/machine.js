// What the results were measured on: machine, kernel, Node, package versions, the Keyward commit.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { repoRoot } from './keyward-dist.js';
import { postgresVersion } from './postgres.js';

const benchRequire = createRequire(new URL('../package.json', import.meta.url));
const serverRequire = createRequire(new URL('../../packages/server/package.json', import.meta.url));

function versionOf(require, name) {
  try {
    const manifest = require.resolve(`${name}/package.json`);
    return JSON.parse(readFileSync(manifest, 'utf8')).version;
  } catch {
    // Packages whose exports hide package.json: walk up from the entry point.
    try {
      let dir = require.resolve(name);
      while (!dir.endsWith(`/node_modules/${name}`)) dir = dir.slice(0, dir.lastIndexOf('/'));
      return JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')).version;
    } catch {
      return 'unknown';
    }
  }
}

const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

export async function describeMachine() {
  const cpuModel =
    /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model;
  const changed = git('status', '--porcelain', '--', 'packages').split('\n').filter(Boolean).length;
  return {
    cpu: cpuModel,
    cores: cpus().length,
    memoryGiB: totalmem() / 2 ** 30,
    kernel: release(),
    node: process.version,
    postgres: await postgresVersion(),
    loadAverageAtStart: loadavg(),
    commit: `${git('rev-parse', '--short', 'HEAD')}${changed > 0 ? ` + ${changed} uncommitted files under packages/` : ''}`,
    keyward: JSON.parse(readFileSync(new URL('../../packages/server/package.json', import.meta.url), 'utf8'))
      .version,
    server: Object.fromEntries(
      ['fastify', 'jose', 'kysely', 'better-sqlite3', 'pg', 'pino'].map((n) => [
        n,
        versionOf(serverRequire, n),
      ]),
    ),
    bench: Object.fromEntries(
      ['autocannon', 'oidc-provider', 'fastify', '@fastify/formbody', 'jose', 'ovh', 'pg'].map((n) => [
        n,
        versionOf(benchRequire, n),
      ]),
    ),
  };
}
