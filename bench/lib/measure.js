// One measurement: start the target's servers on the server core, run the load generator on the other core
// (warm-up, then the measured run), and around the measured run read the server's CPU time (and, on
// PostgreSQL, that of the backends serving it), then its peak RSS; stop everything.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LOAD_CORE, originOf, PEER_CLIENT, SERVER_CORE, startTarget } from '../servers/start.js';
import { backendPids, pinProcesses } from './postgres.js';
import { coreBusyMs, cpuTimeMs, peakRssMb, pinnedCommand, rssMb, stop } from './processes.js';

const loadScript = fileURLToPath(new URL('../load.js', import.meta.url));

/** Runs `scenario` against `target`; `durations` overrides the run's (profiling), `rate` caps the load. */
export async function measure(
  run,
  scenario,
  target,
  { nodeArgs = [], durations = run.settings, tag = '', rate = null } = {},
) {
  const database = run.databases[target.database];
  const { servers, underLoad } = await startTarget(target, run, { nodeArgs, logDir: run.logDir });
  const idleRssMb = rssMb(underLoad.pid);
  const jobFile = `${run.tmpDir}/job-${scenario}-${target.id}${tag}.json`;
  const job = {
    scenario,
    target: {
      id: target.id,
      kind: target.kind,
      origin: originOf(target.kind),
      upstream: originOf('keyward'),
    },
    fixtures: database?.fixtures ?? null,
    peerClient: PEER_CLIENT,
    connections: run.settings.connections,
    warmupSeconds: durations.warmupSeconds,
    durationSeconds: durations.durationSeconds,
    sampleEvery: run.settings.sampleEvery,
    poolSize: run.settings.accessTokenPool,
    rate,
  };
  writeFileSync(jobFile, JSON.stringify(job));
  const loadCommand = pinnedCommand(LOAD_CORE, [loadScript, jobFile]);
  // Filled in when the servers are stopped: how long the one under load took to exit after SIGTERM, and how.
  const shutdown = {};
  try {
    const backends = [];
    const at = {};
    const snapshot = () => ({
      us: Number(process.hrtime.bigint() / 1000n),
      cpuMs: cpuTimeMs(underLoad.pid),
      coreMs: coreBusyMs(SERVER_CORE),
      dbCpuMs: backends.reduce((sum, pid) => sum + cpuTimeMs(pid), 0),
    });
    const result = await runLoad(loadCommand, {
      onWarm: async () => {
        if (database?.postgres) {
          backends.push(...(await backendPids(database.postgres)));
          pinProcesses(backends, SERVER_CORE);
        }
        at.start = snapshot();
      },
      onMeasured: () => {
        at.end = snapshot();
      },
    });
    const wallMs = (at.end.us - at.start.us) / 1000;
    const cpuMs = at.end.cpuMs - at.start.cpuMs;
    const requests = result.measured.requests;
    const perRequest = (ms) => (requests > 0 ? (ms * 1000) / requests : null);
    return {
      scenario,
      target: target.id,
      ...result,
      peakRssMb: peakRssMb(underLoad.pid),
      idleRssMb,
      cpu: {
        serverUsPerRequest: perRequest(cpuMs),
        // How busy the server was: well under 100% means it waited (for its core, the disk, the database)
        // or the load generator could not keep it busy.
        serverUtilisation: cpuMs / wallMs,
        // Of the wall time, how much of the server's core went to other processes (contention).
        othersOnServerCore: Math.max(
          0,
          (at.end.coreMs - at.start.coreMs - cpuMs - (at.end.dbCpuMs - at.start.dbCpuMs)) / wallMs,
        ),
        databaseUsPerRequest: database?.postgres ? perRequest(at.end.dbCpuMs - at.start.dbCpuMs) : null,
        backends: backends.length,
        // The load generator's core: near 100% means it, not the server, set the pace.
        loadUtilisation: result.loadCpuMs / wallMs,
      },
      window: { startUs: at.start.us, endUs: at.end.us },
      shutdown,
      commands: {
        server: servers.map((server) => server.command).join(' ; '),
        load: loadCommand.join(' ').replace(process.execPath, 'node'),
      },
    };
  } finally {
    for (const server of servers.reverse()) {
      const begun = performance.now();
      const { code, signal } = await stop(server);
      if (server === underLoad)
        Object.assign(shutdown, { seconds: (performance.now() - begun) / 1000, code, signal });
    }
  }
}

/**
 * Spawns the load generator; on its "warm" runs `onWarm` then answers "go", on "measured" runs `onMeasured`.
 * Resolves with its result and the CPU time it used during the measured run.
 */
function runLoad(command, { onWarm, onMeasured }) {
  return new Promise((resolve, reject) => {
    const [file, ...args] = command;
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    let result;
    let loadCpuMs = 0;
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const handle = (message) => {
      if (message.phase === 'warm') {
        onWarm().then(
          () => {
            loadCpuMs = -cpuTimeMs(child.pid);
            child.stdin.write('go\n');
          },
          (error) => {
            child.kill('SIGKILL');
            reject(error);
          },
        );
      } else if (message.phase === 'measured') {
        loadCpuMs += cpuTimeMs(child.pid);
        onMeasured();
      } else if (message.result) {
        result = { ...message.result, loadCpuMs };
      }
    };
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      for (let newline = buffer.indexOf('\n'); newline !== -1; newline = buffer.indexOf('\n')) {
        handle(JSON.parse(buffer.slice(0, newline)));
        buffer = buffer.slice(newline + 1);
      }
    });
    child.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`load generator exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}
