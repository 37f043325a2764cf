import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import type { SoakDatabase } from './database.js';

const require = createRequire(import.meta.url);
/** The built `keyward` command of this repository, as an operator runs it. */
export const KEYWARD_BIN = join(dirname(require.resolve('keyward/package.json')), 'bin', 'keyward.js');

export interface ServerSettings {
  dataDir: string;
  database: SoakDatabase;
  /** Server key (KEYWARD_SECRET): the same on every restart, as in production. */
  secret: string;
  port: number;
  /** Where stdout and stderr go, appended across restarts: the logs the secret scan reads. */
  logFile: string;
  logLevel: string;
  /** Extra KEYWARD_* variables. */
  env?: Record<string, string>;
}

/** A free loopback port (the soak keeps it across restarts, so the issuer stays the same). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function environment(settings: ServerSettings): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    KEYWARD_DATA_DIR: settings.dataDir,
    KEYWARD_SECRET: settings.secret,
    KEYWARD_ISSUER: `http://127.0.0.1:${settings.port}`,
    KEYWARD_LOG_LEVEL: settings.logLevel,
    // One process: the soak kills and restarts the server it started, not a supervisor's workers one by one.
    KEYWARD_WORKERS: '1',
    ...settings.database.env,
    ...settings.env,
  };
}

/** Servers still running: killed with this process, so none outlives an interrupted soak. */
const running = new Set<number>();
process.on('exit', () => {
  for (const leader of running) signalGroup(leader, 'SIGKILL');
});

/** A `keyward serve` process on a soak database; its logs go straight to a file, so a SIGKILL loses none. */
export class ServerProcess {
  readonly url: string;
  #child: ChildProcess | null = null;
  #exited: Promise<number | null> = Promise.resolve(null);
  /** Set when the process ended without being asked to (a crash). */
  unexpectedExit: string | null = null;
  #stopping = false;

  constructor(readonly settings: ServerSettings) {
    this.url = `http://127.0.0.1:${settings.port}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    return this.#child !== null;
  }

  /** Starts the process and waits until /readyz answers 200. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.#child) throw new TypeError('already running');
    this.#stopping = false;
    this.unexpectedExit = null;
    const log = openSync(this.settings.logFile, 'a');
    // Its own process group: with KEYWARD_WORKERS > 1 the server is a supervisor and its workers, and a
    // kill -9 must take them all at once, as a crash of the machine would.
    const child = spawn(
      process.execPath,
      [KEYWARD_BIN, 'serve', '--host', '127.0.0.1', '--port', String(this.settings.port)],
      { env: environment(this.settings), stdio: ['ignore', log, log], detached: true },
    );
    closeSync(log);
    this.#child = child;
    const leader = child.pid;
    if (leader) running.add(leader);
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        if (!this.#stopping) this.unexpectedExit = `exited with ${signal ?? code}`;
        this.#child = null;
        if (leader) running.delete(leader);
        resolve(code);
      });
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.#child) throw new Error(`keyward serve ${this.unexpectedExit}; see ${this.settings.logFile}`);
      if (await this.ready()) return;
      await new Promise((done) => setTimeout(done, 100));
    }
    await this.kill();
    throw new Error(`keyward serve was not ready within ${timeoutMs} ms; see ${this.settings.logFile}`);
  }

  /** Whether /readyz answers 200 now. */
  async ready(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return response.status === 200;
    } catch {
      return false;
    }
  }

  /** kill -9 of the server's process group (supervisor and workers), and waits until every one is gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child?.pid) return;
    this.#stopping = true;
    signalGroup(child.pid, 'SIGKILL');
    await this.#exited;
    await groupGone(child.pid);
  }

  /** SIGTERM (a graceful stop); the exit code, once every process of the group is gone. */
  async stop(): Promise<number | null> {
    const child = this.#child;
    if (!child?.pid) return null;
    this.#stopping = true;
    child.kill('SIGTERM');
    const code = await this.#exited;
    await groupGone(child.pid);
    return code;
  }

  /** Everything the server wrote so far (stdout and stderr of every start). */
  logText(): string {
    return readFileSync(this.settings.logFile, 'utf8');
  }
}

function signalGroup(leader: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-leader, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Waits until no process of the group led by `leader` is left (workers outlive their supervisor briefly). */
async function groupGone(leader: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-leader, 0);
    } catch {
      return;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  signalGroup(leader, 'SIGKILL');
}
