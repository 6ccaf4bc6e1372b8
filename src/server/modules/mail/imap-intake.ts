import { ImapFlow } from 'imapflow';

export type ImapIntakeLogger = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export type ImapIntakeOptions = {
  /** imap://user:pass@host:port or imaps://…, user and password URL-encoded. */
  url: string;
  /** Mailbox to take mail from; default 'INBOX'. */
  folder?: string;
  /** Mailbox processed mail is moved to; default 'Processed', created when missing. */
  doneFolder?: string;
  /**
   * Takes one message. Must resolve only after the raw mail is durably stored: the message is moved out of
   * `folder` afterwards and never offered again. A message can still be offered twice (the process dies
   * between the commit and the move), so storing has to be idempotent, e.g. keyed on Message-ID.
   */
  onMessage(raw: Buffer, info: { uid: number; uidValidity: string; folder: string }): Promise<void>;
  logger: ImapIntakeLogger;
  /** Pause before a reconnect after `attempt` (0, 1, …) failed ones in a row; default min(30 s, 1 s·2^attempt). */
  reconnectDelayMs?: (attempt: number) => number;
  /** Pause before offering a message again whose onMessage failed `attempt` times; default min(5 min, 5 s·2^(attempt-1)). */
  retryDelayMs?: (attempt: number) => number;
  /** Fallback poll while idling, because a server or middlebox can drop IDLE silently; default 60 s. */
  pollIntervalMs?: number;
};

export type ImapIntake = {
  /** Finishes the message in hand (onMessage and its move), then logs out. */
  stop(): Promise<void>;
  /** Resolves once the folder was drained at least once since start (for tests). */
  drained(): Promise<void>;
};

type Connection = {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  /** The URL without the password, the only form that may reach a log. */
  redacted: string;
};

export function parseImapUrl(url: string): Connection {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'imaps:';
  if (!secure && parsed.protocol !== 'imap:') {
    throw new Error(`IMAP URL must start with imap:// or imaps://, not ${parsed.protocol}//`);
  }
  const port = parsed.port ? Number(parsed.port) : secure ? 993 : 143;
  const user = decodeURIComponent(parsed.username);
  return {
    host: parsed.hostname,
    port,
    secure,
    user,
    pass: decodeURIComponent(parsed.password),
    redacted: `${parsed.protocol}//${parsed.username ? `${parsed.username}@` : ''}${parsed.hostname}:${port}`,
  };
}

/** A wake-up call that is not lost when it arrives while nobody is waiting yet. */
class Wakeup {
  private pending = false;
  private waiter: (() => void) | undefined;

  notify(): void {
    this.pending = true;
    this.waiter?.();
  }

  /** Resolves on notify() or after `ms`, whichever comes first. */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.waiter = done;
    });
  }
}

const defaultReconnectDelay = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);
const defaultRetryDelay = (attempt: number) => Math.min(300_000, 5000 * 2 ** (attempt - 1));

/**
 * Takes mail from an IMAP folder: each message is handed to onMessage and moved to doneFolder only after
 * onMessage resolved, so a crash at any point leaves the mail on the server. Nothing is ever deleted
 * unless a copy of it already exists in doneFolder. Waits with IDLE, polls as a fallback and reconnects
 * with backoff until stop().
 */
export function startImapIntake(options: ImapIntakeOptions): ImapIntake {
  const connection = parseImapUrl(options.url);
  const folder = options.folder ?? 'INBOX';
  const doneFolder = options.doneFolder ?? 'Processed';
  const reconnectDelayMs = options.reconnectDelayMs ?? defaultReconnectDelay;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelay;
  const pollIntervalMs = options.pollIntervalMs ?? 60_000;
  const log = options.logger;
  const where = { url: connection.redacted, folder };

  const wakeup = new Wakeup();
  let stopping = false;
  let client: ImapFlow | undefined;
  let inFlight = false;
  let cancelBackoff: () => void = () => {};

  /** Per message (uidValidity:uid): failed onMessage attempts and when it may be offered again. */
  const failures = new Map<string, { attempts: number; notBefore: number }>();
  /** Messages whose onMessage resolved but whose move has not succeeded yet: move only, never re-offer. */
  const committed = new Set<string>();

  let markDrained: () => void = () => {};
  const firstDrain = new Promise<void>((resolve) => {
    markDrained = resolve;
  });

  function nextWakeIn(): number {
    const now = Date.now();
    let next = now + pollIntervalMs;
    for (const failure of failures.values()) next = Math.min(next, failure.notBefore);
    return next - now;
  }

  async function moveToDone(imap: ImapFlow, uid: number): Promise<void> {
    const range = String(uid);
    // \Seen tells a person looking into the mailbox that this one was taken in.
    await imap.messageFlagsAdd(range, ['\\Seen'], { uid: true });
    if (imap.capabilities.has('MOVE')) {
      if (!(await imap.messageMove(range, doneFolder, { uid: true }))) {
        throw new Error(`MOVE of UID ${uid} to ${doneFolder} failed`);
      }
      return;
    }
    // Without MOVE: copy first, and remove the original only once the copy exists.
    if (!(await imap.messageCopy(range, doneFolder, { uid: true }))) {
      throw new Error(`COPY of UID ${uid} to ${doneFolder} failed`);
    }
    if (imap.capabilities.has('UIDPLUS')) {
      if (!(await imap.messageDelete(range, { uid: true }))) {
        throw new Error(`UID EXPUNGE of UID ${uid} failed after copying it to ${doneFolder}`);
      }
      return;
    }
    // A plain EXPUNGE would also remove other clients' \Deleted mail, so only flag it; drains skip it.
    await imap.messageFlagsAdd(range, ['\\Deleted'], { uid: true });
  }

  async function drain(imap: ImapFlow): Promise<void> {
    const mailbox = imap.mailbox;
    if (!mailbox) throw new Error(`${folder} is not selected`);
    const uidValidity = String(mailbox.uidValidity);
    // UIDs first: no other command may run on the connection while a FETCH iterator is open.
    const uids = (await imap.search({ deleted: false }, { uid: true })) || [];
    // Forget messages that left the folder some other way (or an older UIDVALIDITY), so neither map grows.
    const present = new Set(uids.map((uid) => `${uidValidity}:${uid}`));
    for (const key of failures.keys()) if (!present.has(key)) failures.delete(key);
    for (const key of committed) if (!present.has(key)) committed.delete(key);
    for (const uid of [...uids].sort((a, b) => a - b)) {
      if (stopping || !imap.usable) return;
      const key = `${uidValidity}:${uid}`;
      const failure = failures.get(key);
      if (failure && failure.notBefore > Date.now()) continue;

      if (!committed.has(key)) {
        const message = await imap.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        // Gone since the search: another client moved or expunged it.
        if (message === false || !message.source) continue;
        inFlight = true;
        try {
          await options.onMessage(message.source, { uid, uidValidity, folder });
        } catch (error) {
          const attempts = (failure?.attempts ?? 0) + 1;
          const delay = retryDelayMs(attempts);
          failures.set(key, { attempts, notBefore: Date.now() + delay });
          log.warn(
            { ...where, uid, attempts, retryInMs: delay, err: error },
            'imap intake: message not taken, kept',
          );
          continue;
        } finally {
          inFlight = false;
        }
        failures.delete(key);
        committed.add(key);
      }
      await moveToDone(imap, uid);
      committed.delete(key);
      log.info({ ...where, uid, doneFolder }, 'imap intake: message taken');
    }
  }

  async function session(imap: ImapFlow, markHealthy: () => void): Promise<void> {
    const created = await imap.mailboxCreate(doneFolder);
    if (created.created) log.info({ ...where, doneFolder }, 'imap intake: created folder for processed mail');
    const lock = await imap.getMailboxLock(folder);
    try {
      while (!stopping && imap.usable) {
        await drain(imap);
        markHealthy();
        markDrained();
        if (stopping || !imap.usable) break;
        // The lock is held for the whole session, so auto-IDLE never starts; IDLE is ours to start.
        // The next command (the drain after a wake-up) ends it.
        imap.idle().catch(() => {});
        await wakeup.wait(nextWakeIn());
      }
    } finally {
      lock.release();
    }
  }

  function connect(): ImapFlow {
    const imap = new ImapFlow({
      host: connection.host,
      port: connection.port,
      secure: connection.secure,
      auth: { user: connection.user, pass: connection.pass },
      // imapflow's own log is chatty; this module logs what an operator needs, without credentials.
      logger: false,
      disableAutoIdle: true,
    });
    imap.on('exists', (event: { count: number; prevCount: number }) => {
      if (event.count > event.prevCount) wakeup.notify();
    });
    // Without a listener an 'error' event would crash the process; 'close' follows and ends the session.
    imap.on('error', (error: Error) => log.warn({ ...where, err: error }, 'imap intake: connection error'));
    imap.on('close', () => wakeup.notify());
    return imap;
  }

  async function run(): Promise<void> {
    let failedInARow = 0;
    let connectedBefore = false;
    while (!stopping) {
      const imap = connect();
      client = imap;
      let healthy = false;
      try {
        await imap.connect();
        if (connectedBefore) log.info(where, 'imap intake: reconnected');
        connectedBefore = true;
        await session(imap, () => {
          healthy = true;
        });
        if (!stopping) log.warn(where, 'imap intake: connection closed');
      } catch (error) {
        if (!stopping) log.warn({ ...where, err: error }, 'imap intake: connection failed');
      }
      if (stopping) {
        await imap.logout().catch(() => imap.close());
        break;
      }
      imap.close();
      // Only a session that got as far as draining resets the backoff: a server that accepts the login
      // and then fails every time must not be hammered once a second.
      if (healthy) failedInARow = 0;
      const delay = reconnectDelayMs(failedInARow);
      failedInARow += 1;
      log.info({ ...where, delayMs: delay }, 'imap intake: reconnecting');
      // Not the wake-up: the closed connection's last events must not cut the backoff short.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        cancelBackoff = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      cancelBackoff = () => {};
    }
    client = undefined;
  }

  const done = run();

  return {
    async stop() {
      stopping = true;
      wakeup.notify();
      cancelBackoff();
      // Nothing to finish while connecting or waiting: cut the connection attempt short.
      if (client && !client.usable && !inFlight) client.close();
      await done;
    },
    drained: () => firstDrain,
  };
}
