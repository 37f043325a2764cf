import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The newest modification time under `path` (a file or a folder). */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/**
 * The browser tests drive the console as the server serves it, from packages/console/dist: build it when it is
 * missing or older than its sources (`npm ci` has built it already; a source edit while iterating rebuilds).
 */
export default function setup(): void {
  const index = join(root, 'dist', 'index.html');
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(root, p));
  const stale = !existsSync(index) || Math.max(...sources.map(newest)) > statSync(index).mtimeMs;
  // NODE_ENV=test (set by Vitest) would give React's development build: build as `npm run build` does.
  if (stale) {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
}
