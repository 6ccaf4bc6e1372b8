import { normaliseIban } from '../../../shared/iban';
import type { Db, Trx } from '../../db/database';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import type { SellerSettingsRow } from './billing.table';
import type { SellerSettings, SellerSettingsBody } from './schemas';

// The seller's data on every invoice: one row ('default'), edited by an operator admin in the web
// app, audited with before and after. Until it is saved the API answers with `configured: false`
// and empty fields, so the form starts empty and issuing can refuse with a clear reason.

export const SELLER_SETTINGS_READ_ROLES = ['operator_admin', 'billing_clerk'] as const;
export const SELLER_SETTINGS_WRITE_ROLES = ['operator_admin'] as const;

const UNCONFIGURED: SellerSettings = {
  configured: false,
  legalName: '',
  street: '',
  postalCode: '',
  city: '',
  country: 'DE',
  vatId: null,
  taxNumber: null,
  registerCourt: null,
  registerNumber: null,
  managingDirectors: [],
  bankName: null,
  iban: '',
  bic: null,
  invoiceFooter: null,
  contactName: null,
  contactPhone: null,
  contactEmail: null,
  paymentTermsDays: 14,
  invoiceNumberSeries: { prefix: 'RE-', numbering: 'per_year' },
  updatedAt: null,
};

export async function findSellerSettingsRow(db: Db | Trx): Promise<SellerSettingsRow | undefined> {
  return db.selectFrom('seller_settings').selectAll().where('id', '=', 'default').executeTakeFirst();
}

function toSellerSettings(row: SellerSettingsRow | undefined): SellerSettings {
  if (!row) return UNCONFIGURED;
  return {
    configured: true,
    legalName: row.legal_name,
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
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    contactEmail: row.contact_email,
    paymentTermsDays: row.payment_terms_days,
    invoiceNumberSeries: { prefix: row.invoice_number_prefix, numbering: row.invoice_numbering },
    updatedAt: row.updated_at,
  };
}

export async function getSellerSettings(deps: Pick<Deps, 'db'>, scope: Scope): Promise<SellerSettings> {
  requireRole(scope, SELLER_SETTINGS_READ_ROLES);
  return toSellerSettings(await findSellerSettingsRow(deps.db));
}

/** Replaces the seller's settings as a whole (audited with before and after). */
export async function saveSellerSettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  scope: Scope,
  input: SellerSettingsBody,
): Promise<SellerSettings> {
  requireRole(scope, SELLER_SETTINGS_WRITE_ROLES);
  return deps.db.transaction().execute(async (trx) => {
    const before = await findSellerSettingsRow(trx);
    const row: SellerSettingsRow = {
      id: 'default',
      legal_name: input.legalName,
      street: input.street,
      postal_code: input.postalCode,
      city: input.city,
      country: input.country,
      vat_id: input.vatId,
      tax_number: input.taxNumber,
      register_court: input.registerCourt,
      register_number: input.registerNumber,
      managing_directors: JSON.stringify(input.managingDirectors),
      bank_name: input.bankName,
      iban: normaliseIban(input.iban),
      bic: input.bic,
      invoice_footer: input.invoiceFooter,
      contact_name: input.contactName,
      contact_phone: input.contactPhone,
      contact_email: input.contactEmail,
      payment_terms_days: input.paymentTermsDays,
      invoice_number_prefix: input.invoiceNumberSeries.prefix,
      invoice_numbering: input.invoiceNumberSeries.numbering,
      updated_at: isoNow(deps.clock),
    };
    const { id: _id, ...update } = row;
    await trx
      .insertInto('seller_settings')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(update))
      .execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'seller_settings.updated',
      entityType: 'seller_settings',
      entityId: 'default',
      before: before ?? null,
      after: row,
    });
    return toSellerSettings(row);
  });
}
