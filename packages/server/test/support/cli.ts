import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const KEYWARD_BIN = fileURLToPath(new URL('../../bin/keyward.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `keyward` command to completion. */
export function runCli(args: string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KEYWARD_BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

export interface RunningServer {
  /** Where this process listens. */
  url: string;
  /** The issuer it uses: its own URL, or the one recorded in the database by another node. */
  issuer: string;
  process: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `keyward serve --port 0` (or on `port`) and resolves once its banner says where it runs; `url` is where
 * this process listens, `issuer` the deployment's issuer it printed (they differ when another node set it).
 */
export function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 20_000,
  port = 0,
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    // One process unless a test asks for workers: several per server would only slow the suite down.
    const child = spawn(process.execPath, [KEYWARD_BIN, 'serve', '--port', String(port)], {
      env: { PATH: process.env.PATH ?? '', KEYWARD_WORKERS: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in time:\n${stderr}\n${stdout}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match =
        /Keyward is running at (\S+)\n(?: +\(this node listens on ([^;\s]+);.*\n)? +API reference/.exec(
          stderr,
        );
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({
          url: match[2] ?? match[1],
          issuer: match[1],
          process: child,
          stderr: () => stderr,
          stdout: () => stdout,
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}\n${stdout}`));
    });
  });
}
