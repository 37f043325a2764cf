import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SendMailOptions, Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config/load.js';

/** One e-mail to deliver; `id` is the outbox id. */
export interface OutgoingMail {
  id: string;
  to: string;
  subject: string;
  text: string;
}

/** Delivers e-mail: over SMTP when KEYWARD_SMTP_URL is set, otherwise into .eml files in the data directory. */
export interface Mailer {
  /** Resolves once the SMTP server accepted the message (or the file is written); rejects otherwise. */
  send(message: OutgoingMail): Promise<void>;
  /** One line for start-up logs, never containing a password. */
  describe(): string;
  close(): Promise<void>;
}

/**
 * How long the SMTP server may stay silent (connecting, greeting, or mid-conversation) before the attempt fails.
 * Well under the outbox lease (60 s by default), so a hung server does not keep a message past its lease.
 */
const SMTP_TIMEOUT_MS = 30_000;

/** The mailer the configuration asks for. */
export function createMailer(config: Config, logger: Logger): Mailer {
  return config.mail.smtpUrl === null
    ? createFileMailer(join(config.dataDir, 'mail'), config.mail.from, logger)
    : createSmtpMailer(config.mail.smtpUrl, config.mail.from);
}

/**
 * A nodemailer transport made on first use: most nodes send a few reminders a day, and nodemailer's weight is
 * not worth carrying from start-up.
 */
function lazyTransport(options: Record<string, unknown>): {
  get(): Promise<Transporter>;
  close(): Promise<void>;
} {
  let transport: Promise<Transporter> | undefined;
  return {
    get() {
      transport ??= import('nodemailer').then((nodemailer) => nodemailer.default.createTransport(options));
      return transport;
    },
    async close() {
      if (transport !== undefined) (await transport).close();
    },
  };
}

function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = lazyTransport({
    url: smtpUrl,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  return {
    async send(message) {
      await (await transport.get()).sendMail(toMailOptions(message, from));
    },
    describe: () => describeSmtpUrl(smtpUrl),
    async close() {
      await transport.close();
    },
  };
}

/** `SMTP host:port`, from the URL without its user name and password. */
function describeSmtpUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  const implicitTls = url.protocol === 'smtps:';
  // nodemailer's defaults: 465 for implicit TLS, 587 (submission, with STARTTLS when offered) otherwise.
  const port = url.port || (implicitTls ? '465' : '587');
  return `SMTP${implicitTls ? 'S' : ''} ${url.hostname}:${port}`;
}

/**
 * Without an SMTP server, each message becomes `<dir>/<id>.eml`, an RFC 5322 message any mail client opens.
 * The files hold reminders meant for one person, so only Keyward's user may read them.
 */
function createFileMailer(dir: string, from: string, logger: Logger): Mailer {
  // RFC 5322 §2.1: lines end in CRLF.
  const composer = lazyTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(message) {
      const file = join(dir, `${safeFileName(message.id)}.eml`);
      const info = await (await composer.get()).sendMail(toMailOptions(message, from));
      if (!Buffer.isBuffer(info.message))
        throw new TypeError('nodemailer returned a stream despite buffer: true');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFileAtomically(file, info.message);
      logger.info({ file }, 'e-mail written to a file (KEYWARD_SMTP_URL is not set)');
    },
    describe: () => `.eml files in ${dir}`,
    async close() {},
  };
}

/** Outbox ids are UUIDs; anything else must not choose where a file goes. */
function safeFileName(id: string): string {
  if (!/^[A-Za-z0-9-]{1,100}$/.test(id)) throw new TypeError(`not an outbox id: ${JSON.stringify(id)}`);
  return id;
}

/** A reader never sees half a message: write a temporary file, then rename it into place. */
async function writeFileAtomically(file: string, content: Buffer): Promise<void> {
  const temporary = `${file}.tmp`;
  await writeFile(temporary, content, { mode: 0o600 });
  await rename(temporary, file);
}

function toMailOptions(message: OutgoingMail, from: string): SendMailOptions {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    // RFC 5322 §3.6.4: the same message always carries the same Message-ID, so should a crash make the outbox
    // send it twice, the receiving side can recognise and drop the copy.
    messageId: messageIdFor(message.id),
  };
}

/** The Message-ID of the outbox message `id`, angle brackets included. */
export function messageIdFor(id: string): string {
  return `<${id}@keyward>`;
}
