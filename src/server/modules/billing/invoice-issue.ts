import { BILLING_ROLES } from '../../../shared/roles';
import type { Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { requireCustomer } from './accounts';
import type { ChargeRow, InvoiceRow, SellerSettingsRow } from './billing.table';
import {
  addDays,
  berlinDate,
  type DocumentCharge,
  type DocumentContent,
  documentContent,
  type Language,
  needsBuyerVatId,
} from './invoice-document';
import { type InvoiceSeries, takeInvoiceNumber } from './invoice-number';
import type { BuyerSnapshot, IssueInvoicesResult, SellerSnapshot } from './invoice-schemas';
import { planInvoiceDocuments } from './invoice-totals';
import { toInvoice } from './invoices';
import { findSellerSettingsRow } from './seller-settings';

// Issuing invoices (cancelling: invoice-cancel.ts). Everything is checked before the transaction; inside it the
// charges are claimed first (an UPDATE … WHERE invoice_id IS NULL, so of two parallel requests
// for a charge one claims it and the other finds it taken and rolls back), then the numbers are
// taken from the series counter (gapless: a rollback gives the number back). Always in that
// order, so two issuers never wait on each other crosswise.

export const INVOICE_ISSUE_ROLES = BILLING_ROLES;
export const INVOICE_REQUEST_ROLES = ['customer_user'] as const;

const SELLER_SETTINGS_MISSING =
  'The seller settings are not filled in yet: an operator admin enters them under Settings → Seller (legal name, address, VAT ID or tax number, bank) before invoices can be issued';

/** The seller fields an e-invoice needs that older settings may lack (XRechnung BR-DE-2, BR-DE-5/6/7). */
const SELLER_CONTACT_FIELDS = [
  ['contactName', 'contact_name'],
  ['contactPhone', 'contact_phone'],
  ['contactEmail', 'contact_email'],
] as const;

export async function requireSellerSettings(trx: Pick<Deps, 'db'>['db'] | Trx): Promise<SellerSettingsRow> {
  const row = await findSellerSettingsRow(trx);
  if (!row) throw new AppError('seller_settings_missing', SELLER_SETTINGS_MISSING);
  const missing = SELLER_CONTACT_FIELDS.filter(([, column]) => !row[column]).map(([field]) => field);
  if (missing.length > 0) {
    throw new AppError(
      'seller_settings_missing',
      `The seller settings lack the contact an e-invoice must name (XRechnung BR-DE-2/5/6/7): ${missing.join(', ')}; an operator admin adds them under Settings → Seller`,
      missing.map((field) => ({ field, message: 'required to issue invoices' })),
      { fields: missing },
    );
  }
  return row;
}

export function sellerSnapshot(row: SellerSettingsRow): SellerSnapshot {
  return {
    name: row.legal_name,
    street: row.street,
    postalCode: row.postal_code,
    city: row.city,
    country: row.country,
    vatId: row.vat_id,
    taxNumber: row.tax_number,
    registerCourt: row.register_court,
    registerNumber: row.register_number,
    managingDirectors: JSON.parse(row.managing_directors) as string[],
    bankName: row.bank_name,
    iban: row.iban,
    bic: row.bic,
    invoiceFooter: row.invoice_footer,
    paymentTermsDays: row.payment_terms_days,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    contactEmail: row.contact_email,
  };
}

/** The language of the customer's documents: its first user's language, German without users. */
async function customerLanguage(deps: Pick<Deps, 'db'>, customerId: string): Promise<Language> {
  const person = await deps.db
    .selectFrom('person')
    .select('locale')
    .where('organisation_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return person?.locale === 'en' ? 'en' : 'de';
}

function toDocumentCharge(row: ChargeRow): DocumentCharge {
  return {
    id: row.id,
    typeCode: row.type_code,
    treatment: row.vat_treatment,
    exemptionNote: row.exemption_note,
    description: row.description,
    quantityThousandths: row.quantity_thousandths,
    unitPriceCents: row.unit_price_cents,
    serviceDate: row.service_date,
    serviceDateTo: row.service_date_to,
  };
}

function alreadyInvoiced(chargeIds: string[]): AppError {
  return new AppError(
    'charge_already_invoiced',
    `chargeIds: already invoiced: ${chargeIds.join(', ')}`,
    [{ field: 'chargeIds', message: `already invoiced: ${chargeIds.join(', ')}` }],
    { chargeIds },
  );
}

type NewDocument = {
  id: string;
  customerId: string;
  kind: InvoiceRow['kind'];
  cancelsInvoiceId: string | null;
  content: DocumentContent;
  seller: SellerSnapshot;
  buyer: BuyerSnapshot;
  language: Language;
  issueDate: string;
  dueDate: string;
  splitReason: string | null;
  cancelReason: string | null;
};

/** Takes the number and writes the document with its lines, in the caller's transaction. */
export async function writeDocument(
  trx: Trx,
  deps: Pick<Deps, 'clock'>,
  scope: Scope,
  series: InvoiceSeries,
  doc: NewDocument,
): Promise<InvoiceRow> {
  const { number } = await takeInvoiceNumber(trx, series, doc.issueDate);
  const { totals } = doc.content;
  const row: InvoiceRow = {
    id: doc.id,
    number,
    series: series.prefix,
    numbering: series.numbering,
    customer_id: doc.customerId,
    kind: doc.kind,
    cancels_invoice_id: doc.cancelsInvoiceId,
    issue_date: doc.issueDate,
    service_period_start: doc.content.servicePeriod.start,
    service_period_end: doc.content.servicePeriod.end,
    due_date: doc.dueDate,
    currency: 'EUR',
    language: doc.language,
    seller: JSON.stringify(doc.seller),
    buyer: JSON.stringify(doc.buyer),
    line_total_cents: totals.lineTotalCents,
    vat_total_cents: totals.vatTotalCents,
    grand_total_cents: totals.grandTotalCents,
    amount_due_cents: totals.amountDueCents,
    vat_breakdown: JSON.stringify(totals.breakdown),
    notes: JSON.stringify(doc.content.notes),
    small_amount: doc.content.smallAmount ? 1 : 0,
    split_reason: doc.splitReason,
    cancel_reason: doc.cancelReason,
    status: 'issued',
    cancelled_by_invoice_id: null,
    created_by_person_id: scope.kind === 'user' ? scope.personId : null,
    created_at: isoNow(deps.clock),
  };
  await trx.insertInto('invoice').values(row).execute();
  await trx
    .insertInto('invoice_line')
    .values(doc.content.lines.map((line) => ({ ...line, invoice_id: doc.id })))
    .execute();
  await recordAudit(trx, scope, deps.clock, {
    action: 'invoice.issued',
    entityType: 'invoice',
    entityId: row.id,
    after: { ...row, chargeIds: doc.content.lines.map((l) => l.charge_id) },
  });
  return row;
}

/**
 * Issues the documents a set of the customer's uninvoiced charges needs (the document plan splits
 * not-subject charges and further exemption reasons onto their own), all in one transaction.
 */
async function issueForCustomer(
  deps: Deps,
  scope: Scope,
  customerId: string,
  requestedIds: readonly string[],
): Promise<IssueInvoicesResult> {
  const customer = await requireCustomer(deps, scope, customerId);
  const settings = await requireSellerSettings(deps.db);
  const chargeIds = [...new Set(requestedIds)];
  const found = await deps.db.selectFrom('charge').selectAll().where('id', 'in', chargeIds).execute();
  const byId = new Map(found.filter((c) => c.customer_id === customerId).map((c) => [c.id, c]));
  const foreign = chargeIds.filter((id) => !byId.has(id));
  if (foreign.length > 0) {
    throw AppError.field('chargeIds', `are not charges of this customer: ${foreign.join(', ')}`);
  }
  const charges = chargeIds.map((id) => byId.get(id)!);
  const invoiced = charges.filter((c) => c.invoice_id !== null).map((c) => c.id);
  if (invoiced.length > 0) throw alreadyInvoiced(invoiced);

  const plan = planInvoiceDocuments(
    charges.map((c) => ({ id: c.id, treatment: c.vat_treatment, exemptionNote: c.exemption_note })),
  );
  const reverseCharge = charges.filter((c) => needsBuyerVatId([{ treatment: c.vat_treatment }]));
  if (reverseCharge.length > 0 && !customer.vatId) {
    const ids = reverseCharge.map((c) => c.id);
    throw new AppError(
      'buyer_vat_id_missing',
      `vatId: the customer ${customer.number} has no VAT ID, which a reverse-charge invoice must show (§ 14a UStG); add it to the customer's organisation`,
      [{ field: 'vatId', message: 'the customer needs a VAT ID for reverse-charge charges' }],
      { customerId, chargeIds: ids },
    );
  }

  const language = await customerLanguage(deps, customerId);
  const seller = sellerSnapshot(settings);
  const buyer: BuyerSnapshot = {
    name: customer.name,
    number: customer.number,
    street: customer.street,
    postalCode: customer.postalCode,
    city: customer.city,
    country: customer.country,
    vatId: customer.vatId,
    taxNumber: customer.taxNumber,
    email: customer.email,
    // BT-10: customers have no Leitweg-ID yet, so the customer number is the buyer reference.
    reference: customer.number,
  };
  const issueDate = berlinDate(deps.clock.now());
  const dueDate = addDays(issueDate, settings.payment_terms_days);
  const series: InvoiceSeries = {
    prefix: settings.invoice_number_prefix,
    numbering: settings.invoice_numbering,
  };
  const documents: NewDocument[] = plan.documents.map((planned) => ({
    id: newId(),
    customerId,
    kind: 'invoice',
    cancelsInvoiceId: null,
    content: documentContent(
      planned.chargeIds.map((id) => toDocumentCharge(byId.get(id)!)),
      language,
    ),
    seller,
    buyer,
    language,
    issueDate,
    dueDate,
    splitReason: planned.reason,
    cancelReason: null,
  }));

  const rows = await deps.db.transaction().execute(async (trx) => {
    for (const doc of documents) {
      const ids = doc.content.lines.map((line) => line.charge_id);
      const claimed = await trx
        .updateTable('charge')
        .set({ invoice_id: doc.id })
        .where('id', 'in', ids)
        .where('customer_id', '=', customerId)
        .where('invoice_id', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== ids.length) {
        const taken = await trx
          .selectFrom('charge')
          .select('id')
          .where('id', 'in', ids)
          .where('invoice_id', 'is not', null)
          .where('invoice_id', '!=', doc.id)
          .execute();
        throw alreadyInvoiced(taken.length > 0 ? taken.map((t) => t.id) : ids);
      }
    }
    const written: InvoiceRow[] = [];
    for (const doc of documents) written.push(await writeDocument(trx, deps, scope, series, doc));
    return written;
  });

  return {
    invoices: rows.map((row, index) =>
      toInvoice(
        row,
        documents[index]!.content.lines.map((line) => ({ ...line, invoice_id: row.id })),
      ),
    ),
    split: {
      split: plan.split,
      reasons: rows
        .map((row, index) => ({ invoiceId: row.id, reason: plan.documents[index]!.reason }))
        .filter((entry): entry is { invoiceId: string; reason: NonNullable<typeof entry.reason> } =>
          Boolean(entry.reason),
        ),
    },
  };
}

/** POST /api/invoices: a billing clerk or operator admin invoices a customer's charges. */
export async function issueInvoices(
  deps: Deps,
  scope: Scope,
  input: { customerId: string; chargeIds: string[] },
): Promise<IssueInvoicesResult> {
  requireRole(scope, INVOICE_ISSUE_ROLES);
  return issueForCustomer(deps, scope, input.customerId, input.chargeIds);
}

/**
 * POST /api/invoices/request: a customer's user asks for the invoices of its organisation's
 * uninvoiced charges (the given ones, or all); issued at once by the same rules.
 */
export async function requestInvoices(
  deps: Deps,
  scope: Scope,
  input: { chargeIds?: string[] | undefined },
): Promise<IssueInvoicesResult> {
  requireRole(scope, INVOICE_REQUEST_ROLES);
  if (scope.kind !== 'user') throw new AppError('forbidden', 'only a customer user requests invoices');
  let chargeIds = input.chargeIds;
  if (!chargeIds) {
    const open = await deps.db
      .selectFrom('charge')
      .select('id')
      .where('customer_id', '=', scope.organisationId)
      .where('invoice_id', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    chargeIds = open.map((c) => c.id);
  }
  if (chargeIds.length === 0) {
    throw new AppError('no_uninvoiced_charges', 'There are no uninvoiced charges to invoice');
  }
  return issueForCustomer(deps, scope, scope.organisationId, chargeIds);
}
