/**
 * Every problem code the API answers with, and its HTTP status. The server throws only these
 * (AppError takes a code from here; the error handler maps Fastify's own errors onto them), and
 * the web app has a German and English message for each (errors.codes.*, checked by a unit test),
 * so no user ever reads the API's English detail.
 */
export const PROBLEM_STATUS = {
  validation: 400,
  unauthenticated: 401,
  /** The person's organisation was deactivated: no login, no session, no API token. */
  organisation_inactive: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** A direct offer to a customer a partner protects, without a clearance. */
  direct_offer_blocked: 409,
  /** A direct offer whose clearance does not hold (the partner never declined a lead of the customer). */
  direct_offer_clearance_refused: 409,
  /** A deal registration that was already approved or rejected. */
  registration_already_decided: 409,
  /** A lead in the wrong state for the step: accept/decline need offered, outcome accepted, changes an open lead. */
  lead_not_offered: 409,
  lead_protection_expired: 409,
  lead_not_accepted: 409,
  lead_closed: 409,
  /** A charge type with this code exists already (POST); change it with PATCH. */
  charge_type_exists: 409,
  /** A charge that is on an invoice already (named in `chargeIds`). */
  charge_already_invoiced: 409,
  /** Invoices cannot be issued before an operator admin filled in the seller settings. */
  seller_settings_missing: 409,
  /** A reverse-charge invoice needs the buyer's VAT ID, and the customer has none. */
  buyer_vat_id_missing: 409,
  /** A customer asked for invoices but has no uninvoiced charges. */
  no_uninvoiced_charges: 409,
  invoice_already_cancelled: 409,
  /** A cancellation document is final; it is not cancelled in turn. */
  invoice_not_cancellable: 409,
  /** A payment that is matched or ignored: it is not allocated or ignored again. */
  payment_not_open: 409,
  /** The DATEV export needs the DATEV settings (consultant and client number) saved first. */
  datev_settings_missing: 409,
  /** A customer whose number gives no debitor account in the range of the DATEV account length. */
  datev_debitor_out_of_range: 409,
  /** An invoice with a VAT category and rate that has no revenue account in the DATEV settings. */
  datev_unknown_vat_category: 409,
  /** A partner escalating to a third party that wants the customer to call (message: number and hours). */
  partner_escalation_not_accepted: 409,
  /** An unblock for an account that has no service block. */
  account_not_blocked: 409,
  /** A text module that went into replies is deactivated, not deleted. */
  text_module_used: 409,
  /** A satisfaction survey is answered once per case. */
  survey_already_answered: 409,
  /** A return step that its state does not allow (e.g. inspecting a return not yet received). */
  return_state_conflict: 409,
  /** A refund for a return found with wrong contents (the item positions in `items`). */
  return_refund_refused: 409,
  /** A replacement asked of a checklist run that found no device fault, or on a case that names no device. */
  replacement_not_offered: 409,
  /** A partner marking as kept a commitment that someone outside its organisation owns (the operator's). */
  commitment_not_yours: 403,
  /** Resolving or closing a case with open commitments without saying what becomes of each (named in `commitments`). */
  open_commitments: 409,
  /** A revoked status link: it existed and was withdrawn. */
  status_link_revoked: 410,
  /** A survey link past its time: it was real, and answering is over. */
  survey_expired: 410,
  /** A reply to the customer the leak guard stopped: it names internal data (listed in `findings`). */
  internal_data: 422,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  // Fastify's own refusals, before a route runs (the error handler maps them onto these).
  /** No route for this method and path. */
  method_not_allowed: 405,
  /** A body past the route's limit (an attachment larger than ATTACHMENT_MAX_MB). */
  payload_too_large: 413,
  /** A body in a content type the route does not take. */
  unsupported_media_type: 415,
} as const;
export type ProblemCode = keyof typeof PROBLEM_STATUS;
export const PROBLEM_CODES = Object.keys(PROBLEM_STATUS) as ProblemCode[];
