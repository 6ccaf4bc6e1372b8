import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DovecotInstance, startDovecot } from '../../../../test/dovecot.js';
import { type ImapIntake, type ImapIntakeOptions, startImapIntake } from './imap-intake.js';

type Handover = { raw: Buffer; uid: number; uidValidity: string; folder: string };

function mail(n: number, body = `Please call me back, case ${n}.`): Buffer {
  return Buffer.from(
    `From: customer${n}@example.com\r\nTo: support@example.com\r\nSubject: Case ${n}\r\n` +
      `Message-ID: <case-${n}@example.com>\r\n\r\n${body}\r\n`,
  );
}

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function recordingLogger() {
  const lines: string[] = [];
  const record = (obj: object, msg?: string) => {
    // Error objects serialise to {} in JSON, so their messages are added explicitly.
    const err = (obj as { err?: unknown }).err;
    lines.push(`${msg ?? ''} ${JSON.stringify(obj)} ${err instanceof Error ? err.message : ''}`);
  };
  return { lines, logger: { info: record, warn: record, error: record } };
}

// Above the 10 s waits below, so a missing delivery fails with its own message, not a bare timeout.
describe('IMAP intake against a real Dovecot', { timeout: 15_000 }, () => {
  let dovecot: DovecotInstance;
  let intake: ImapIntake | undefined;
  let log: ReturnType<typeof recordingLogger>;

  beforeEach(async () => {
    dovecot = await startDovecot();
    log = recordingLogger();
  });

  afterEach(async () => {
    await intake?.stop();
    intake = undefined;
    await dovecot.stop();
  });

  function start(
    onMessage: ImapIntakeOptions['onMessage'],
    overrides: Partial<ImapIntakeOptions> = {},
  ): ImapIntake {
    intake = startImapIntake({
      url: dovecot.url,
      onMessage,
      logger: log.logger,
      // The fallback poll is kept far beyond every wait below, so only IDLE can explain a quick delivery.
      pollIntervalMs: 60_000,
      reconnectDelayMs: () => 100,
      retryDelayMs: () => 200,
      ...overrides,
    });
    return intake;
  }

  it('hands over mail already waiting and then files it under Processed, deleting nothing', async () => {
    for (const n of [1, 2, 3]) await dovecot.appendMessage(mail(n));
    const received: Handover[] = [];

    await start(async (raw, info) => {
      received.push({ raw, ...info });
    }).drained();

    expect(received.map((r) => r.raw.toString())).toEqual([mail(1), mail(2), mail(3)].map(String));
    expect(received.every((r) => r.folder === 'INBOX' && r.uidValidity !== '')).toBe(true);
    const inbox = await dovecot.listFolder('INBOX');
    const processed = await dovecot.listFolder('Processed');
    expect(inbox).toEqual([]);
    expect(processed.map((m) => m.raw.toString())).toEqual([mail(1), mail(2), mail(3)].map(String));
    expect(processed.every((m) => m.seen)).toBe(true);
  });

  it('picks up mail arriving while idling without waiting for the poll interval', async () => {
    const received: Buffer[] = [];
    await start(async (raw) => {
      received.push(raw);
    }).drained();
    expect(received).toEqual([]);

    const sentAt = Date.now();
    await dovecot.appendMessage(mail(7));
    await until('the new mail was handed over', () => received.length === 1, 10_000);

    expect(Date.now() - sentAt).toBeLessThan(10_000);
    await until(
      'the new mail sits in Processed',
      async () => (await dovecot.listFolder('Processed')).length === 1,
    );
    expect(await dovecot.listFolder('INBOX')).toEqual([]);
  });

  it('keeps a mail that could not be stored in the inbox and offers it again until it is stored', async () => {
    await dovecot.appendMessage(mail(1, 'store me later'));
    await dovecot.appendMessage(mail(2, 'store me now'));
    let attemptsOnFirst = 0;
    const stored: string[] = [];

    await start(async (raw) => {
      const text = raw.toString();
      if (text.includes('store me later') && ++attemptsOnFirst < 3) throw new Error('database is down');
      stored.push(text);
    }).drained();

    // The failing mail neither blocks the next one nor is marked or moved.
    expect(attemptsOnFirst).toBe(1);
    expect(stored).toEqual([mail(2, 'store me now').toString()]);
    const inbox = await dovecot.listFolder('INBOX');
    expect(inbox.map((m) => [m.raw.toString(), m.seen])).toEqual([
      [mail(1, 'store me later').toString(), false],
    ]);
    expect(log.lines.some((line) => line.includes('database is down'))).toBe(true);

    await until('the mail was stored on the third offer', () => stored.length === 2);
    expect(attemptsOnFirst).toBe(3);
    await until('the inbox is empty', async () => (await dovecot.listFolder('INBOX')).length === 0);
    expect(await dovecot.listFolder('Processed')).toHaveLength(2);
  });

  it('lets stop() finish the mail in hand and leaves the rest in the inbox', async () => {
    for (const n of [1, 2, 3]) await dovecot.appendMessage(mail(n));
    let release: () => void = () => {};
    const storing = new Promise<void>((resolve) => {
      release = resolve;
    });
    const offered: string[] = [];
    const running = start(async (raw) => {
      offered.push(raw.toString());
      await storing;
    });
    await until('the first mail is being stored', () => offered.length === 1);

    let stopped = false;
    const stopping = running.stop().then(() => {
      stopped = true;
    });
    // Long enough for a stop() that ignores the pending store to have resolved already.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopped).toBe(false);

    release();
    await stopping;
    expect(offered).toEqual([mail(1).toString()]);
    expect((await dovecot.listFolder('Processed')).map((m) => m.raw.toString())).toEqual([
      mail(1).toString(),
    ]);
    expect((await dovecot.listFolder('INBOX')).map((m) => m.raw.toString())).toEqual(
      [mail(2), mail(3)].map(String),
    );
  });

  it('reconnects after the IMAP server restarts and keeps delivering', async () => {
    const received: string[] = [];
    await start(async (raw) => {
      received.push(raw.toString());
    }).drained();
    await dovecot.appendMessage(mail(1));
    await until('the first mail arrived', () => received.length === 1);

    await dovecot.restart();
    await dovecot.appendMessage(mail(2));

    await until('the mail sent after the restart arrived', () => received.length === 2);
    expect(received).toEqual([mail(1), mail(2)].map(String));
    await until(
      'both mails sit in Processed',
      async () => (await dovecot.listFolder('Processed')).length === 2,
    );
    expect(log.lines.some((line) => line.includes('reconnected'))).toBe(true);
    expect(log.lines.join('\n')).not.toContain(dovecot.password);
  });

  it('hands over the exact bytes of the mail, 8-bit content included', async () => {
    const raw = Buffer.concat([
      Buffer.from(
        'From: =?utf-8?q?J=C3=BCrgen?= <j@example.com>\r\nTo: support@example.com\r\nSubject: Umlaute\r\n' +
          'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
      ),
      Buffer.from('Grüße aus Köln – 10 € für den Kaffee.\r\n', 'utf8'),
      // Not even valid UTF-8: a Latin-1 é and bytes above 0x7f must still arrive untouched.
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0xff, 0x0d, 0x0a]),
    ]);
    await dovecot.appendMessage(raw);
    const received: Buffer[] = [];

    await start(async (bytes) => {
      received.push(bytes);
    }).drained();

    expect(received).toHaveLength(1);
    expect(received[0]?.equals(raw)).toBe(true);
    expect((await dovecot.listFolder('Processed'))[0]?.raw.equals(raw)).toBe(true);
  });
});
