// Wire shapes of the case API (docs/api.md, section "Cases"; schemas in /api/openapi.json).

import type {
  CaseStatus,
  CaseType,
  Channel,
  CommitmentStatus,
  DecisionOutcome,
  FactSource,
  FactState,
  LinkKind,
  Priority,
  Visibility,
} from '../../shared/cases';

export {
  ACTIVE_STATUSES,
  CASE_STATUSES,
  CASE_TYPES,
  type CaseStatus,
  type CaseType,
  type Channel,
  DECISION_OUTCOMES,
  type DecisionOutcome,
  LINK_KINDS,
  type LinkKind,
  PORTAL_CASE_TYPES,
  PRIORITIES,
  type Priority,
  VISIBILITIES,
  type Visibility,
  WAITING_STATUSES,
} from '../../shared/cases';

export type Ref = { id: string; name: string };

export type CaseSummary = {
  id: string;
  number: string;
  type: CaseType;
  status: CaseStatus;
  priority: Priority;
  subject: string;
  customer: { id: string; number: string; name: string };
  partner: Ref | null;
  assignee: Ref | null;
  channel: Channel;
  breaching: boolean;
  createdAt: string;
  updatedAt: string;
};

export type Fact = {
  id: string;
  key: string;
  label: string;
  value: string;
  source: FactSource;
  state: FactState;
  note: string | null;
  updatedBy: string;
  updatedAt: string;
};

export type Commitment = {
  id: string;
  description: string;
  dueAt: string;
  owner: Ref;
  status: CommitmentStatus;
  overdue: boolean;
  createdAt: string;
  resolvedAt: string | null;
  /** Why it was dropped when the case was resolved. */
  outcomeReason: string | null;
  ownerOrganisationId: string;
};

export type Decision = {
  id: string;
  outcome: DecisionOutcome;
  policy: string;
  conditions: string | null;
  /** `value` as decided on, `currentValue` as the fact reads now. */
  citedFacts: { id: string; label: string; value: string; currentValue: string | null; changed: boolean }[];
  /** Set while a cited fact differs from the value decided on. */
  basisChangedAt: string | null;
  decidedBy: string;
  decidedAt: string;
};

export type ClockKind = 'first_response' | 'silence' | 'resolution';
export type Clock = {
  kind: ClockKind;
  state: 'not_started' | 'running' | 'paused' | 'stopped' | 'breached';
  targetMinutes: number;
  dueAt: string | null;
  breachedAt: string | null;
  remainingBusinessMinutes: number;
  met: boolean | null;
};

export type CaseLink = {
  kind: LinkKind;
  direction: 'outgoing' | 'incoming';
  case: { id: string; number: string; subject: string };
};

export type CaseDetail = CaseSummary & {
  contact: Ref | null;
  thirdParty: Ref | null;
  group?: Ref | null;
  cause?: { id: string; label: string } | null;
  tags?: string[];
  mergedInto: { id: string; number: string } | null;
  firstResponseAt: string | null;
  lastPublicReplyAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  facts: Fact[];
  commitments: Commitment[];
  decisions: Decision[];
  links: CaseLink[];
  clocks?: Clock[];
  /** The customer's balance and service block: only the operator's staff get it. */
  billing?: { balanceCents: number; blocked: boolean; blockedAt: string | null; dunningLevel: number };
  /** The signature the mail of a public reply will carry; null when no mail goes out. Not for customers. */
  replySignature?: { language: 'de' | 'en'; lines: string[] } | null;
};

export type Attachment = {
  id: string;
  fileName: string;
  mimeType: string;
  size: number;
  /** Shown in place by the message's HTML (an inline image), so not listed again below it. */
  inline?: boolean;
};

export type TimelineEntry = {
  id: string;
  kind: 'message' | 'event';
  at: string;
  visibility: Visibility;
  author: string;
  direction?: 'inbound' | 'outbound' | 'note';
  body?: string;
  html?: string | null;
  channel?: Channel;
  attachments?: Attachment[];
  /** Operator only: the mail the message came from and why it joined the case. */
  mail?: {
    id: string;
    reason: { kind: string; [field: string]: unknown } | null;
    reasonText: string | null;
    /** Remote images held back in `html` (as data-remote-src); loaded only when asked. */
    remoteImages?: number;
  };
  type?: string;
  data?: Record<string, unknown>;
};

export type UploadedAttachment = Attachment & { visibility: string };

export type TextModule = {
  id: string;
  name: string;
  language: string;
  body: string;
  caseType: CaseType | null;
  active: boolean;
  updatedAt: string;
  /** When it last went into a reply; null: never, so an admin may still delete it. */
  lastUsedAt: string | null;
};

export type CaseFilters = {
  status?: string;
  type?: string;
  priority?: string;
  assignee?: string;
  groupId?: string;
  partnerId?: string;
  customerId?: string;
  causeId?: string;
  tag?: string;
  breaching?: 'true' | 'false';
  /** Cases with an open commitment due by the end of the user's day. */
  commitmentDue?: 'today';
  q?: string;
  sort?: 'updated_at' | 'created_at' | 'number';
  direction?: 'asc' | 'desc';
};

export type SavedView = { id: string; name: string; filters: CaseFilters; createdAt?: string };

export type CaseGroup = { id: string; name: string; lead: Ref | null; members: Ref[] };

export type CauseNode = {
  id: string;
  nameDe: string;
  nameEn: string;
  active: boolean;
  children: CauseNode[];
};

/** A signed link to the case's public status page (`GET /api/cases/:id/status-links`). */
export type StatusLink = {
  id: string;
  /** Only while the link works. */
  url: string | null;
  origin: 'manual' | 'reply_mail' | 'auto_reply';
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  state: 'active' | 'expired' | 'revoked';
};

export type PublicCaseStatus = {
  number: string;
  subject: string;
  type: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  facts: { label: string; value: string; state: string }[];
  commitments: { description: string; dueAt: string; status: string }[];
  decisions: { outcome: string; policy: string; conditions: string | null; decidedAt: string }[];
  timeline: {
    at: string;
    kind: string;
    author: string;
    body?: string;
    type?: string;
    data?: Record<string, unknown>;
  }[];
};

export type CaseCounts = {
  mine: number;
  unassigned: number;
  myGroups: number;
  breaching: number;
  waiting: number;
  all: number;
};

export type CaseStreamEvent = { caseId: string; number: string; type: string; at: string };
