// Notification kinds: declared once for the server (who is told what) and the web app (the bell,
// the preferences on the settings page).

export const NOTIFICATION_KINDS = [
  /** Customer: their case was received (portal, partner or agent made it). */
  'case_received',
  /** Customer: a promise was made on their case. */
  'commitment_made',
  /** Customer: a promise on their case was kept. */
  'commitment_kept',
  /** Customer: a promise on their case was missed. */
  'commitment_broken',
  /** Customer: a promise on their case was dropped when the case was resolved (with the reason). */
  'commitment_dropped',
  /** Operator staff: an automatic close or resolution held back for open commitments (their owners, the assignee). */
  'held_for_commitments',
  /** Customer: a decision was made on their case. */
  'decision_made',
  /** Customer: their case was resolved (the mail with the survey link comes from the surveys module). */
  'case_resolved',
  /** Partner: a new case of one of its customers. */
  'partner_new_case',
  /** Partner: the operator answered the customer publicly. */
  'partner_public_reply',
  /** Agent: a case was assigned to them. */
  'case_assigned',
  /** Agent: the customer wrote on the agent's case. */
  'customer_reply',
  /** Group lead and assignee: an SLA target was breached (the mail comes from the SLA escalation). */
  'sla_breached',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Kinds whose mail a person may turn off. The others carry something the recipient must know
 * (receipt, a broken or dropped promise, a case held for open commitments, a decision, the resolution, an assignment, a breach) and always mail.
 */
export const OPTIONAL_NOTIFICATION_KINDS = [
  'commitment_made',
  'commitment_kept',
  'partner_new_case',
  'partner_public_reply',
  'customer_reply',
] as const satisfies readonly NotificationKind[];
export type OptionalNotificationKind = (typeof OPTIONAL_NOTIFICATION_KINDS)[number];
