import type { Selectable } from 'kysely';

export interface MailboxTable {
  id: string;
  /** Lower-case; replies come back to local+token@domain of this address. */
  address: string;
  name: string;
  group_id: string | null;
  case_type: string;
  language: 'de' | 'en';
  /** 1 when the built-in SMTP listener accepts mail for this address. */
  smtp_enabled: number;
  /** imap://user:password@host:port; a secret, never returned by the API. */
  imap_url: string | null;
  imap_folder: string;
  imap_done_folder: string;
  auto_reply: number;
  active: number;
  created_at: string;
  updated_at: string;
}
export type MailboxRow = Selectable<MailboxTable>;

import type { InboundState } from '../../../shared/mail';

export { INBOUND_STATES, type InboundState } from '../../../shared/mail';

export interface InboundMailTable {
  id: string;
  mailbox_id: string | null;
  source: 'smtp' | 'imap';
  /** Message-ID plus a hash of the raw bytes: the same mail delivered twice is stored once. */
  dedupe_key: string;
  message_id: string | null;
  envelope_from: string | null;
  /** JSON array of recipient addresses. */
  envelope_to: string;
  /** The mail exactly as it arrived; kept for download and reprocessing. */
  raw: Buffer;
  size: number;
  state: InboundState;
  /** new_case | reply | bounce | ignored_loop | unparseable. */
  outcome: string | null;
  /** JSON ThreadReason: why the mail joined its case. */
  thread_reason: string | null;
  /** JSON array of human-readable parse warnings. */
  problems: string;
  from_address: string | null;
  subject: string | null;
  case_id: string | null;
  case_message_id: string | null;
  /** Why no auto-reply went out (loop protection), or 'sent'. */
  auto_reply: string | null;
  attempts: number;
  error: string | null;
  received_at: string;
  processed_at: string | null;
}
export type InboundMailRow = Selectable<InboundMailTable>;

export interface MailReferenceTable {
  /** An RFC 5322 Message-ID without angle brackets. */
  message_id: string;
  case_id: string;
  case_message_id: string | null;
  direction: 'inbound' | 'outbound';
  /** Outbound: to whom it went (a bounce names this recipient). */
  recipient: string | null;
  created_at: string;
}
