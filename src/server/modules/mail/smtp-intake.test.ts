import { readFileSync } from 'node:fs';
import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type SmtpEnvelope,
  type SmtpIntake,
  type SmtpIntakeOptions,
  startSmtpIntake,
} from './smtp-intake.js';

const KNOWN = 'support@example.com';
const tlsDir = new URL('../../../../test/fixtures/tls/', import.meta.url);

type Handover = { raw: Buffer; envelope: SmtpEnvelope };

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Gates still closed when a test ends; afterEach opens them so stop() is not left waiting on one. */
const gates = new Set<() => void>();

function deferred(): { promise: Promise<void>; release(): void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  gates.add(release);
  return { promise, release };
}

/** Marks when a promise settled, without awaiting it. */
function watch<T>(promise: Promise<T>): { settled: () => boolean; result: Promise<T> } {
  let settled = false;
  const result = promise.finally(() => {
    settled = true;
  });
  return { settled: () => settled, result };
}

function recordingLogger() {
  const lines: string[] = [];
  const record = (obj: object, msg?: string) => {
    const err = (obj as { err?: unknown }).err;
    lines.push(`${msg ?? ''} ${JSON.stringify(obj)} ${err instanceof Error ? err.message : ''}`);
  };
  return { lines, logger: { info: record, warn: record, error: record } };
}

/** The exact bytes nodemailer builds for a mail, with a dot-led line so dot-stuffing is exercised. */
async function buildRaw(subject: string, body: string): Promise<Buffer> {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await builder.sendMail({
    from: 'Customer <customer@example.org>',
    to: KNOWN,
    subject,
    text: body,
    messageId: `<${subject.replace(/\W/g, '-')}@example.org>`,
  });
  return info.message as Buffer;
}

type SendOptions = { from?: string; to: string[]; raw: Buffer; port: number; starttls?: boolean };

/** Sends prebuilt bytes over real SMTP; resolves with the server's final reply. */
async function send({ from = 'customer@example.org', to, raw, port, starttls }: SendOptions) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    name: 'client.example.org',
    ...(starttls ? { requireTLS: true, tls: { rejectUnauthorized: false } } : { ignoreTLS: true }),
  });
  try {
    return await transport.sendMail({ envelope: { from, to }, raw });
  } finally {
    transport.close();
  }
}

/** A bare SMTP dialogue over a socket, for what nodemailer does not show (EHLO lines, idle sessions). */
async function dialogue(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let buffered = '';
  let wake: () => void = () => {};
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    buffered += text;
    wake();
  });
  socket.on('close', () => wake());
  /** Reads one complete (possibly multi-line) reply. */
  async function reply(): Promise<string> {
    for (;;) {
      const end = buffered.match(/^\d{3} .*\r\n/m);
      if (end?.index !== undefined) {
        const text = buffered.slice(0, end.index + end[0].length);
        buffered = buffered.slice(text.length);
        return text;
      }
      if (socket.destroyed || socket.readableEnded) return buffered;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const greeting = await reply();
  return {
    greeting,
    async command(line: string): Promise<string> {
      socket.write(`${line}\r\n`);
      return reply();
    },
    reply,
    /** Sends without waiting for a reply, then closes the sending side. */
    writeAndEnd: (text: string) => socket.end(text),
    closed: () =>
      new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', resolve))),
    destroy: () => socket.destroy(),
  };
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('SMTP intake over loopback', { timeout: 10_000 }, () => {
  let intake: SmtpIntake | undefined;
  let log: ReturnType<typeof recordingLogger>;
  const checked: string[] = [];

  afterEach(async () => {
    for (const release of gates) release();
    gates.clear();
    await intake?.stop();
    intake = undefined;
    checked.length = 0;
  });

  async function start(
    onMessage: SmtpIntakeOptions['onMessage'],
    overrides: Partial<SmtpIntakeOptions> = {},
  ): Promise<SmtpIntake> {
    log = recordingLogger();
    intake = await startSmtpIntake({
      host: '127.0.0.1',
      port: 0,
      maxBytes: 64 * 1024,
      async acceptsRecipient(address) {
        checked.push(address);
        return address === KNOWN;
      },
      onMessage,
      logger: log.logger,
      ...overrides,
    });
    return intake;
  }

  function collecting(): { handed: Handover[]; onMessage: SmtpIntakeOptions['onMessage'] } {
    const handed: Handover[] = [];
    return {
      handed,
      async onMessage(raw, envelope) {
        handed.push({ raw, envelope });
      },
    };
  }

  it('hands a mail to a known mailbox over byte-exact and answers 250', async () => {
    const { handed, onMessage } = collecting();
    const { port } = await start(onMessage);
    const raw = await buildRaw(
      'Byte exact',
      'Hello,\r\n.a line that starts with a dot\r\n..and two\r\nBye\r\n',
    );
    expect(raw.includes('\r\n.a line')).toBe(true);

    const info = await send({ to: ['Support@Example.COM'], raw, port });

    expect(info.response).toMatch(/^250 /);
    expect(handed).toHaveLength(1);
    expect(handed[0]!.raw.equals(raw)).toBe(true);
    expect(handed[0]!.envelope).toEqual({
      mailFrom: 'customer@example.org',
      rcptTo: [KNOWN],
      remoteAddress: '127.0.0.1',
      heloName: 'client.example.org',
    });
    expect(checked).toEqual([KNOWN]);
    expect(log.lines.join('\n')).not.toContain('two');
  });

  it('refuses an unknown recipient with 550 and takes the known one of two', async () => {
    const { handed, onMessage } = collecting();
    const { port } = await start(onMessage);
    const raw = await buildRaw('Unknown', 'Anyone there?\r\n');

    const refused = await send({ to: ['nobody@example.com'], raw, port }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(Error);
    expect(refused).toMatchObject({ responseCode: 550 });
    expect(String((refused as Error).message)).toMatch(/550 5\.1\.1/);
    expect(handed).toHaveLength(0);

    const info = await send({ to: ['nobody@example.com', KNOWN], raw, port });
    expect(info.accepted).toEqual([KNOWN]);
    expect(info.rejected).toEqual(['nobody@example.com']);
    expect(handed).toHaveLength(1);
    expect(handed[0]!.envelope.rcptTo).toEqual([KNOWN]);
  });

  it('answers 451 when the recipient check fails', async () => {
    const { handed, onMessage } = collecting();
    const { port } = await start(onMessage, {
      acceptsRecipient: () => Promise.reject(new Error('database down')),
    });
    const raw = await buildRaw('Check fails', 'Hi\r\n');

    const refused = await send({ to: [KNOWN], raw, port }).catch((err: unknown) => err);
    expect(refused).toMatchObject({ responseCode: 451 });
    expect(handed).toHaveLength(0);
  });

  it('announces the size limit and refuses a larger message with 552, storing nothing', async () => {
    const { handed, onMessage } = collecting();
    const { port } = await start(onMessage, { maxBytes: 2000 });

    const session = await dialogue(port);
    expect(session.greeting).toMatch(/^220 .*channeldesk/);
    const ehlo = await session.command('EHLO client.example.org');
    expect(ehlo).toMatch(/^250[- ]SIZE 2000\r$/m);
    expect(ehlo).not.toMatch(/AUTH|STARTTLS/);
    // A declared size over the limit is refused before any data is sent.
    expect(await session.command('MAIL FROM:<customer@example.org> SIZE=5000')).toMatch(/^552 /);
    await session.command('QUIT');
    session.destroy();

    const big = await buildRaw('Too big', `${'All work and no play. '.repeat(400)}\r\n`);
    expect(big.length).toBeGreaterThan(2000);
    const refused = await send({ to: [KNOWN], raw: big, port }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(Error);
    expect(String((refused as Error).message)).toContain('552');
    expect(handed).toHaveLength(0);

    // A refusal leaves the listener taking smaller mail.
    const small = await buildRaw('Small', 'Short one.\r\n');
    await send({ to: [KNOWN], raw: small, port });
    expect(handed.map((h) => h.raw.equals(small))).toEqual([true]);
  });

  it('answers a temporary 4xx when storing fails, so the client keeps the message', async () => {
    let fail = true;
    const stored: Buffer[] = [];
    const { port } = await start(async (raw) => {
      if (fail) throw new Error('disk full');
      stored.push(raw);
    });
    const raw = await buildRaw('Store fails', 'Please keep trying.\r\n');

    const refused = await send({ to: [KNOWN], raw, port }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as { responseCode?: number }).responseCode).toBeGreaterThanOrEqual(400);
    expect((refused as { responseCode?: number }).responseCode).toBeLessThan(500);
    expect(String((refused as Error).message)).not.toMatch(/^250/);
    expect(log.lines.some((line) => line.includes('disk full'))).toBe(true);

    // The retry the 4xx asks for goes through once storing works again.
    fail = false;
    const info = await send({ to: [KNOWN], raw, port });
    expect(info.response).toMatch(/^250 /);
    expect(stored).toHaveLength(1);
  });

  it('answers 250 only after onMessage resolved', async () => {
    const gate = deferred();
    let calls = 0;
    const { port } = await start(async () => {
      calls++;
      await gate.promise;
    });
    const raw = await buildRaw('Wait for commit', 'Commit first.\r\n');

    const sending = watch(send({ to: [KNOWN], raw, port }));
    await until('onMessage was called', () => calls === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sending.settled()).toBe(false);

    gate.release();
    const info = await sending.result;
    expect(info.response).toMatch(/^250 /);
  });

  it('upgrades with STARTTLS when given a certificate, and offers no STARTTLS without one', async () => {
    const { handed, onMessage } = collecting();
    const tls = {
      key: readFileSync(new URL('localhost.key', tlsDir)),
      cert: readFileSync(new URL('localhost.crt', tlsDir)),
    };
    const { port } = await start(onMessage, { tls });
    const raw = await buildRaw('Over TLS', 'Encrypted, please.\r\n');

    const info = await send({ to: [KNOWN], raw, port, starttls: true });
    expect(info.response).toMatch(/^250 /);
    expect(handed.map((h) => h.raw.equals(raw))).toEqual([true]);

    await intake?.stop();
    const plain = await start(onMessage);
    const refused = await send({ to: [KNOWN], raw, port: plain.port, starttls: true }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(Error);
    expect(handed).toHaveLength(1);
  });

  it('accepts a bounce from the null sender', async () => {
    const { handed, onMessage } = collecting();
    const { port } = await start(onMessage);
    const raw = await buildRaw(
      'Undelivered Mail Returned to Sender',
      'Your mail could not be delivered.\r\n',
    );

    const info = await send({ from: '', to: [KNOWN], raw, port });

    expect(info.response).toMatch(/^250 /);
    expect(handed).toHaveLength(1);
    expect(handed[0]!.envelope.mailFrom).toBeNull();
  });

  it('stores nothing when the client hangs up in the middle of DATA', async () => {
    const { handed, onMessage } = collecting();
    const { port } = await start(onMessage);

    const session = await dialogue(port);
    await session.command('EHLO client.example.org');
    expect(await session.command('MAIL FROM:<customer@example.org>')).toMatch(/^250 /);
    expect(await session.command(`RCPT TO:<${KNOWN}>`)).toMatch(/^250 /);
    expect(await session.command('DATA')).toMatch(/^354 /);
    session.writeAndEnd('Subject: cut off\r\n\r\nHalf a mess');

    await until('the broken transfer was logged', () =>
      log.lines.some((l) => l.includes('not received in full')),
    );
    expect(handed).toHaveLength(0);
  });

  it('answers 421 to connections beyond maxConnections', async () => {
    const { onMessage } = collecting();
    const { port } = await start(onMessage, { maxConnections: 1 });

    const first = await dialogue(port);
    const second = await dialogue(port);
    expect(first.greeting).toMatch(/^220 /);
    expect(second.greeting).toMatch(/^421 /);
    first.destroy();
    second.destroy();
  });

  it('stop() waits for a message in flight, closes idle sessions and then refuses connections', async () => {
    const gate = deferred();
    let calls = 0;
    const { port } = await start(async () => {
      calls++;
      await gate.promise;
    });
    const raw = await buildRaw('In flight', 'Do not drop me.\r\n');

    const idle = await dialogue(port);
    await idle.command('EHLO idle.example.org');
    const sending = watch(send({ to: [KNOWN], raw, port }));
    await until('onMessage was called', () => calls === 1);

    const stopping = watch(intake!.stop());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stopping.settled()).toBe(false);
    expect(sending.settled()).toBe(false);
    expect(await refusesConnections(port)).toBe(true);

    gate.release();
    const info = await sending.result;
    expect(info.response).toMatch(/^250 /);
    expect(await idle.reply()).toMatch(/^421 /);
    await idle.closed();
    await stopping.result;
    expect(await refusesConnections(port)).toBe(true);
  });
});
