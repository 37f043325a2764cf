#!/usr/bin/env node
// The `keyward` command. The TypeScript sources are compiled to ../dist by `npm ci` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('keyward: not built yet; run `npm run build` at the repository root\n');
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv);
