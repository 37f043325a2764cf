import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { ApiError } from '../core/errors.js';
import { createDevCertificate, DEV_CERT_DEFAULTS, type DevCertificate } from '../tls/dev-cert.js';

interface DevCertOptions {
  data?: string;
  host?: string[];
  ip?: string[];
  days?: string;
  force?: boolean;
  json?: boolean;
}

const MAX_DAYS = 3650;

export function registerTlsCommands(program: Command): void {
  const tls = program.command('tls').description('TLS certificates for serving HTTPS');
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  tls
    .command('dev-cert')
    .description('write a self-signed certificate for this machine to <data dir>/tls, to serve HTTPS locally')
    .option('--data <dir>', 'data directory (KEYWARD_DATA_DIR, default ./data)')
    .option('--host <name>', 'another DNS name to cover, besides localhost (repeatable)', collect)
    .option('--ip <address>', 'another IP address to cover, besides 127.0.0.1 and ::1 (repeatable)', collect)
    .option(
      '--days <n>',
      `days of validity (default ${DEV_CERT_DEFAULTS.days}, the most macOS and iOS accept)`,
    )
    .option('--force', 'replace an existing certificate and key')
    .option('--json', 'print JSON')
    .action(async (options: DevCertOptions) => {
      await writeDevCertificate(options);
    });
}

async function writeDevCertificate(options: DevCertOptions): Promise<void> {
  const config = loadConfig(process.env, { data: options.data });
  const dir = join(config.dataDir, 'tls');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const existing = [certFile, keyFile].filter((file) => existsSync(file));
  if (existing.length > 0 && !options.force) {
    process.stderr.write(
      `keyward: ${existing.join(' and ')} already ${existing.length > 1 ? 'exist' : 'exists'}; keep using ` +
        'them, or pass --force to replace the certificate and key (clients that trust the old certificate ' +
        'must then be given the new one)\n',
    );
    process.exitCode = 1;
    return;
  }

  const hosts = unique([
    ...DEV_CERT_DEFAULTS.hosts,
    ...(options.host ?? []).map((host) => host.toLowerCase()),
  ]);
  const ips = unique([...DEV_CERT_DEFAULTS.ips, ...(options.ip ?? [])]);
  const { certPem, keyPem } = createCertificate(hosts, ips, parseDays(options.days));

  await mkdir(dir, { recursive: true, mode: 0o700 });
  // The key first: a certificate on disk always has its key next to it.
  await writeFileSafely(keyFile, keyPem, 0o600, options.force === true);
  await writeFileSafely(certFile, certPem, 0o644, options.force === true);

  const x509 = new X509Certificate(certPem);
  const view = {
    certFile,
    keyFile,
    fingerprint256: x509.fingerprint256,
    validTo: new Date(x509.validTo).toISOString(),
    subjectAltNames: [...hosts.map((host) => `DNS:${host}`), ...ips.map((ip) => `IP:${ip}`)],
  };
  if (options.json) process.stdout.write(`${JSON.stringify(view)}\n`);
  else {
    // The https URL `serve` will print with these files (from KEYWARD_HOST, KEYWARD_PORT, KEYWARD_ISSUER).
    const { issuer } = loadConfig(process.env, { data: options.data, tlsCert: certFile, tlsKey: keyFile });
    process.stdout.write(describe(view, [...hosts, ...ips], issuer));
  }
}

function parseDays(text: string | undefined): number {
  if (text === undefined) return DEV_CERT_DEFAULTS.days;
  const days = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(days >= 1 && days <= MAX_DAYS)) {
    throw new ApiError(
      'request.invalid',
      `--days must be a whole number from 1 to ${MAX_DAYS}, not "${text}"`,
    );
  }
  return days;
}

/** A bad --host or --ip is the user's input, not a programming error: report it like other refused input. */
function createCertificate(hosts: string[], ips: string[], days: number): DevCertificate {
  try {
    return createDevCertificate({ hosts, ips, days });
  } catch (error) {
    if (error instanceof TypeError) throw new ApiError('request.invalid', error.message);
    throw error;
  }
}

/**
 * Writes through a private temporary file, so the final file never exists with a wrong mode or half its
 * content. Without `force`, link() refuses to replace a file that appeared since the check above.
 */
async function writeFileSafely(file: string, content: string, mode: number, force: boolean): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temporary, content, { mode, flag: 'wx' });
  try {
    if (force) await rename(temporary, file);
    else await link(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
}

function describe(
  view: { certFile: string; keyFile: string; fingerprint256: string; validTo: string },
  names: string[],
  issuer: string,
): string {
  const cert = shellQuote(view.certFile);
  const key = shellQuote(view.keyFile);
  return `${[
    `Wrote a self-signed development certificate for ${names.join(', ')}`,
    `  certificate:          ${view.certFile}`,
    `  private key:          ${view.keyFile} (readable only by you; never share it)`,
    `  SHA-256 fingerprint:  ${view.fingerprint256}`,
    `  valid until:          ${view.validTo}`,
    '',
    'Serve HTTPS with it:',
    `  keyward serve --tls-cert ${cert} --tls-key ${key}`,
    '',
    'Make clients trust it (it is self-signed: trust this certificate itself):',
    `  Node.js:   NODE_EXTRA_CA_CERTS=${cert} node your-client.js   (or the \`ca\` option of https/tls)`,
    `  curl:      curl --cacert ${cert} ${issuer}/.well-known/openid-configuration`,
    '  browsers:  accept the certificate warning once for this site (development only)',
  ].join('\n')}\n`;
}

/** Paths are printed as commands to copy; quote the ones a shell would split. */
function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
