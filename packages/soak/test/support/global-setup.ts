import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The soak drives the built `keyward` command as an operator would: build the server first (incremental). */
export default function setup(): void {
  const server = fileURLToPath(new URL('../../../server', import.meta.url));
  execFileSync('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: server, stdio: 'inherit' });
}
