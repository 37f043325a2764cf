import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The tests run the built `keyward gateway` command and load @keyward/verify's build: build everything first. */
export default function setup(): void {
  const root = fileURLToPath(new URL('../../../..', import.meta.url));
  execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
}
