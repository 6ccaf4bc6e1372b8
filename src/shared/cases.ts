// Case vocabulary shared by the server (tables, schemas) and the web app (forms, filters, labels).

export const CASE_TYPES = [
  'complaint',
  'return',
  'fault',
  'request',
  'mention',
  'inquiry',
  'invoice_request',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/** The types a customer or partner can open in the portal. */
export const PORTAL_CASE_TYPES = [
  'complaint',
  'return',
  'fault',
  'request',
  'invoice_request',
] as const satisfies readonly CaseType[];

export const CASE_STATUSES = [
  'new',
  'open',
  'waiting_customer',
  'waiting_partner',
  'waiting_third_party',
  'resolved',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses of a case that still needs work (not resolved or closed). */
export const ACTIVE_STATUSES: readonly CaseStatus[] = [
  'new',
  'open',
  'waiting_customer',
  'waiting_partner',
  'waiting_third_party',
];
/** Statuses in which the case waits on someone other than the operator. */
export const WAITING_STATUSES: readonly CaseStatus[] = [
  'waiting_customer',
  'waiting_partner',
  'waiting_third_party',
];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** `on_site`: an agent records what a customer reported in person, at a visit or at the counter. */
export const CHANNELS = ['web', 'email', 'phone', 'api', 'partner', 'feed', 'on_site'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Who may read a timeline entry: public = customer, partner and operator; partner = partner and operator.
 * The search index stores each visibility by its position here: add new ones at the end, never reorder.
 */
export const VISIBILITIES = ['public', 'partner', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const FACT_SOURCES = ['agent', 'customer', 'partner', 'third_party', 'import'] as const;
export type FactSource = (typeof FACT_SOURCES)[number];
export const FACT_STATES = ['unconfirmed', 'confirmed', 'disputed'] as const;
export type FactState = (typeof FACT_STATES)[number];

/** `dropped`: no longer owed, said with a reason when the case was resolved (see COMMITMENT_OUTCOMES). */
export const COMMITMENT_STATUSES = ['open', 'kept', 'broken', 'dropped'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/**
 * What becomes of a commitment still open when its case is resolved or closed: kept (done),
 * dropped (no longer owed; a reason is required) or carried over (still owed after the case is
 * resolved: it stays open and is escalated when missed).
 */
export const COMMITMENT_OUTCOMES = ['kept', 'dropped', 'carried_over'] as const;
export type CommitmentOutcome = (typeof COMMITMENT_OUTCOMES)[number];

export const DECISION_OUTCOMES = ['granted', 'conditional', 'refused'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export const LINK_KINDS = ['relates_to', 'duplicate_of', 'parent_of'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
