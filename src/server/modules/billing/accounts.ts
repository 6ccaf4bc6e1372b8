import { VAT_TREATMENT_RULES, type VatTreatment } from '../../../shared/billing';
import { ACCOUNT_READ_ROLES, BILLING_ROLES } from '../../../shared/roles';
import type { Trx } from '../../db/database';
import { toNumber } from '../../db/dialect';
import { AppError } from '../../shared/app-error';
import { type Clock, isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { getCase } from '../cases/service';
import { getOrganisation } from '../organisations/service';
import type { ChargeRow, ChargeTypeRow } from './billing.table';
import { findChargeType } from './charge-types';
import { lineNetCents, parseQuantity, quantityFromThousandths, vatCents } from './invoice-totals';
import { accountInvoices, openInvoiceCents } from './invoices';
import { accountPayments, paidCents } from './payments/store';
import type { Account, Charge, CreateChargeBody } from './schemas';

// A customer's billing account: its charges (later invoices and payments), the balance, the
// dunning level and the service block. Who may see it: billing clerks and operator admins (who
// also write), agents (read only: they see balances on cases but cannot change them) and the
// customer's own users. Partners never see billing data: every billing route refuses their
// roles (403) before anything is looked up, so not even a customer's existence leaks.

export { ACCOUNT_READ_ROLES };
export const CHARGE_WRITE_ROLES = BILLING_ROLES;

/** The customer whose account it is; another customer's (for a customer user), or no customer, is a 404. */
export async function requireCustomer(deps: Deps, scope: Scope, customerId: string) {
  if (scope.kind === 'user' && scope.organisationKind !== 'operator' && scope.organisationId !== customerId) {
    throw AppError.notFound('Customer');
  }
  const organisation = await getOrganisation(deps, scope, customerId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') throw AppError.notFound('Customer');
    throw error;
  });
  if (organisation.kind !== 'customer') throw AppError.notFound('Customer');
  return organisation;
}

type ChargeWithType = ChargeRow & { type_name_de: string; type_name_en: string };

function selectCharges(deps: Pick<Deps, 'db'>, customerId: string) {
  return deps.db
    .selectFrom('charge')
    .innerJoin('charge_type', 'charge_type.code', 'charge.type_code')
    .selectAll('charge')
    .select(['charge_type.name_de as type_name_de', 'charge_type.name_en as type_name_en'])
    .where('charge.customer_id', '=', customerId);
}

function toCharge(row: ChargeWithType): Charge {
  const rule = VAT_TREATMENT_RULES[row.vat_treatment];
  return {
    id: row.id,
    customerId: row.customer_id,
    type: { code: row.type_code, nameDe: row.type_name_de, nameEn: row.type_name_en },
    vatTreatment: row.vat_treatment,
    vatCategory: rule.category,
    vatRateBasisPoints: rule.rateBasisPoints,
    description: row.description,
    quantity: quantityFromThousandths(row.quantity_thousandths),
    amountCents: row.unit_price_cents,
    lineNetCents: toNumber(row.line_net_cents),
    serviceDate: row.service_date,
    serviceDateTo: row.service_date_to,
    caseId: row.case_id,
    invoiceId: row.invoice_id,
    createdAt: row.created_at,
  };
}

// An account shows its newest charges; older ones are reached through invoices and exports.
const CHARGE_LIST_LIMIT = 1000;

/** The customer's charges, newest first; `uninvoiced` leaves out those on an invoice. */
export async function listCharges(
  deps: Deps,
  scope: Scope,
  customerId: string,
  filter: { uninvoiced: boolean },
): Promise<{ items: Charge[] }> {
  requireRole(scope, ACCOUNT_READ_ROLES);
  await requireCustomer(deps, scope, customerId);
  let query = selectCharges(deps, customerId);
  if (filter.uninvoiced) query = query.where('charge.invoice_id', 'is', null);
  const rows = await query
    .orderBy('charge.created_at', 'desc')
    .orderBy('charge.id', 'desc')
    .limit(CHARGE_LIST_LIMIT)
    .execute();
  return { items: rows.map(toCharge) };
}

/**
 * Gross of the uninvoiced charges as their documents will show it: VAT per category and rate on
 * the sum of line nets (EN 16931). Splitting into documents changes nothing here, because the
 * categories that are split off (O, further E) carry no VAT.
 */
async function uninvoicedAmounts(deps: Pick<Deps, 'db'>, customerId: string) {
  const groups = await deps.db
    .selectFrom('charge')
    .select(['vat_treatment', (eb) => eb.fn.sum<number | string>('line_net_cents').as('net')])
    .where('customer_id', '=', customerId)
    .where('invoice_id', 'is', null)
    .groupBy('vat_treatment')
    .execute();
  let netCents = 0;
  let grossCents = 0;
  for (const group of groups) {
    const net = toNumber(group.net);
    netCents += net;
    grossCents +=
      net + vatCents(net, VAT_TREATMENT_RULES[group.vat_treatment as VatTreatment].rateBasisPoints);
  }
  return { netCents, grossCents };
}

/** Open invoices plus uninvoiced charges (gross), less what the customer paid (ignored payments aside). */
async function balanceParts(deps: Pick<Deps, 'db'>, customerId: string) {
  const uninvoiced = await uninvoicedAmounts(deps, customerId);
  const openInvoices = await openInvoiceCents(deps.db, customerId);
  const paid = await paidCents(deps.db, customerId);
  return { uninvoiced, openInvoices, balanceCents: openInvoices + uninvoiced.grossCents - paid };
}

async function accountState(deps: Pick<Deps, 'db'>, customerId: string) {
  const state = await deps.db
    .selectFrom('billing_account')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return {
    dunningLevel: state?.dunning_level ?? 0,
    blocked: Boolean(state?.blocked_at),
    blockedAt: state?.blocked_at ?? null,
  };
}

export type AccountStanding = {
  balanceCents: number;
  blocked: boolean;
  blockedAt: string | null;
  dunningLevel: number;
};

/**
 * Balance, block and dunning level alone, without the charge, invoice and payment lists: what the
 * case page and the block lift need on every read. No scope check; callers decide the audience.
 */
export async function accountStanding(deps: Pick<Deps, 'db'>, customerId: string): Promise<AccountStanding> {
  const { balanceCents } = await balanceParts(deps, customerId);
  return { balanceCents, ...(await accountState(deps, customerId)) };
}

/** The customer's account as the caller may see it. */
export async function getAccount(deps: Deps, scope: Scope, customerId: string): Promise<Account> {
  requireRole(scope, ACCOUNT_READ_ROLES);
  const customer = await requireCustomer(deps, scope, customerId);
  const rows = await selectCharges(deps, customerId)
    .orderBy('charge.created_at', 'desc')
    .orderBy('charge.id', 'desc')
    .limit(CHARGE_LIST_LIMIT)
    .execute();
  const { uninvoiced, openInvoices, balanceCents } = await balanceParts(deps, customerId);
  return {
    customer: { id: customer.id, number: customer.number, name: customer.name },
    charges: rows.map(toCharge),
    invoices: await accountInvoices(deps.db, customerId),
    payments: await accountPayments(deps.db, customerId),
    uninvoicedNetCents: uninvoiced.netCents,
    openInvoicesCents: openInvoices,
    balanceCents,
    ...(await accountState(deps, customerId)),
  };
}

async function requireActiveChargeType(deps: Pick<Deps, 'db'>, code: string): Promise<ChargeTypeRow> {
  const type = await findChargeType(deps.db, code);
  if (!type) throw AppError.field('type', `there is no charge type ${code}`);
  if (type.active !== 1) throw AppError.field('type', `the charge type ${code} is deactivated`);
  return type;
}

/** A case of this customer; anything else is a 400 naming caseId (never whose case it is). */
async function requireCaseOfCustomer(deps: Deps, scope: Scope, caseId: string, customerId: string) {
  const found = await getCase(deps, scope, caseId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  });
  const customerOfCase = found && 'customer' in found ? found.customer.id : null;
  if (customerOfCase !== customerId) throw AppError.field('caseId', 'is not a case of this customer');
}

/** Charges the customer (audited). amountCents is the net unit price; the line net is rounded half up. */
export async function createCharge(
  deps: Deps,
  scope: Scope,
  customerId: string,
  input: CreateChargeBody,
): Promise<Charge> {
  requireRole(scope, CHARGE_WRITE_ROLES);
  await requireCustomer(deps, scope, customerId);
  const quantity = parseQuantity(input.quantity ?? 1);
  if (quantity === null) {
    throw AppError.field('quantity', 'must be a positive number up to 1000000 with at most 3 decimal places');
  }
  const type = await requireActiveChargeType(deps, input.type);
  if (input.caseId) await requireCaseOfCustomer(deps, scope, input.caseId, customerId);
  const row: ChargeRow = {
    id: newId(),
    customer_id: customerId,
    type_code: type.code,
    vat_treatment: type.vat_treatment,
    exemption_note: type.exemption_note,
    description: input.description,
    quantity_thousandths: quantity,
    unit_price_cents: input.amountCents,
    line_net_cents: lineNetCents(quantity, input.amountCents),
    service_date: input.serviceDate,
    service_date_to: input.serviceDateTo ?? null,
    case_id: input.caseId ?? null,
    invoice_id: null,
    created_by_person_id: scope.kind === 'user' ? scope.personId : null,
    created_at: isoNow(deps.clock),
  };
  await deps.db.transaction().execute((trx) => insertCharge(trx, deps.clock, scope, row));
  return toCharge({ ...row, type_name_de: type.name_de, type_name_en: type.name_en });
}

/** Writes a checked charge in the caller's transaction (audited), e.g. a dunning fee with its notice. */
export async function insertCharge(trx: Trx, clock: Clock, scope: Scope, row: ChargeRow): Promise<void> {
  await trx.insertInto('charge').values(row).execute();
  await recordAudit(trx, scope, clock, {
    action: 'charge.created',
    entityType: 'charge',
    entityId: row.id,
    after: row,
  });
}
