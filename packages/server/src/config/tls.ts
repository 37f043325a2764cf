import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Config, ConfigError } from './load.js';

/** Reads and checks the TLS certificate and key; a problem stops start-up naming the variable. */
export function readTlsFiles(config: Config): { cert: Buffer; key: Buffer } | null {
  if (!config.tls) return null;
  const read = (file: string, variable: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new ConfigError(
        variable,
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
  };
  const cert = read(config.tls.certFile, 'KEYWARD_TLS_CERT');
  const key = read(config.tls.keyFile, 'KEYWARD_TLS_KEY');
  try {
    new X509Certificate(cert);
  } catch {
    throw new ConfigError('KEYWARD_TLS_CERT', `${config.tls.certFile} is not a PEM certificate`);
  }
  return { cert, key };
}
