// The CommonJS build sits in dist/cjs beside the ESM one; this package is "type": "module", so dist/cjs needs
// its own package.json saying its .js files are CommonJS.
import { writeFileSync } from 'node:fs';

writeFileSync(new URL('../dist/cjs/package.json', import.meta.url), '{ "type": "commonjs" }\n');
