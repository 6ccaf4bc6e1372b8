import { readFile } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Deps } from '../../shared/deps';
import { type ImapIntake, type ImapIntakeOptions, parseImapUrl, startImapIntake } from './imap-intake';
import { MAX_PROCESSING_ATTEMPTS, processInboundMail } from './intake';
import type { MailboxRow } from './mail.table';
import { type SmtpIntake, startSmtpIntake } from './smtp-intake';
import { pendingInboundMail, storeInboundMail } from './store';
import { splitPlusAddress } from './thread-keys';

export type MailIntakeRuntime = {
  /** The port the SMTP listener took (the picked one when configured as 0); null when it is off. */
  smtpPort: number | null;
  /** Stops SMTP (after its in-flight messages), the IMAP intakes, then filing after its current mail. */
  stop(): Promise<void>;
};

export type MailIntakeOptions = {
  /** Fallback pass over stored but unfiled mail (after a crash, after a failed attempt); default 2 s. */
  filingIntervalMs?: number;
  /** How often the mailbox table is read again to start and stop IMAP intakes; default 60 s. */
  mailboxRefreshMs?: number;
  /** Passed through to every IMAP intake (tests shorten the reconnect and poll delays). */
  imap?: Pick<ImapIntakeOptions, 'reconnectDelayMs' | 'retryDelayMs' | 'pollIntervalMs'>;
};

const FILING_BATCH = 200;
/** Mails filed at once by one process on PostgreSQL; the pool has room for them next to HTTP. */
const POSTGRES_FILING_LANES = 4;

function laneOf(key: string, lanes: number): number {
  let hash = 0;
  for (let i = 0; i < key.length; i += 1) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % lanes;
}

type FilingLoop = {
  /** Asks for a pass soon; a kick during a pass makes it look again afterwards, so nothing waits for the timer. */
  kick(): void;
  /** Finishes the mail in hand, then stops. */
  stop(): Promise<void>;
};

/**
 * Files stored mail oldest first. On SQLite one mail at a time: it has one writer, and filing
 * transactions competing with each other (and with the SMTP stores) would only queue on its lock. On
 * PostgreSQL a few lanes file side by side, since each mail waits mostly on round trips; mails with the
 * same envelope sender share a lane, so a customer's follow-up is never filed before the mail it answers.
 * Several processes may file at once too: processInboundMail files a mail only once.
 */
function startFilingLoop(deps: Deps, log: FastifyBaseLogger, intervalMs: number): FilingLoop {
  const lanes = deps.dialect === 'postgres' ? POSTGRES_FILING_LANES : 1;
  let stopped = false;
  let again = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  /**
   * A mail whose filing failed stays `received` with one more attempt counted (after the last one it goes
   * to the needs-attention queue). Under steady traffic a pass starts after every stored mail, so without
   * a pause a broken mail would burn its attempts within a second.
   */
  const failures = new Map<string, { count: number; retryAt: number }>();

  async function file(id: string): Promise<void> {
    const outcome = await processInboundMail(deps, id);
    if (outcome !== 'failed') {
      failures.delete(id);
      return;
    }
    const count = (failures.get(id)?.count ?? 0) + 1;
    log.warn({ inboundMailId: id, attempt: count }, 'filing a stored mail failed; will retry');
    // After its last attempt the mail sits in the needs-attention queue and is never pending again.
    if (count >= MAX_PROCESSING_ATTEMPTS) failures.delete(id);
    else failures.set(id, { count, retryAt: Date.now() + Math.min(60_000, 2_000 * 2 ** (count - 1)) });
  }

  async function drain(): Promise<void> {
    const tried = new Set<string>();
    for (;;) {
      const now = Date.now();
      const batch = (await pendingInboundMail(deps.db, FILING_BATCH)).filter(
        (id) => !tried.has(id) && (failures.get(id)?.retryAt ?? 0) <= now,
      );
      if (batch.length === 0) return;
      for (const id of batch) tried.add(id);
      const queues = await laneQueues(batch);
      await Promise.all(
        queues.map(async (queue) => {
          for (const id of queue) {
            if (stopped) return;
            await file(id);
          }
        }),
      );
      if (stopped) return;
    }
  }

  /** The batch split into lanes by envelope sender, each lane in the batch's (oldest first) order. */
  async function laneQueues(batch: string[]): Promise<string[][]> {
    if (lanes === 1) return [batch];
    const senders = new Map(
      (
        await deps.db
          .selectFrom('inbound_mail')
          .select(['id', 'envelope_from'])
          .where('id', 'in', batch)
          .execute()
      ).map((row) => [row.id, row.envelope_from]),
    );
    const queues: string[][] = Array.from({ length: lanes }, () => []);
    // Mail without an envelope sender (IMAP, bounces) keeps to one lane, in order.
    for (const id of batch) {
      const sender = senders.get(id);
      queues[sender ? laneOf(sender.toLowerCase(), lanes) : 0]!.push(id);
    }
    return queues.filter((queue) => queue.length > 0);
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      // The pass in progress may have looked already; it goes round once more when it ends.
      again = true;
      return;
    }
    again = false;
    running = drain()
      .catch((err: unknown) => log.error({ err }, 'mail filing pass failed'))
      .finally(() => {
        running = undefined;
        if (again) run();
      });
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      run();
      schedule();
    }, intervalMs);
  }

  run();
  schedule();
  return {
    kick: run,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

async function acceptsRecipient(deps: Deps, address: string): Promise<boolean> {
  const mailbox = await deps.db
    .selectFrom('mailbox')
    .select('id')
    .where('address', '=', splitPlusAddress(address).base)
    .where('active', '=', 1)
    .where('smtp_enabled', '=', 1)
    .executeTakeFirst();
  return mailbox !== undefined;
}

async function smtpTls(deps: Deps): Promise<{ key: Buffer; cert: Buffer } | undefined> {
  const smtp = deps.config.mail.smtp;
  if (!smtp?.tlsKeyFile || !smtp.tlsCertFile) return undefined;
  const [key, cert] = await Promise.all([readFile(smtp.tlsKeyFile), readFile(smtp.tlsCertFile)]);
  return { key, cert };
}

type RunningImap = { signature: string; intake: ImapIntake };

/** What an intake was started with: a change to any of it restarts the intake. */
function imapSignature(mailbox: MailboxRow): string {
  return JSON.stringify([mailbox.address, mailbox.imap_url, mailbox.imap_folder, mailbox.imap_done_folder]);
}

/**
 * The e-mail channel of a worker: the SMTP listener (when MAIL_SMTP_PORT is set), one IMAP intake per
 * active mailbox with an IMAP address, and the loop that files what they stored. Both listeners
 * acknowledge a mail only after storeInboundMail committed it; filing happens afterwards, so a crash
 * between the two leaves a `received` row that the loop files on the next start.
 */
export async function startMailIntake(
  deps: Deps,
  logger: FastifyBaseLogger,
  options: MailIntakeOptions = {},
): Promise<MailIntakeRuntime> {
  const log = logger.child({ component: 'mail-intake' });
  const filing = startFilingLoop(deps, log, options.filingIntervalMs ?? 2_000);

  let smtp: SmtpIntake | undefined;
  const smtpConfig = deps.config.mail.smtp;
  if (smtpConfig) {
    try {
      smtp = await startSmtpIntake({
        host: smtpConfig.host,
        port: smtpConfig.port,
        maxBytes: deps.config.mail.maxBytes,
        tls: await smtpTls(deps),
        acceptsRecipient: (address) => acceptsRecipient(deps, address),
        onMessage: async (raw, envelope) => {
          await storeInboundMail(deps, {
            raw,
            source: 'smtp',
            envelopeFrom: envelope.mailFrom,
            envelopeTo: envelope.rcptTo,
          });
          filing.kick();
        },
        logger: log,
      });
    } catch (error) {
      await filing.stop();
      throw error;
    }
  }

  const imapIntakes = new Map<string, RunningImap>();
  let refreshing: Promise<void> | undefined;
  let refreshTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function refreshImap(): Promise<void> {
    const rows = await deps.db
      .selectFrom('mailbox')
      .selectAll()
      .where('active', '=', 1)
      .where('imap_url', 'is not', null)
      .execute();
    const wanted = new Map(rows.map((row) => [row.id, row]));
    const stopping: Promise<void>[] = [];
    for (const [id, running] of imapIntakes) {
      const row = wanted.get(id);
      if (row && imapSignature(row) === running.signature) continue;
      imapIntakes.delete(id);
      stopping.push(running.intake.stop());
    }
    await Promise.all(stopping);
    for (const row of rows) {
      if (stopped || imapIntakes.has(row.id) || !row.imap_url) continue;
      const mailboxLog = log.child({ mailbox: row.address });
      try {
        parseImapUrl(row.imap_url);
      } catch (err) {
        mailboxLog.error({ err }, 'IMAP address of the mailbox is unusable; not polling it');
        continue;
      }
      const address = row.address;
      const intake = startImapIntake({
        ...options.imap,
        url: row.imap_url,
        folder: row.imap_folder,
        doneFolder: row.imap_done_folder,
        logger: mailboxLog,
        onMessage: async (raw) => {
          await storeInboundMail(deps, { raw, source: 'imap', envelopeFrom: null, envelopeTo: [address] });
          filing.kick();
        },
      });
      imapIntakes.set(row.id, { signature: imapSignature(row), intake });
    }
  }

  function refreshSoon(): void {
    if (stopped) return;
    refreshTimer = setTimeout(() => {
      refreshing = refreshImap()
        .catch((err: unknown) => log.error({ err }, 'reading the IMAP mailboxes failed'))
        .finally(() => {
          refreshing = undefined;
          refreshSoon();
        });
    }, options.mailboxRefreshMs ?? 60_000);
  }

  try {
    await refreshImap();
  } catch (error) {
    await smtp?.stop();
    await filing.stop();
    throw error;
  }
  refreshSoon();

  let stopping: Promise<void> | undefined;
  return {
    smtpPort: smtp?.port ?? null,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        if (refreshTimer) clearTimeout(refreshTimer);
        await refreshing;
        // SMTP first: its in-flight messages are stored and answered before anything else goes away.
        await smtp?.stop();
        await Promise.all([...imapIntakes.values()].map((running) => running.intake.stop()));
        imapIntakes.clear();
        await filing.stop();
      })();
      return stopping;
    },
  };
}
