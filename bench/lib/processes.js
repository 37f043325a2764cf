// Starting servers pinned to a core, waiting until they answer, reading their CPU time and peak RSS from
// /proc, and stopping them. Only processes started here are ever signalled, by their own pid.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const CLOCK_TICKS_PER_SECOND = 100;
/** Every process started here and still running, so an interrupted run can end exactly those. */
const live = new Set();

/** SIGKILLs the processes this module started that are still running (by their pid, nothing else). */
export function killStarted() {
  for (const child of live) child.kill('SIGKILL');
}

/**
 * How a bench process is launched on `core`: `nice -n <priority> taskset -c <core> node …`. nice and taskset
 * exec what follows, so the pid is node's. A raised priority (the default, -10, needs root; otherwise nice
 * warns and runs it as is) keeps other work on a shared machine from taking the core mid-measurement.
 */
export function pinnedCommand(core, args, priority = Number(process.env.BENCH_NICE ?? -10)) {
  return ['nice', '-n', String(priority), 'taskset', '-c', String(core), process.execPath, ...args];
}

/** Spawns `node <args>` pinned to `core` (see pinnedCommand). */
export function startPinned({ name, core, nodeArgs, env, cwd, logFile }) {
  // The child writes its own log file: a relay through this process would put the bench's own CPU on the path.
  const log = openSync(logFile, 'a');
  const [file, ...args] = pinnedCommand(core, nodeArgs);
  const child = spawn(file, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  live.add(child);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  return {
    name,
    pid: child.pid,
    child,
    logFile,
    exited,
    command: `${describeEnv(env)} ${[file, ...args].join(' ').replace(process.execPath, 'node')}`,
  };
}

const SECRET = /SECRET|PASSWORD/;

/** The environment as a shell prefix, secrets shown as <redacted>, paths relative to the repository. */
function describeEnv(env) {
  return Object.entries(env)
    .map(
      ([name, value]) =>
        `${name}=${SECRET.test(name) ? '<redacted>' : String(value).replace(/^.*\/bench\//, 'bench/')}`,
    )
    .join(' ');
}

/** Polls `url` until it answers 200; fails with the log's tail if the process exits or time runs out. */
export async function waitReady(server, url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  server.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited)
      throw new Error(`${server.name} exited during start-up; see ${server.logFile}:\n${tail(server)}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`${server.name} did not answer ${url} within ${timeoutMs / 1000} s; see ${server.logFile}`);
}

/** User + system CPU time of a process, in milliseconds (/proc/<pid>/stat fields 14 and 15). */
export function cpuTimeMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Milliseconds core `core` spent busy (not idle, not waiting for I/O) since boot, from /proc/stat. */
export function coreBusyMs(core) {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((text) => text.startsWith(`cpu${core} `));
  if (!line) return 0;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Peak resident set size (VmHWM) in MiB. */
export const peakRssMb = (pid) => statusMb(pid, 'VmHWM');

/** Resident set size now (VmRSS) in MiB. */
export const rssMb = (pid) => statusMb(pid, 'VmRSS');

function statusMb(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stop(server, graceMs = 15_000) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.exited;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
  const outcome = await server.exited;
  clearTimeout(timer);
  return outcome;
}

function tail(server) {
  try {
    return readFileSync(server.logFile, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}
