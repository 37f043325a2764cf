// Documentation that must not drift from the code: the error catalogue and the configuration variables.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../src/config/variables.js';
import { API_ERRORS } from '../src/core/errors.js';

const repo = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repo), 'utf8');

describe('docs/errors.md', () => {
  it('lists every error code with its status, and no code the server does not have', () => {
    const rows = [...read('docs/errors.md').matchAll(/^\|\s*`([a-z_.]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    const catalogue = Object.entries(API_ERRORS).map(([code, { status }]) => [code, status]);
    expect(rows.sort()).toEqual(catalogue.sort());
  });
});

describe('docs/configuration.md', () => {
  it('documents every variable with its flag and default', () => {
    const rows = new Map(
      [
        ...read('docs/configuration.md').matchAll(
          /^\|\s*`(KEYWARD_[A-Z_]+)`\s*\|\s*(`--[a-z-]+`)?\s*\|\s*(`[^`]*`)?\s*\|/gm,
        ),
      ].map((m) => [m[1], { flag: m[2]?.slice(1, -1), default: m[3]?.slice(1, -1) }]),
    );
    for (const variable of CONFIG_VARIABLES) {
      expect(rows.get(variable.env), variable.env).toEqual({
        flag: variable.flag,
        default: variable.default,
      });
    }
    expect([...rows.keys()].sort()).toEqual(CONFIG_VARIABLES.map((v) => v.env).sort());
  });

  it('README opens with the two commands a new user runs', () => {
    const firstBlock = read('README.md').split('```')[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm start');
    expect(firstBlock).toContain('npm test');
  });
});

/** Every file of the repository a citation may sit in: source, tests and docs, without generated or installed files. */
function citingFiles(): string[] {
  const skip = /(^|\/)(node_modules|dist|data|screenshots)(\/|$)/;
  const files = ['README.md'];
  for (const root of ['packages', 'docs', 'examples']) {
    const entries = readdirSync(new URL(`${root}/`, repo), {
      recursive: true,
      withFileTypes: false,
    }) as string[];
    for (const entry of entries) {
      const path = `${root}/${entry}`;
      if (!skip.test(path) && /\.(ts|tsx|js|mjs|md)$/.test(path)) files.push(path);
    }
  }
  return files;
}

/** The anchors GitHub gives a Markdown file's headings (fenced code left out; a repeated heading gets -1, -2…). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const [, heading = ''] of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = heading
      .replace(/`/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** Notes kept outside the repository (the reference copies of the vendors' wire facts, the design map). */
const OUTSIDE_NOTES = /(csp|ovh)-wire|DESIGN (§|\.md)/;

describe('citations', () => {
  it('cite documents in the repository, not notes kept outside it', () => {
    const outside = citingFiles().flatMap((path) =>
      read(path)
        .split('\n')
        .flatMap((line, i) => (OUTSIDE_NOTES.test(line) ? [`${path}:${i + 1}`] : [])),
    );
    expect(outside).toEqual([]);
  });

  it('name a docs/…md#anchor that exists, from code and from the docs', () => {
    const cited: { from: string; file: string; anchor: string }[] = [];
    for (const path of citingFiles()) {
      const text = read(path);
      for (const m of text.matchAll(/\bdocs\/([\w./-]+\.md)#([\w-]+)/g)) {
        cited.push({ from: path, file: `docs/${m[1]}`, anchor: m[2] ?? '' });
      }
      if (path.startsWith('docs/')) {
        // Relative links between the docs: [text](../architecture.md#hot-paths), [text](#perms).
        for (const m of text.matchAll(/\]\(([\w./-]*\.md)?#([\w-]+)\)/g)) {
          const file = m[1] ? new URL(m[1], new URL(path, repo)).pathname.slice(repo.pathname.length) : path;
          cited.push({ from: path, file, anchor: m[2] ?? '' });
        }
      }
    }
    expect(cited.length).toBeGreaterThan(100);
    const missing = cited.filter(({ file, anchor }) => {
      if (!existsSync(new URL(file, repo))) return true;
      return !anchorsOf(read(file)).has(anchor);
    });
    expect(missing).toEqual([]);
  });

  it('reads anchors as GitHub writes them', () => {
    const anchors = anchorsOf(
      '# Wire notes\n## API-token exchange\n```sh\n# not a heading\n```\n## Secrets (org owners)\n## Paging\n## Paging\n',
    );
    expect([...anchors]).toEqual([
      'wire-notes',
      'api-token-exchange',
      'secrets-org-owners',
      'paging',
      'paging-1',
    ]);
  });
});
