// Documentation that must not drift from the code: the error catalogue and the configuration variables.
import { readFileSync } from 'node:fs';
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
