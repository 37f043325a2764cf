import { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import pino, { type DestinationStream } from 'pino';

/**
 * The gateway's logger: JSON lines written asynchronously (a request never waits on stdout; pino flushes what is
 * buffered at exit), credentials censored wherever they appear, and query values left out of logged URLs — the
 * gateway forwards URLs of services it does not know, whose query strings may carry anything.
 */
export function createGatewayLogger(level: string, destination?: DestinationStream): FastifyBaseLogger {
  return pino(
    {
      level,
      base: { service: 'keyward-gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: {
        req: (request: { method?: string; url?: string; ip?: string }) => ({
          method: request.method,
          url: withoutQueryValues(request.url ?? ''),
          remoteAddress: request.ip,
        }),
        res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
        err: pino.stdSerializers.err,
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["csp-auth-token"]',
          'req.headers["x-ovh-signature"]',
          'req.headers["x-ovh-consumer"]',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** `/a?token=x&b=y` → `/a?token=…&b=…`: which parameters came, never their values. */
export function withoutQueryValues(url: string): string {
  const question = url.indexOf('?');
  if (question === -1) return url;
  const names = url
    .slice(question + 1)
    .split('&')
    .map((pair) => `${pair.split('=')[0]}=…`);
  return `${url.slice(0, question)}?${names.join('&')}`;
}

/**
 * One access-log line per request, when the answer is sent, naming the route's decision (Fastify's default
 * writes two lines, one on arrival, which costs a visible share of a proxy's throughput).
 */
export class GatewayAccessLog extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      req: request,
      res: reply,
      responseTime: reply.elapsedTime,
      ...(request.keywardIdentity === undefined
        ? {}
        : { subject: request.keywardIdentity['x-keyward-subject'] }),
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
