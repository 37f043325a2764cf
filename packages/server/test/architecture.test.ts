// The layering of packages/server/src (docs/architecture.md, "Layers"), checked over the real import graph.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/**
 * The layers, lowest first. A module may import from its own layer and the layers below it, never above.
 * A top-level folder is one module; so is each file directly in src/.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['config', 'tls'],
  ['storage', 'http', 'ops'],
  ['mail'],
  ['audit', 'revocations'],
  ['identity'],
  ['keys'],
  ['api-tokens', 'apps'],
  ['oauth'],
  ['consumer-keys'],
  ['access-checks'],
  ['web', 'dialects'],
  ['container', 'stores', 'app', 'startup', 'bootstrap', 'deployment-issuer', 'cli', 'main'],
];

/** The wiring: the only modules that may import every domain. */
const WIRING = new Set(LAYERS[LAYERS.length - 1]);
const DOMAINS = ['identity', 'keys', 'audit', 'api-tokens', 'apps', 'oauth', 'consumer-keys'];

/**
 * Imports that break a rule today, as `file -> module`. The list only shrinks: an entry that no longer matches
 * an import fails the test as well, so fixing a violation means deleting its line.
 */
const KNOWN_VIOLATIONS: readonly string[] = [];

/** Importing file (relative to src/, with `/`) → the files it imports (the same). */
type Graph = Map<string, string[]>;

interface Violation {
  rule: string;
  entry: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Reads every relative import (static, dynamic, type-only, re-export) with the TypeScript scanner. */
function readGraph(root: string): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((imported) => imported.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => toKey(root, resolve(dirname(file), name).replace(/\.js$/, '.ts')));
    graph.set(toKey(root, file), targets);
  }
  return graph;
}

const toKey = (root: string, path: string) => relative(root, path).split(sep).join('/');

/** The module a file belongs to: its top-level folder, or the file's own name for a file directly in src/. */
const moduleOf = (file: string) => {
  const parts = file.split('/');
  return parts.length === 1 ? (parts[0] ?? '').replace(/\.ts$/, '') : (parts[0] ?? '');
};

function layerOf(module: string): number {
  const index = LAYERS.findIndex((layer) => layer.includes(module));
  if (index === -1)
    throw new Error(`src/${module} is in no layer: add it to LAYERS and docs/architecture.md`);
  return index;
}

/** Every import that breaks a rule. */
function violations(graph: Graph): Violation[] {
  const found: Violation[] = [];
  for (const [file, targets] of graph) {
    const from = moduleOf(file);
    for (const to of new Set(targets.map(moduleOf))) {
      if (to === from) continue;
      const entry = `${file} -> ${to}`;
      if (from === 'core') found.push({ rule: 'core imports nothing of the project', entry });
      else if (from === 'dialects' && to === 'storage')
        found.push({ rule: 'dialects never import storage', entry });
      else if (layerOf(to) > layerOf(from))
        found.push({ rule: `${from} imports the layer above it (${to})`, entry });
    }
  }
  for (const module of new Set([...graph.keys()].map(moduleOf))) {
    if (WIRING.has(module)) continue;
    const imports = new Set(
      [...graph]
        .filter(([file]) => moduleOf(file) === module)
        .flatMap(([, targets]) => targets.map(moduleOf))
        .filter((to) => to !== module),
    );
    const others = DOMAINS.filter((domain) => domain !== module);
    if (others.every((domain) => imports.has(domain))) {
      found.push({ rule: 'only the wiring imports every domain', entry: `${module} -> every domain` });
    }
  }
  return found;
}

/** Cycles between modules, over the imports not excused by `allowed`; each as `a -> b -> … -> a`. */
function moduleCycles(graph: Graph, allowed: ReadonlySet<string>): string[] {
  const edges = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = moduleOf(file);
    for (const target of targets) {
      const to = moduleOf(target);
      if (to === from || allowed.has(`${file} -> ${to}`)) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (module: string) => {
    state.set(module, 'open');
    path.push(module);
    for (const next of edges.get(module) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(module, 'done');
  };
  for (const module of [...edges.keys()].sort()) if (!state.has(module)) visit(module);
  return cycles;
}

/** What the test reports: broken rules not in the allow-list, and allow-list entries nothing needs any more. */
function check(graph: Graph, allowList: readonly string[]) {
  const allowed = new Set(allowList);
  const found = violations(graph);
  const entries = new Set(found.map((violation) => violation.entry));
  return {
    newViolations: found
      .filter((violation) => !allowed.has(violation.entry))
      .map(({ rule, entry }) => `${entry}   (${rule})`),
    staleAllowances: allowList.filter((entry) => !entries.has(entry)),
    cycles: moduleCycles(graph, allowed),
  };
}

describe('the layering of packages/server/src', () => {
  const graph = readGraph(SRC);

  it('reads the import graph', () => {
    // A guard against a reader that silently finds nothing: these imports exist and must be seen.
    expect(graph.get('container.ts')).toContain('core/clock.ts');
    expect(graph.get('app.ts')?.length).toBeGreaterThan(10);
  });

  it('keeps every module in a layer, no import upward, no cycle, only the wiring importing every domain', () => {
    expect(check(graph, KNOWN_VIOLATIONS)).toEqual({ newViolations: [], staleAllowances: [], cycles: [] });
  });

  it('fails on a synthetic graph that breaks each rule', () => {
    const synthetic: Graph = new Map([
      ['core/clock.ts', ['identity/users/store.ts']],
      ['identity/users/store.ts', ['storage/db.ts', 'oauth/store.ts']],
      ['oauth/store.ts', ['identity/users/store.ts']],
      ['dialects/csp/routes.ts', ['storage/db.ts']],
      ['storage/db.ts', []],
      ['web/page.ts', DOMAINS.map((domain) => `${domain}/x.ts`)],
      ...DOMAINS.filter((d) => d !== 'identity' && d !== 'oauth').map((d): [string, string[]] => [
        `${d}/x.ts`,
        [],
      ]),
      ['container.ts', DOMAINS.map((domain) => `${domain}/x.ts`)],
    ]);
    const result = check(synthetic, ['dialects/csp/routes.ts -> core']);
    expect(result.newViolations).toEqual([
      'core/clock.ts -> identity   (core imports nothing of the project)',
      'identity/users/store.ts -> oauth   (identity imports the layer above it (oauth))',
      'dialects/csp/routes.ts -> storage   (dialects never import storage)',
      'web -> every domain   (only the wiring imports every domain)',
    ]);
    expect(result.staleAllowances).toEqual(['dialects/csp/routes.ts -> core']);
    expect(result.cycles).toEqual(['identity -> oauth -> identity']);
    // Excusing the upward import also excuses the cycle it closes.
    expect(check(synthetic, ['identity/users/store.ts -> oauth']).cycles).toEqual([]);
  });
});
