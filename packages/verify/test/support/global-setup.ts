import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The packaging test loads the built ESM and CommonJS entry points: build them first (quick when unchanged). */
export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
}
