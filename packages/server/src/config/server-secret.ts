import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { type Config, ConfigError } from './load.js';

/**
 * The server key: KEYWARD_SECRET, else KEYWARD_SECRET_FILE, else `<data dir>/secret`, generated on first use.
 * Generating writes with O_EXCL and mode 0600, so two processes starting together end up with the same key.
 */
export async function resolveServerSecret(config: Config, logger: Logger): Promise<string> {
  if (config.secret) return config.secret;
  if (config.secretFile) return readSecretFile(config.secretFile, 'KEYWARD_SECRET_FILE');

  const file = join(config.dataDir, 'secret');
  try {
    return await readSecretFile(file, 'KEYWARD_SECRET');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const generated = randomBytes(48).toString('base64url');
  // Write a private temporary file, then link it into place: the link either wins whole or fails with EEXIST,
  // so a second process never reads a half-written secret.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temporary, `${generated}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readSecretFile(file, 'KEYWARD_SECRET');
    throw error;
  } finally {
    await unlink(temporary);
  }
  logger.warn(
    { file },
    'KEYWARD_SECRET is not set: generated a server secret into the data directory. Back it up, and give every ' +
      'node of a cluster the same value through KEYWARD_SECRET; without it, stored secrets cannot be checked.',
  );
  return generated;
}

async function readSecretFile(file: string, variable: string): Promise<string> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && variable === 'KEYWARD_SECRET') throw error;
    throw new ConfigError(variable, `cannot read the secret file ${file}: ${(error as Error).message}`);
  }
  if (text.length < 32)
    throw new ConfigError(variable, `the secret in ${file} is shorter than 32 characters`);
  const mode = (await stat(file)).mode & 0o077;
  if (mode !== 0 && variable === 'KEYWARD_SECRET') {
    throw new ConfigError(variable, `${file} is readable by other users; run \`chmod 600 ${file}\``);
  }
  return text;
}
