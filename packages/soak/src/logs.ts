/** What the soak reads in a server's JSON log: the lines that say something went wrong on the server's side. */
export interface ServerFault {
  requestId: string | null;
  /** Why the line counts: an error-level entry, or a 5xx answer the client may never have seen. */
  reason: string;
  line: string;
}

/**
 * Faults in log text: any entry at level error or fatal (pino levels 50 and 60), and any completed request
 * answered 5xx. A request a client abandoned has no one to see its answer: only the log tells.
 */
export function findServerFaults(text: string): ServerFault[] {
  const faults: ServerFault[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: {
      level?: number;
      requestId?: string;
      reqId?: string;
      msg?: string;
      res?: { statusCode?: number };
    };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    const requestId = entry.requestId ?? entry.reqId ?? null;
    const status = entry.res?.statusCode;
    if ((entry.level ?? 0) >= 50)
      faults.push({ requestId, reason: `logged at level ${entry.level}: ${entry.msg ?? ''}`, line });
    else if (typeof status === 'number' && status >= 500)
      faults.push({ requestId, reason: `answered ${status}`, line });
  }
  return faults;
}
