// Channel vocabulary shared by the server (tables, schemas) and the web app (forms, filters, labels).

export const LEAD_KINDS = ['warranty_extension', 'new_device', 'service_contract', 'other'] as const;
export type LeadKind = (typeof LEAD_KINDS)[number];

export const LEAD_SOURCES = ['renewal_job', 'operator', 'partner', 'web'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

/**
 * - queued: no partner holds it; it waits for the channel manager (queue or worklist).
 * - offered: a partner was told and holds it until `protected_until`; it accepts or declines.
 * - accepted: the partner works it (stage, next activity, expected value) until won or lost.
 * - won / lost: reported by the partner with value, date and reason.
 * - cancelled: the channel manager closed it without an outcome.
 */
export const LEAD_STATUSES = ['queued', 'offered', 'accepted', 'won', 'lost', 'cancelled'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Statuses in which a partner holds the lead (protection against direct offers, capacity). */
export const LEAD_HELD_STATUSES: readonly LeadStatus[] = ['offered', 'accepted'];

export const LEAD_STAGES = ['new', 'contacted', 'offer_sent', 'negotiation'] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];

/** One entry of a lead's routing history. */
export const LEAD_STEP_ACTIONS = [
  'created',
  'routed',
  'queued',
  'accepted',
  'declined',
  'timed_out',
  'rerouted',
  'assigned',
  'progress',
  'won',
  'lost',
  'cancelled',
] as const;
export type LeadStepAction = (typeof LEAD_STEP_ACTIONS)[number];

export const DEAL_REGISTRATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type DealRegistrationStatus = (typeof DEAL_REGISTRATION_STATUSES)[number];

export const DIRECT_CONTACT_KINDS = ['offer', 'call', 'mail'] as const;
export type DirectContactKind = (typeof DIRECT_CONTACT_KINDS)[number];

/** Why a direct offer was allowed although a partner protects the customer. */
export const DIRECT_CONTACT_CLEARANCES = ['partner_declined', 'partner_consent'] as const;
export type DirectContactClearance = (typeof DIRECT_CONTACT_CLEARANCES)[number];

/** What makes a partner protect a customer against the operator's direct offers. */
export const PROTECTION_SOURCES = ['reseller_of_record', 'lead', 'registration'] as const;
export type ProtectionSource = (typeof PROTECTION_SOURCES)[number];

/** What a deal registration collides with: another partner's protection, or a customer the prospect probably is. */
export const REGISTRATION_CONFLICT_KINDS = [
  'reseller_of_record',
  'lead',
  'registration',
  'existing_customer',
] as const;
export type RegistrationConflictKind = (typeof REGISTRATION_CONFLICT_KINDS)[number];
