// The package as its users get it: the exports map resolves ESM for import and CommonJS for require (Node ≥
// 20.19 loads the ESM-only jose from CommonJS), each with its .d.ts, for the main entry and both subpaths.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const requireFromPackage = createRequire(new URL('package.json', root));

describe('@keyward/verify as published', () => {
  it('depends at run time on jose alone', () => {
    expect(Object.keys(manifest.dependencies)).toEqual(['jose']);
    expect(manifest.peerDependenciesMeta).toEqual({
      '@types/express': { optional: true },
      fastify: { optional: true },
    });
  });

  it.each(['.', './fastify', './express'])('%s: every file the exports map names exists', (entry) => {
    for (const condition of ['import', 'require']) {
      for (const file of Object.values(manifest.exports[entry][condition]) as string[]) {
        expect(existsSync(new URL(file, root)), `${entry} ${condition} ${file}`).toBe(true);
      }
    }
  });

  it('require() gives the CommonJS build, import the ESM one, with the same API', async () => {
    const cjs = requireFromPackage('@keyward/verify');
    const esm = await import('@keyward/verify');
    expect(requireFromPackage.resolve('@keyward/verify')).toMatch(/dist\/cjs\/index\.js$/);
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
    expect(typeof requireFromPackage('@keyward/verify/fastify').fastifyGuard).toBe('function');
    expect(typeof requireFromPackage('@keyward/verify/express').expressGuard).toBe('function');
    expect(typeof (await import('@keyward/verify/fastify')).fastifyGuard).toBe('function');

    // The CommonJS build works: a verifier refuses garbage with its own VerifyError, without any network.
    const verifier = cjs.createVerifier({ issuer: 'https://id.example.test' });
    const error = await verifier.verify('garbage').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(cjs.VerifyError);
    expect(error).toMatchObject({ code: 'token_invalid', reason: 'malformed' });
  });
});
