// An evenly paced load over `connections` keep-alive sockets, for latency at a given request rate (autocannon's
// rate options send each second's quota in a burst, which measures saturation again). Requests are started on
// a fixed schedule; a request's latency counts from when it was due, so time spent waiting for a free socket is
// included (no coordinated omission).
import http from 'node:http';

export function runPaced({ origin, plan, rate, seconds, connections, onResponse }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const { hostname, port } = new URL(origin);
  const latencies = [];
  const counts = { requests: 0, ok: 0, non2xx: 0, errors: 0, timeouts: 0, codes: {} };
  const total = Math.round(rate * seconds);
  const started = performance.now();
  let sent = 0;
  let done = 0;
  return new Promise((resolve) => {
    const finish = () => {
      agent.destroy();
      resolve({ counts, latencies, seconds: (performance.now() - started) / 1000 });
    };
    const send = (dueAt) => {
      const { changes, expect } = plan.next ? plan.next() : { changes: {}, expect: plan.expect };
      const headers = { ...plan.headers, ...changes.headers };
      const body = changes.body ?? plan.body;
      if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
      const request = http.request(
        { agent, hostname, port, method: plan.method, path: plan.path, headers, timeout: 10_000 },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            counts.requests += 1;
            counts.codes[status] = (counts.codes[status] ?? 0) + 1;
            if (status >= 200 && status < 300) {
              counts.ok += 1;
              latencies.push(performance.now() - dueAt);
            } else {
              counts.non2xx += 1;
            }
            onResponse(status, Buffer.concat(chunks).toString('utf8'), { expect });
            if (++done === total) finish();
          });
        },
      );
      request.on('timeout', () => {
        counts.timeouts += 1;
        request.destroy();
      });
      request.on('error', () => {
        counts.errors += 1;
        if (++done === total) finish();
      });
      request.end(body);
    };
    // Polled with setImmediate rather than a 1 ms timer: the load generator has its core to itself, and a
    // timer's granularity would add up to a millisecond to every latency.
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      while (sent < due) {
        send(started + (sent / rate) * 1000);
        sent += 1;
      }
      if (sent < total) setImmediate(tick);
    };
    tick();
  });
}
