// The payments vocabulary shared by the server and the web app.

/** Where a payment came from: typed in by a clerk, a CAMT.053 statement or a bank's CSV export. */
export const PAYMENT_SOURCES = ['manual', 'camt053', 'csv'] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

/**
 * - matched: the whole amount is allocated to invoices of one customer;
 * - partial: part of it is allocated (or it pays less than the invoice's open amount); worklist;
 * - unmatched: no customer or invoice found; worklist;
 * - ignored: not a customer's payment (a refund from a supplier, a transfer), with a reason.
 */
export const PAYMENT_STATUSES = ['matched', 'partial', 'unmatched', 'ignored'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** A statement can be a few MB (a month of a busy account); larger bodies are refused with 413. */
export const PAYMENT_IMPORT_MAX_BYTES = 10 * 1024 * 1024;
