// An OVH-signed call, GET /1.0/me, signed exactly as the official npm client does: its own signRequest over
// `https://` + host + path (ovh 2.0.3 signs the host without its port) with the current timestamp, cycling
// through the pool of consumer keys validated by users. Checked: the sampled answers are the signing user's.
import { readFileSync } from 'node:fs';
import ovh from 'ovh';
import { cycle } from '../lib/checks.js';

const PATH = '/1.0/me';

export async function prepare(job) {
  const { consumerKeys } = JSON.parse(readFileSync(job.fixtures, 'utf8'));
  const host = new URL(job.target.origin).hostname;
  const clients = consumerKeys.map((key) => ({
    key,
    client: ovh({
      appKey: key.applicationKey,
      appSecret: key.applicationSecret,
      consumerKey: key.consumerKey,
      host,
    }),
  }));
  const next = cycle(clients);
  return {
    method: 'GET',
    path: PATH,
    headers: {},
    next: () => {
      const { key, client } = next();
      const timestamp = Math.round(Date.now() / 1000);
      return {
        changes: {
          // The headers the client sends (ovh.es5.js Ovh.request).
          headers: {
            'Content-Type': 'application/json',
            'X-Ovh-Application': key.applicationKey,
            'X-Ovh-Timestamp': String(timestamp),
            'X-Ovh-Consumer': key.consumerKey,
            'X-Ovh-Signature': client.signRequest('GET', `https://${host}${PATH}`, null, timestamp),
          },
        },
        expect: { email: key.email, nichandle: key.userId },
      };
    },
    check: async ({ body, expect }) => {
      const me = JSON.parse(body);
      return me.email === expect.email && me.nichandle === expect.nichandle
        ? null
        : `GET /me answered ${me.email}, expected ${expect.email}`;
    },
  };
}
