/**
 * A minimal browser for driving Keyward's server-rendered pages over real HTTP: it keeps cookies per host,
 * follows redirects on request, and fills and submits the one form of a page the way a person would.
 */
export class Browser {
  readonly #cookies = new Map<string, Map<string, string>>();

  /** One request, redirects not followed. */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const headers: Record<string, string> = {};
    const jar = this.#cookies.get(target.host);
    if (jar && jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      // Keyward's pages send Referrer-Policy: no-referrer, so a browser's same-origin post says Origin: null.
      headers.origin = 'null';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    this.#remember(target.host, response);
    return response;
  }

  /** Follows redirects until one leaves `origin` (returned unvisited) or a page answers. */
  async follow(
    url: string,
    origin: string,
    init: { form?: Record<string, string> } = {},
  ): Promise<{ page?: Page; leftTo?: string }> {
    let response = await this.request(url, init);
    for (let hops = 0; hops < 10; hops++) {
      const location = response.headers.get('location');
      if (!location) return { page: new Page(response.url || url, response.status, await response.text()) };
      const next = new URL(location, url).href;
      if (!next.startsWith(origin)) return { leftTo: next };
      url = next;
      response = await this.request(next);
    }
    throw new Error('too many redirects');
  }

  #remember(host: string, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq <= 0) continue;
      const jar = this.#cookies.get(host) ?? new Map<string, string>();
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(pair.slice(0, eq));
      else jar.set(pair.slice(0, eq), value);
      this.#cookies.set(host, jar);
    }
  }
}

/** An HTML page and its (first) form. */
export class Page {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly html: string,
  ) {}

  /** The form's action and its fields: hidden inputs, checked radios, and the given ones. */
  form(fields: Record<string, string> = {}): { action: string; fields: Record<string, string> } {
    const action = /<form[^>]*action="([^"]+)"/.exec(this.html)?.[1];
    if (!action) throw new Error(`no form on ${this.url}:\n${this.html.slice(0, 500)}`);
    const values: Record<string, string> = {};
    for (const [, name, value] of this.html.matchAll(
      /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
    )) {
      values[name as string] = decode(value as string);
    }
    for (const [, name, value] of this.html.matchAll(
      /<input type="radio" name="([^"]+)" value="([^"]+)" required checked>/g,
    )) {
      values[name as string] = decode(value as string);
    }
    return { action: new URL(decode(action), this.url).href, fields: { ...values, ...fields } };
  }
}

function decode(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
