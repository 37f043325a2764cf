import {
  type DestinationStream,
  type Logger,
  pino,
  destination as pinoDestination,
  stdSerializers,
} from 'pino';
import type { LogLevel } from '../config/load.js';

/** Query parameters whose values may appear in logs; every other value is replaced (they may be secrets). */
const LOGGABLE_QUERY_PARAMS = new Set([
  'format',
  'pageStart',
  'pageLimit',
  'orgId',
  'org_id',
  'applicationId',
  'status',
  'expand',
  'searchTerm',
  'response_type',
  'client_id',
  'scope',
  'prompt',
]);

/** The URL as logged: path as is, query values other than known-harmless ones redacted. */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question === -1) return url;
  const params = new URLSearchParams(url.slice(question + 1));
  const parts: string[] = [];
  for (const [key, value] of params) {
    const shown = LOGGABLE_QUERY_PARAMS.has(key) ? value.slice(0, 100) : '[redacted]';
    parts.push(`${encodeURIComponent(key)}=${shown === '[redacted]' ? shown : encodeURIComponent(shown)}`);
  }
  return `${url.slice(0, question)}?${parts.join('&')}`;
}

/** JSON logs; fields that can hold secrets are censored wherever they appear (ASVS 16.2.5). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'keyward' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: {
        req: (request: { method?: string; url?: string; ip?: string }) => ({
          method: request.method,
          url: redactUrl(request.url ?? ''),
          remoteAddress: request.ip,
        }),
        res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
        err: stdSerializers.err,
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["csp-auth-token"]',
          'req.headers["x-ovh-signature"]',
          'req.headers["x-ovh-consumer"]',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          'password',
          '*.password',
          'secret',
          '*.secret',
          'token',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    // Asynchronous by default: a log line never makes a request wait on stdout. Pino flushes what is buffered
    // when the process exits; a kill -9 may lose the last lines, never a request's effect.
    destination ?? pinoDestination({ dest: 1, sync: false }),
  );
}
