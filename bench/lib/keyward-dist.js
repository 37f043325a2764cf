// Where the bench finds Keyward: the repository root and the compiled server (packages/server/dist).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const keywardBin = fileURLToPath(new URL('../../packages/server/bin/keyward.js', import.meta.url));
const dist = new URL('../../packages/server/dist/', import.meta.url);

/** Imports a module of the compiled server, e.g. `startup.js`; says how to build it when it is missing. */
export async function keywardModule(path) {
  const url = new URL(path, dist);
  if (!existsSync(url)) {
    throw new Error(`packages/server/dist/${path} is missing: run \`npm run build\` at the repository root`);
  }
  return import(url.href);
}

/** Imports a dependency as the server resolves it (the same copy Keyward itself uses), e.g. `kysely`. */
export async function keywardDependency(name) {
  const require = createRequire(new URL('../../packages/server/package.json', import.meta.url));
  return import(pathToFileURL(require.resolve(name)).href);
}
