// The billing module's public API for other modules (cases showing a balance to agents, the
// later invoice, payment and dunning work). Other modules import from here, never the tables.

export { ACCOUNT_READ_ROLES, CHARGE_WRITE_ROLES, createCharge, getAccount, listCharges } from './accounts';
export { INVOICE_DOCUMENT_FORMATS, type InvoiceDocumentFormat } from './billing.table';
export {
  billingFactsForLeakGuard,
  billingSummaryForCase,
  type CaseBillingSummary,
  ensureBlockLiftTimer,
  handleBlockLiftTimer,
  liftBlockIfSettled,
} from './block';
export { CHARGE_TYPE_ROLES, createChargeType, listChargeTypes, updateChargeType } from './charge-types';
export { ensureDunningTimer, handleDunningTimer, runDunning } from './dunning-run';
export { cancelInvoice } from './invoice-cancel';
export {
  type InvoiceDocumentFile,
  invoiceDocumentFileName,
  invoiceDocumentFiles,
  renderInvoiceDocument,
} from './invoice-files';
export { issueInvoices, requestInvoices } from './invoice-issue';
export { formatInvoiceNumber, type InvoiceSeries, takeInvoiceNumber } from './invoice-number';
export {
  fulfilInvoiceRequest,
  handleInvoiceRequestTimer,
  type InvoiceRequestOutcome,
} from './invoice-requests/fulfil';
export { matchInvoiceRequestRule } from './invoice-requests/rules';
export {
  type InvoicePlan,
  type InvoiceTotals,
  invoiceTotals,
  lineNetCents,
  type PlannedDocument,
  planInvoiceDocuments,
  type SplitReason,
  vatCents,
} from './invoice-totals';
export { getInvoice, listInvoices } from './invoices';
export { type OpenInvoice, openInvoiceAmounts } from './open-items';
export { getSellerSettings, saveSellerSettings } from './seller-settings';
