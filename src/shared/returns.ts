// Returns (RMA) with receiving inspection: the states, item conditions and outcomes, for server and web app.
import type { Role } from './roles';

/** A return's life: requested → authorised → received → inspected → closed; rejected ends it early. */
export const RETURN_STATES = [
  'requested',
  'authorised',
  'received',
  'inspected',
  'closed',
  'rejected',
] as const;
export type ReturnState = (typeof RETURN_STATES)[number];

/** The steps shown in the stepper, in order (rejected is an end, not a step). */
export const RETURN_STEPS: readonly ReturnState[] = [
  'requested',
  'authorised',
  'received',
  'inspected',
  'closed',
];

/** What the receiving inspection found in the parcel, per item. */
export const ITEM_CONDITIONS = [
  'as_described',
  'damaged',
  'incomplete',
  'wrong_contents',
  'not_received',
] as const;
export type ItemCondition = (typeof ITEM_CONDITIONS)[number];

/** What the customer gets; the reason for it is shown to the customer. */
export const RETURN_OUTCOMES = ['refund', 'replacement', 'repair', 'rejected'] as const;
export type ReturnOutcome = (typeof RETURN_OUTCOMES)[number];

/** The operator's staff who work returns: authorise, receive, inspect, close, reject. */
export const RETURN_WORK_ROLES: readonly Role[] = ['operator_admin', 'agent'];
