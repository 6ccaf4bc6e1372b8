// Wire shapes of the mail API (src/server/modules/mail/routes.ts; schemas in /api/openapi.json).

import type { InboundState } from '../../shared/mail';
import type { OrganisationKind } from '../../shared/roles';

export type { InboundState };

/** Why a mail joined its case; `kind` decides the other fields (server: mail/thread-reason.ts). */
export type ThreadReason = { kind: string; [field: string]: unknown };

export type InboundMail = {
  id: string;
  receivedAt: string;
  processedAt: string | null;
  source: 'smtp' | 'imap';
  from: string | null;
  subject: string | null;
  state: InboundState;
  outcome: string | null;
  reason: ThreadReason | null;
  /** The reason in English, for logs and clients that do not translate. */
  reasonText: string | null;
  problems: string[];
  error: string | null;
  caseId: string | null;
  caseNumber: string | null;
  size: number;
};

export type InboundMailPage = {
  items: InboundMail[];
  nextCursor: string | null;
  needsAttention: number;
  /** Newsletters and list mail waiting in the bulk queue. */
  bulk: number;
};

/** A mail sender whose organisation needs a look (GET /api/mail-senders/review). */
export type SenderForReview = {
  id: string;
  name: string;
  email: string;
  organisation: { id: string; number: string; name: string; kind: OrganisationKind };
  createdAt: string;
  lastMail: { id: string; receivedAt: string; subject: string | null; caseNumber: string | null } | null;
};

export type SenderReviewPage = { items: SenderForReview[]; nextCursor: string | null; total: number };

export type Mailbox = {
  id: string;
  address: string;
  name: string;
  groupId: string | null;
  caseType: string;
  language: 'de' | 'en';
  smtpEnabled: boolean;
  /** Without the password: that never leaves the server. */
  imap: { url: string; folder: string; doneFolder: string } | null;
  autoReply: boolean;
  active: boolean;
};

export type MailboxInput = {
  address: string;
  name: string;
  groupId: string | null;
  caseType: string;
  language: 'de' | 'en';
  smtpEnabled: boolean;
  /** Omitted keeps the stored IMAP address and password; null removes them. */
  imapUrl?: string | null;
  imapFolder: string;
  imapDoneFolder: string;
  autoReply: boolean;
  active: boolean;
};

export function rawMailUrl(id: string): string {
  return `/api/inbound-mail/${encodeURIComponent(id)}/raw`;
}
