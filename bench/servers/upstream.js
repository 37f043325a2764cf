// The service behind the gateway in the gateway scenario: GET /resource answers a small JSON document naming
// the caller the gateway says it is (X-Keyward-Subject; null when called directly). Nothing else, so the
// scenario measures what the gateway adds. Configured by environment: PORT.
import Fastify from 'fastify';

const { PORT } = process.env;
const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ ok: true }));
app.get('/resource', async (request) => ({
  sub: request.headers['x-keyward-subject'] ?? null,
  context_name: request.headers['x-keyward-org'] ?? null,
  invoices: [
    { id: 'inv-1', amount: 1200 },
    { id: 'inv-2', amount: 980 },
  ],
}));
await app.listen({ host: '127.0.0.1', port: Number(PORT) });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
