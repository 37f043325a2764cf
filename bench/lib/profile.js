// Reads a V8 .cpuprofile (node --cpu-prof) and says where the server's CPU went during the measured window:
// by category (Keyward's folders, each package, node:crypto, node:http, GC…) and by function, as microseconds
// per request, so a profile of Keyward and one of the reference route can be compared line by line.
// V8's sample timestamps are CLOCK_MONOTONIC microseconds, the clock of process.hrtime, so the window
// recorded by run.js selects exactly the samples of the measured run.
import { readdirSync, readFileSync } from 'node:fs';

/** The .cpuprofile file node wrote into `dir`. */
export function profileFileIn(dir) {
  const name = readdirSync(dir).find((file) => file.endsWith('.cpuprofile'));
  if (!name) throw new Error(`no .cpuprofile in ${dir}`);
  return `${dir}/${name}`;
}

/** Where a frame's code lives, as a short category name. */
export function categoryOf({ functionName, url }) {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'V8 / native (program)';
  const dist = /packages\/server\/dist\/([^/]+)/.exec(url);
  if (dist) return `keyward ${dist[1].replace(/\.js$/, '')}`;
  if (url.includes('/bench/servers/')) return 'bench server code';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/g;
  let last;
  for (let match = modules.exec(url); match; match = modules.exec(url)) last = match[1];
  if (last) return last;
  if (url.startsWith('node:')) {
    if (/crypto/.test(url)) return 'node:crypto';
    // Fastify binds each body parser callback with AsyncResource.bind, which on Node 20 builds two
    // util.deprecate wrappers per call (DEP0172).
    if (url === 'node:async_hooks' || (url === 'node:internal/util' && functionName === 'deprecate'))
      return 'AsyncResource.bind + util.deprecate';
    if (/_http_|internal\/http|http_parser/.test(url)) return 'node:http';
    if (/net|stream|socket/.test(url)) return 'node:net + streams';
    if (/task_queues|promises|timers/.test(url)) return 'promises, nextTick, timers';
    if (/buffer/.test(url)) return 'buffers + encoding';
    if (/events/.test(url)) return 'node:events';
    if (/url/.test(url)) return 'node:url';
    return 'node (other)';
  }
  if (url === '') {
    if (/^write|^writev$|^shutdown$|^read/.test(functionName)) return 'socket I/O (native)';
    if (/base64|utf8|latin1|ucs2|hex|Slice$|Write$|decode|encode/.test(functionName))
      return 'buffers + encoding';
    if (/Microtasks/.test(functionName)) return 'promises, nextTick, timers';
    if (/^(parse|stringify)$/.test(functionName)) return 'JSON (native)';
    return 'V8 builtins (other)';
  }
  return 'other';
}

const frameKey = ({ functionName, url, lineNumber }) =>
  `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|packages)\//, '$1/').replace(/^file:\/\//, '')}:${lineNumber + 1}`;

/**
 * Self time per category and per function, and inclusive time per Keyward function, within
 * [startUs, endUs]; `requests` turns them into µs per request.
 */
export function summarizeProfile(file, { startUs, endUs, requests }) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, { ...node, selfUs: 0 }]));
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    if (time < startUs || time > endUs) continue;
    // A sample stands for the time until the next one.
    const next = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i]);
    if (node) node.selfUs += next;
  }
  const categories = new Map();
  const frames = new Map();
  const ownFrames = new Map();
  let busyUs = 0;
  let idleUs = 0;
  for (const node of byId.values()) {
    if (node.selfUs === 0) continue;
    const category = categoryOf(node.callFrame);
    if (category === 'idle') {
      idleUs += node.selfUs;
      continue;
    }
    busyUs += node.selfUs;
    categories.set(category, (categories.get(category) ?? 0) + node.selfUs);
    const key = frameKey(node.callFrame);
    frames.set(key, (frames.get(key) ?? 0) + node.selfUs);
    if (category.startsWith('keyward')) ownFrames.set(key, (ownFrames.get(key) ?? 0) + node.selfUs);
  }
  const inclusive = keywardInclusive(byId, profile.nodes[0]?.id);
  const perRequest = (us) => (requests > 0 ? us / requests : 0);
  const ranked = (map, limit) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, share: us / busyUs, usPerRequest: perRequest(us) }));
  return {
    busyUsPerRequest: perRequest(busyUs),
    idleShare: idleUs / (busyUs + idleUs || 1),
    categories: ranked(categories, 14),
    frames: ranked(frames, 15),
    keywardOwnFrames: ranked(ownFrames, 10),
    keywardUsPerRequest: perRequest([...ownFrames.values()].reduce((sum, us) => sum + us, 0)),
    keywardFunctions: ranked(inclusive, 12),
  };
}

/** Inclusive time of each Keyward function, counted once per call path (recursion is not double counted). */
function keywardInclusive(byId, rootId) {
  const totals = new Map();
  const subtree = new Map();
  const total = (id) => {
    if (subtree.has(id)) return subtree.get(id);
    const node = byId.get(id);
    const sum = node.selfUs + (node.children ?? []).reduce((acc, child) => acc + total(child), 0);
    subtree.set(id, sum);
    return sum;
  };
  const walk = (id, open) => {
    const node = byId.get(id);
    const { url, functionName } = node.callFrame;
    let next = open;
    if (url.includes('packages/server/dist/') && functionName) {
      const key = frameKey(node.callFrame);
      if (!open.has(key)) {
        totals.set(key, (totals.get(key) ?? 0) + total(id));
        next = new Set(open).add(key);
      }
    }
    for (const child of node.children ?? []) walk(child, next);
  };
  if (rootId !== undefined) walk(rootId, new Set());
  return totals;
}
