// The bridge to packages/verify, Keyward's own resource-server verifier (DESIGN §1), for the verification
// scenario. run.js adds that target only when packages/verify exists; this is the one place to adapt when its
// API changes. `createVerifier({ issuer, jwksUri })` → `verify(token)` resolves to a principal whose `claims`
// are the token's.
import { existsSync } from 'node:fs';

const entry = new URL('../../packages/verify/dist/esm/index.js', import.meta.url);

export const verifyPackageExists = () =>
  existsSync(new URL('../../packages/verify/package.json', import.meta.url));

export async function keywardVerifier({ issuer, jwksUrl }) {
  if (!existsSync(entry)) throw new Error('packages/verify is not built: run `npm run build` at the root');
  const module = await import(entry.href);
  if (typeof module.createVerifier !== 'function') {
    throw new Error('packages/verify has no createVerifier export; adapt bench/lib/verify-adapter.js');
  }
  const verifier = module.createVerifier({ issuer, jwksUri: jwksUrl });
  await verifier.ready();
  return async (token) => (await verifier.verify(token)).claims;
}
