// `keyward gateway --config gateway.yaml`, the built command as an operator runs it: a broken file stops it
// with the setting named, a good one serves (no database anywhere) until SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYWARD_BIN, runCli } from '../../server/test/support/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-gateway-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('keyward gateway', () => {
  it('refuses a broken configuration with exit code 2 and the setting named', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'keyward: { issuer: https://id.example.com }\nroutes:\n  - { path: billing }\n');
    const result = await runCli(['gateway', '--config', file], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `keyward gateway: configuration error: ${file}: routes[0].path must match pattern`,
    );
  });

  it('serves with a good one, having made its signing key, and stops on SIGTERM', async () => {
    const file = join(dir, 'gateway.yaml');
    writeFileSync(
      file,
      'keyward: { issuer: http://127.0.0.1:1 }\nroutes:\n  - { path: /billing, upstream: http://127.0.0.1:2 }\n',
    );
    const child = spawn(process.execPath, [KEYWARD_BIN, 'gateway', '--config', file, '--port', '0'], {
      env: { PATH: process.env.PATH ?? '' },
    });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        const match = /Keyward gateway is running at (\S+)/.exec(stderr);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    // No token: refused by the gateway itself, Keyward (unreachable here) is not needed to say so.
    expect((await fetch(`${url}/billing`)).status).toBe(401);
    expect(statSync(join(dir, 'gateway-signing-key.json')).mode & 0o777).toBe(0o600);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
