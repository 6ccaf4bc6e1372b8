import type { Deps } from '../../shared/deps';
import { systemScope } from '../../shared/scope';
import { createChargeType } from './charge-types';
import { createInvoiceRequestRule } from './invoice-requests/rules';
import type { CreateChargeTypeBody } from './schemas';
import { saveSellerSettings } from './seller-settings';

// Demo billing for the demo operator (Printwerk Systeme AG): its seller data, taken from its
// organisation where it has it, and the charge types of scenario S2. The two fees are damages
// not subject to VAT; that is this configuration, and a billing clerk can make them taxable.
// All names and numbers are fictitious; the IBAN is the well-known example of ISO 13616.

export const DEMO_CHARGE_TYPES: (CreateChargeTypeBody & { code: string })[] = [
  {
    code: 'service',
    nameDe: 'Serviceleistung',
    nameEn: 'Service',
    vatTreatment: 'standard',
    exemptionNote: null,
    active: true,
  },
  {
    code: 'topup',
    nameDe: 'Guthabenaufladung',
    nameEn: 'Top-up',
    vatTreatment: 'standard',
    exemptionNote: null,
    active: true,
  },
  {
    code: 'device',
    nameDe: 'Gerät',
    nameEn: 'Device',
    vatTreatment: 'standard',
    exemptionNote: null,
    active: true,
  },
  {
    code: 'fee_return_debit',
    nameDe: 'Rücklastschriftgebühr',
    nameEn: 'Return debit fee',
    vatTreatment: 'not_subject',
    exemptionNote: null,
    active: true,
  },
  {
    code: 'fee_dunning',
    nameDe: 'Mahngebühr',
    nameEn: 'Dunning fee',
    vatTreatment: 'not_subject',
    exemptionNote: null,
    active: true,
  },
];

/** The keyword rule that recognises "Bitte senden Sie mir eine Rechnung für die Gebühr" (S2). */
export const DEMO_INVOICE_REQUEST_RULE = {
  name: 'Rechnung anfordern',
  wordGroups: [
    ['Rechnung', 'Rechnungen', 'Invoice'],
    ['anfordern', 'benötige', 'benötigen', 'fehlt', 'senden', 'schicken', 'send', 'need'],
  ],
  active: true,
};

/** Saves the demo seller settings and charge types and the invoice request rule; the operator organisation must exist. */
export async function seedDemoBilling(deps: Deps): Promise<void> {
  const operator = await deps.db
    .selectFrom('organisation')
    .selectAll()
    .where('kind', '=', 'operator')
    .orderBy('created_at')
    .executeTakeFirst();
  if (!operator) return;
  const scope = systemScope('demo seed');
  await saveSellerSettings(deps, scope, {
    legalName: operator.name,
    street: operator.street ?? 'Am Druckerhafen 1',
    postalCode: operator.postal_code ?? '20099',
    city: operator.city ?? 'Hamburg',
    country: operator.country,
    vatId: operator.vat_id && /^DE[0-9]{9}$/.test(operator.vat_id) ? operator.vat_id : 'DE812345678',
    taxNumber: '43/123/45678',
    registerCourt: 'Amtsgericht Hamburg',
    registerNumber: 'HRB 123456',
    managingDirectors: ['Dr. Henrike Albers', 'Jonas Petersen'],
    bankName: 'Hansebank Hamburg',
    iban: 'DE89370400440532013000',
    bic: 'COBADEFFXXX',
    invoiceFooter:
      'Printwerk Systeme AG · Sitz Hamburg · Amtsgericht Hamburg HRB 123456 · Vorstand: Dr. Henrike Albers, Jonas Petersen',
    contactName: 'Maren Lüders (Buchhaltung)',
    contactPhone: '+49 40 3344 5500',
    contactEmail: 'buchhaltung@printwerk.example',
    paymentTermsDays: 14,
    invoiceNumberSeries: { prefix: 'RE-', numbering: 'per_year' },
  });
  for (const { code, ...type } of DEMO_CHARGE_TYPES) await createChargeType(deps, scope, code, type);
  await createInvoiceRequestRule(deps, scope, DEMO_INVOICE_REQUEST_RULE);
}
