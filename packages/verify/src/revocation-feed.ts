import { describeError } from './errors.js';
import { checkUrl, type HttpSettings } from './http.js';
import type { VerifierEvent } from './options.js';
import type { CredentialType } from './principal.js';
import {
  createRevocationSet,
  type RevocationEntry,
  type RevocationSet,
  type RevocationSource,
  type TokenReference,
} from './revocations.js';

/** Keyward sends a heartbeat every 10 s: a stream silent for this long is dead even if its socket is not. */
const SILENCE_MS = 25_000;
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 10_000;
/** Entries are a few hundred bytes; an event larger than this is not Keyward's. */
const MAX_EVENT_CHARS = 64 * 1024;
const PRUNE_EVERY_MS = 60_000;
const CREDENTIAL_TYPES: ReadonlySet<string> = new Set<CredentialType>(['api_token', 'client', 'grant']);

export interface RevocationFeedSettings {
  /** `<issuer>/api/v1/revocations/stream` unless told otherwise. */
  url: string;
  clientId: string;
  clientSecret: string;
  /** Past this long without a live stream, `check` throws (the verifier answers 503 revocations_unavailable). */
  maxDisconnectedMs: number;
  http: HttpSettings;
  now: () => number;
  onEvent: (event: VerifierEvent) => void;
}

/**
 * Keyward's revocation feed, followed over Server-Sent Events (docs/verify.md): entries go into an in-memory
 * RevocationSet that `check` reads without I/O. Reconnects with back-off and resumes from the last event id
 * (Last-Event-ID); a `reset` restarts from the beginning (entries held are kept: each still refuses only what
 * it named, until its keepUntil). Fails closed once disconnected for longer than `maxDisconnectedMs`.
 */
export class RevocationFeedClient implements RevocationSource {
  readonly #set: RevocationSet = createRevocationSet();
  readonly #authorization: string;
  #position = 0;
  #disconnectedSince: number;
  #lastError = 'not connected yet';
  #started = false;
  #stopped = false;
  #abort: AbortController | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #upToDate: { promise: Promise<void>; resolve: () => void };
  #prunedAt = 0;

  constructor(private readonly settings: RevocationFeedSettings) {
    checkUrl('the revocation feed URL', settings.url, settings.http.allowInsecureHttp);
    const form = (value: string) => encodeURIComponent(value);
    this.#authorization = `Basic ${btoa(`${form(settings.clientId)}:${form(settings.clientSecret)}`)}`;
    this.#disconnectedSince = settings.now();
    let resolve = () => {};
    const promise = new Promise<void>((done) => {
      resolve = done;
    });
    this.#upToDate = { promise, resolve };
  }

  /** How many entries are held (for metrics and tests). */
  get size(): number {
    return this.#set.size;
  }

  check(token: TokenReference): string | undefined {
    this.start();
    const now = this.settings.now();
    if (this.#disconnectedSince !== -1 && now - this.#disconnectedSince > this.settings.maxDisconnectedMs) {
      throw new Error(
        `Keyward's revocation feed has been unreachable for ${Math.round((now - this.#disconnectedSince) / 1000)} s (${this.#lastError})`,
      );
    }
    if (now - this.#prunedAt > PRUNE_EVERY_MS) {
      this.#prunedAt = now;
      this.#set.prune(Math.floor(now / 1000));
    }
    return this.#set.check(token);
  }

  /** Connects (once); resolves when the backlog has arrived, rejects after `timeoutMs`. */
  async ready(timeoutMs: number): Promise<void> {
    this.start();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`the revocation feed did not connect within ${timeoutMs} ms (${this.#lastError})`),
          ),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.#upToDate.promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    void this.#run(FIRST_RETRY_MS);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#abort?.abort();
  }

  async #run(retryMs: number): Promise<void> {
    let next = retryMs;
    try {
      if (await this.#follow()) next = FIRST_RETRY_MS; // it was up, so the break is news: retry soon
    } catch (error) {
      this.#lastError = describeError(error);
    }
    if (this.#disconnectedSince === -1) this.#disconnectedSince = this.settings.now();
    if (this.#stopped) return;
    this.settings.onEvent({ type: 'revocation_feed_disconnected', error: this.#lastError, retryInMs: next });
    // Full jitter: many verifiers that lost one Keyward do not all come back at the same instant.
    const wait = Math.round(next / 2 + (Math.random() * next) / 2);
    this.#retryTimer = setTimeout(() => void this.#run(Math.min(next * 2, MAX_RETRY_MS)), wait);
    this.#retryTimer.unref?.();
  }

  /** One connection, read until it breaks. Resolves whether it got as far as being up to date. */
  async #follow(): Promise<boolean> {
    const abort = new AbortController();
    this.#abort = abort;
    let silence: ReturnType<typeof setTimeout> | undefined;
    const heard = () => {
      clearTimeout(silence);
      silence = setTimeout(() => {
        this.#lastError = `no heartbeat for ${SILENCE_MS / 1000} s`;
        abort.abort();
      }, SILENCE_MS);
      silence.unref?.();
    };
    let wasUp = false;
    try {
      heard();
      const response = await this.settings.http.fetch(this.settings.url, {
        headers: {
          accept: 'text/event-stream',
          authorization: this.#authorization,
          ...(this.#position > 0 ? { 'last-event-id': String(this.#position) } : {}),
        },
        redirect: 'manual',
        signal: abort.signal,
      });
      if (response.status !== 200 || !response.body) {
        const text = (await response.text().catch(() => '')).slice(0, 200);
        throw new Error(`${this.settings.url} answered HTTP ${response.status}${text ? `: ${text}` : ''}`);
      }
      const parser = new EventStreamParser((event) => {
        heard();
        if (this.#handle(event)) wasUp = true;
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        heard();
        parser.push(value);
      }
      this.#lastError = 'Keyward ended the stream';
    } catch (error) {
      if (!abort.signal.aborted || this.#stopped) this.#lastError = describeError(error);
    } finally {
      clearTimeout(silence);
    }
    return wasUp;
  }

  /** Applies one event; true when it shows the stream is up to date. */
  #handle(event: { event: string; id: string | undefined; data: string }): boolean {
    if (event.event === 'reset') {
      this.#position = 0;
      return false;
    }
    if (event.event === 'heartbeat') {
      this.#disconnectedSince = -1;
      this.#upToDate.resolve();
      return true;
    }
    if (event.event !== 'revocation') return false;
    const entry = toEntry(event.data);
    if (entry) this.#set.add(entry);
    const position = Number(event.id);
    if (Number.isSafeInteger(position) && position > 0) this.#position = position;
    return false;
  }
}

/** A feed entry as the verifier uses it; undefined for what it cannot use (consumer keys: Keyward checks those). */
function toEntry(data: string): RevocationEntry | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== 'object' || typeof raw.keepUntil !== 'number') return undefined;
  const common = {
    keepUntil: raw.keepUntil,
    ...(typeof raw.issuedBefore === 'number' ? { issuedBefore: raw.issuedBefore } : {}),
    ...(typeof raw.reason === 'string' ? { reason: raw.reason } : {}),
  };
  if (typeof raw.token === 'string') return { token: raw.token, ...common };
  if (typeof raw.clientId === 'string') return { clientId: raw.clientId, ...common };
  if (typeof raw.subject === 'string') {
    return {
      subject: raw.subject,
      ...(typeof raw.orgId === 'string' ? { orgId: raw.orgId } : {}),
      ...common,
    };
  }
  const credential = raw.credential as { type?: unknown; id?: unknown } | undefined;
  if (credential && typeof credential.id === 'string' && CREDENTIAL_TYPES.has(String(credential.type))) {
    return { credential: { type: credential.type as CredentialType, id: credential.id }, ...common };
  }
  return undefined;
}

/**
 * The text/event-stream format (WHATWG HTML §9.2.6): lines of `field: value`, an event ends at a blank line,
 * `:` starts a comment, several `data` lines join with newlines. Only `event`, `data` and `id` matter here.
 */
export class EventStreamParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  #id: string | undefined;

  constructor(
    private readonly dispatch: (event: { event: string; id: string | undefined; data: string }) => void,
  ) {}

  push(text: string): void {
    this.#buffer += text;
    for (;;) {
      const end = this.#buffer.search(/\r\n|\r|\n/);
      if (end < 0) break;
      const line = this.#buffer.slice(0, end);
      const breakLength = this.#buffer.startsWith('\r\n', end) ? 2 : 1;
      // A lone \r at the very end may be the first half of \r\n: wait for more.
      if (this.#buffer[end] === '\r' && end + 1 === this.#buffer.length) break;
      this.#buffer = this.#buffer.slice(end + breakLength);
      this.#line(line);
    }
    if (this.#buffer.length > MAX_EVENT_CHARS)
      throw new Error('an event of the revocation feed is too large');
  }

  #line(line: string): void {
    if (line === '') {
      if (this.#data.length > 0 || this.#event !== '') {
        this.dispatch({ event: this.#event || 'message', id: this.#id, data: this.#data.join('\n') });
      }
      this.#event = '';
      this.#data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
  }
}
