import type { Trx } from '../../db/database';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { systemScope } from '../../shared/scope';
import type { InboundMailRow, InboundState } from './mail.table';
import type { ParsedMail } from './parse';
import type { ThreadReason } from './thread-reason';

/** Mail is filed by the system; the audit log and the timeline name it so. */
export const MAIL_SCOPE = systemScope('E-Mail');

/** After this many failed processing attempts a stored mail goes to the needs-attention queue. */
export const MAX_PROCESSING_ATTEMPTS = 5;

// A subject is kept whole on the mail (the case may show it shortened); this only bounds a
// pathological header so one mail cannot fill the list.
const MAX_STORED_SUBJECT = 10_000;

export type ProcessOutcome =
  | 'new_case'
  | 'reply'
  /** Machine mail (auto-reply, out-of-office, list mail) kept as a quiet event on its case. */
  | 'quiet'
  /** A newsletter or list mail that opens no case: it waits in the bulk queue. */
  | 'bulk'
  | 'bounce'
  | 'ignored_loop'
  | 'unparseable'
  | 'already_processed'
  | 'failed';

/** Another worker (or an earlier run) has filed this mail already: everything of this run is undone. */
export class AlreadyProcessed extends Error {}

/**
 * Records what became of a stored mail, in the transaction that filed it; only a mail still
 * `received` changes, so two workers never file one mail twice.
 */
export async function markDone(
  trx: Trx,
  deps: Deps,
  row: InboundMailRow,
  values: {
    state: Exclude<InboundState, 'received'>;
    outcome: ProcessOutcome;
    reason?: ThreadReason;
    parsed?: ParsedMail;
    /** The mail's Message-ID, or the one made up for a mail without (message-id.ts). */
    messageId?: string;
    caseId?: string;
    caseMessageId?: string;
    autoReply?: string | null;
    error?: string;
  },
): Promise<void> {
  const result = await trx
    .updateTable('inbound_mail')
    .set({
      state: values.state,
      outcome: values.outcome,
      thread_reason: values.reason ? JSON.stringify(values.reason) : null,
      problems: JSON.stringify(values.parsed?.problems ?? []),
      from_address: values.parsed?.from?.address.toLowerCase() ?? null,
      subject: values.parsed ? values.parsed.subject.slice(0, MAX_STORED_SUBJECT) : null,
      message_id: row.message_id ?? values.messageId ?? null,
      case_id: values.caseId ?? null,
      case_message_id: values.caseMessageId ?? null,
      auto_reply: values.autoReply ?? null,
      error: values.error ?? null,
      processed_at: isoNow(deps.clock),
    })
    .where('id', '=', row.id)
    .where('state', '=', 'received')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new AlreadyProcessed();
}
