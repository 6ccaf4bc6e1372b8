import {
  SMTPServer,
  type SMTPServerDataStream,
  type SMTPServerError,
  type SMTPServerSession,
} from 'smtp-server';

export type SmtpIntakeLogger = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export type SmtpEnvelope = {
  /** MAIL FROM address; null for the null sender `<>` of bounces and other notifications. */
  mailFrom: string | null;
  /** Accepted RCPT TO addresses, lowercased as they were checked with acceptsRecipient. */
  rcptTo: string[];
  remoteAddress: string;
  /** Name the client gave in HELO/EHLO. */
  heloName: string;
};

export type SmtpIntakeOptions = {
  host: string;
  /** 0 picks a free port (tests); the chosen one is SmtpIntake.port. */
  port: number;
  /** Size limit of one message: announced in EHLO (SIZE) and enforced while reading, 552 when exceeded. */
  maxBytes: number;
  /** STARTTLS is offered only when a key and certificate are given. */
  tls?: { key: Buffer; cert: Buffer };
  /** Whether mail to this (lowercased) address is taken; false → 550, a rejection → 451 (try later). */
  acceptsRecipient(address: string): Promise<boolean>;
  /**
   * Takes one message, bytes exactly as received (after SMTP dot-unstuffing). Must resolve only once the
   * message is stored durably: the client gets its 250 right after, and a rejection answers 451 so the
   * client keeps the message and retries. A retry after a lost 250 can offer a message twice, so storing
   * has to be idempotent, e.g. keyed on Message-ID.
   */
  onMessage(raw: Buffer, envelope: SmtpEnvelope): Promise<void>;
  logger: SmtpIntakeLogger;
  /** Concurrent connections; more are answered 421. Default 50. */
  maxConnections?: number;
};

export type SmtpIntake = {
  /** The port listened on, the picked one when options.port was 0. */
  port: number;
  /** Stops accepting connections, waits for messages being received or stored, then closes the rest. */
  stop(): Promise<void>;
};

// RFC 5321 4.5.3.1.8: a server must take at least 100 recipients; more only multiplies the lookups.
const MAX_RECIPIENTS = 100;
// Only reached when an onMessage hangs during stop(): smtp-server then answers 421 and drops the client.
const CLOSE_TIMEOUT_MS = 5 * 60_000;

function smtpError(responseCode: number, message: string): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}

function envelopeOf(session: SMTPServerSession): SmtpEnvelope {
  const { mailFrom, rcptTo } = session.envelope;
  // hostNameAppearsAs is typed as string but is false before HELO/EHLO.
  const helo: unknown = session.hostNameAppearsAs;
  return {
    mailFrom: mailFrom && mailFrom.address !== '' ? mailFrom.address : null,
    rcptTo: rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
    remoteAddress: session.remoteAddress,
    heloName: typeof helo === 'string' ? helo : '',
  };
}

/**
 * Reads the DATA stream to its end. Returns null when it went over maxBytes: from then on the bytes are
 * only counted and dropped, so an oversized message never holds more than maxBytes plus one chunk, yet
 * the stream is still drained because the client's reply only comes once the final dot was read.
 */
async function readMessage(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > maxBytes) {
      chunks.length = 0;
      continue;
    }
    chunks.push(chunk);
  }
  if (bytes > maxBytes || stream.sizeExceeded) return null;
  return Buffer.concat(chunks, bytes);
}

/**
 * SMTP listener of the e-mail channel. Knows nothing of storage: a message is handed to onMessage and
 * acknowledged with 250 only after onMessage resolved, so until then the sending MTA still owns it.
 * No AUTH: this takes inbound mail for local mailboxes only (the recipient check), it relays nothing.
 */
export async function startSmtpIntake(options: SmtpIntakeOptions): Promise<SmtpIntake> {
  const log = options.logger;
  const { maxBytes } = options;
  /** One promise per DATA transaction from its start until the client has its reply; they never reject. */
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  async function handleData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null, message?: string) => void,
  ): Promise<void> {
    // Taken now: smtp-server resets session.envelope once the reply is sent.
    const envelope = envelopeOf(session);
    const queueId = `${session.id}.${session.transaction}`;
    const where = { queueId, remoteAddress: envelope.remoteAddress };

    let raw: Buffer | null;
    try {
      raw = await readMessage(stream, maxBytes);
    } catch (err) {
      // Mostly a client that hung up in the middle of DATA; nothing was stored and nobody is left to answer.
      log.warn({ ...where, err }, 'SMTP message not received in full; nothing stored');
      callback(smtpError(451, 'Message not received in full, try again later'));
      return;
    }
    if (raw === null) {
      log.warn({ ...where, bytes: stream.byteLength, maxBytes }, 'SMTP message over the size limit refused');
      // rejectOversized already answers 552 5.3.4; this error is the same answer should it not.
      callback(smtpError(552, `Message exceeds the size limit of ${maxBytes} bytes`));
      return;
    }
    try {
      await options.onMessage(raw, envelope);
    } catch (err) {
      // A temporary failure: the client keeps the message and retries, so nothing is lost.
      log.error({ ...where, err }, 'storing an SMTP message failed; answered 451');
      callback(smtpError(451, 'Local error in processing, try again later'));
      return;
    }
    log.info(
      { ...where, mailFrom: envelope.mailFrom, rcptTo: envelope.rcptTo, bytes: raw.length },
      'SMTP message accepted',
    );
    callback(null, `OK: queued as ${queueId}`);
  }

  const server = new SMTPServer({
    banner: 'channeldesk',
    size: maxBytes,
    // smtp-server answers an oversized message with 552 5.3.4 whatever onData reports.
    rejectOversized: true,
    // Gives unknown recipients 550 5.1.1 and store failures 451 4.3.0, which MTAs report more precisely.
    hideENHANCEDSTATUSCODES: false,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    authOptional: true,
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    maxClients: options.maxConnections ?? 50,
    maxRecipients: MAX_RECIPIENTS,
    closeTimeout: CLOSE_TIMEOUT_MS,
    // The client's name is not used for anything, and a slow resolver would only delay every greeting.
    disableReverseLookup: true,
    // smtp-server's logger wants printf-style arguments; what matters is logged below instead.
    logger: false,

    onMailFrom(_address, _session, callback) {
      if (closing) return callback(smtpError(421, 'Shutting down, try again later'));
      callback();
    },

    onRcptTo(address, session, callback) {
      if (closing) return callback(smtpError(421, 'Shutting down, try again later'));
      const recipient = address.address.toLowerCase();
      options.acceptsRecipient(recipient).then(
        (accepted) => callback(accepted ? null : smtpError(550, 'No such mailbox here')),
        (err: unknown) => {
          log.warn({ err, recipient, remoteAddress: session.remoteAddress }, 'SMTP recipient check failed');
          callback(smtpError(451, 'Recipient check failed, try again later'));
        },
      );
    },

    onData(stream, session, callback) {
      const job = handleData(stream, session, callback);
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
    },
  });

  // Socket errors of single connections (resets, TLS failures); the connection is closed by then.
  server.on('error', (err) => log.warn({ err }, 'SMTP connection error'));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  log.info({ host: options.host, port, starttls: Boolean(options.tls), maxBytes }, 'SMTP intake listening');

  async function shutdown(): Promise<void> {
    closing = true;
    // Closes the listener at once; resolves when the last connection is gone.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A message being received or stored gets its reply first, else the client would retry a stored one.
    while (inFlight.size > 0) await Promise.all(inFlight);
    // The rest are idle or between commands; 421 tells them to come back later and closes the connection.
    for (const connection of [...server.connections]) connection.send(421, 'Shutting down, try again later');
    await closed;
    log.info({ port }, 'SMTP intake stopped');
  }

  let stopping: Promise<void> | undefined;
  return {
    port,
    stop() {
      stopping ??= shutdown();
      return stopping;
    },
  };
}
