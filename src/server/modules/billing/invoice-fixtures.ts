import { type DocumentCharge, documentContent, type Language } from './invoice-document';
import type { InvoiceModel } from './invoice-model';
import type { BuyerSnapshot, SellerSnapshot } from './invoice-schemas';

// Invoice models for the renderer tests, made by the same pure content function the issuing
// service uses, so their figures are the ones a real invoice carries.

export const TEST_SELLER: SellerSnapshot = {
  name: 'Printwerk Systeme AG',
  street: 'Am Druckerhafen 1',
  postalCode: '20099',
  city: 'Hamburg',
  country: 'DE',
  vatId: 'DE812345678',
  taxNumber: '43/123/45678',
  registerCourt: 'Amtsgericht Hamburg',
  registerNumber: 'HRB 123456',
  managingDirectors: ['Dr. Henrike Albers', 'Jonas Petersen'],
  bankName: 'Hansebank Hamburg',
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
  invoiceFooter: 'Printwerk Systeme AG · Sitz Hamburg',
  paymentTermsDays: 14,
  contactName: 'Maren Lüders',
  contactPhone: '+49 40 3344 5500',
  contactEmail: 'buchhaltung@printwerk.example',
};

export const TEST_BUYER: BuyerSnapshot = {
  name: 'Bäckerei Sommer GmbH',
  number: 'K-10003',
  street: 'Lindenstraße 5',
  postalCode: '28195',
  city: 'Bremen',
  country: 'DE',
  vatId: 'DE298765432',
  taxNumber: null,
  email: 'buero@baeckerei-sommer.example',
  reference: 'K-10003',
};

export function testCharge(overrides: Partial<DocumentCharge> & { id: string }): DocumentCharge {
  return {
    typeCode: 'service',
    treatment: 'standard',
    exemptionNote: null,
    description: 'Wartung Drucker „Büro“',
    quantityThousandths: 1000,
    unitPriceCents: 4990,
    serviceDate: '2026-11-20',
    serviceDateTo: null,
    ...overrides,
  };
}

export function testModel(
  charges: DocumentCharge[],
  options: {
    language?: Language;
    cancels?: { number: string; issueDate: string };
    seller?: SellerSnapshot;
    buyer?: BuyerSnapshot;
    number?: string;
  } = {},
): InvoiceModel {
  const language = options.language ?? 'de';
  const content = documentContent(charges, language, options.cancels ? -1 : 1, options.cancels?.number);
  return {
    id: '0193a1b2-0000-7000-8000-00000000000a',
    number: options.number ?? 'RE-2026-000042',
    kind: options.cancels ? 'cancellation' : 'invoice',
    cancels: options.cancels ?? null,
    issueDate: '2026-12-06',
    dueDate: '2026-12-20',
    servicePeriod: content.servicePeriod,
    currency: 'EUR',
    language,
    seller: options.seller ?? TEST_SELLER,
    buyer: options.buyer ?? TEST_BUYER,
    lineTotalCents: content.totals.lineTotalCents,
    vatTotalCents: content.totals.vatTotalCents,
    grandTotalCents: content.totals.grandTotalCents,
    amountDueCents: content.totals.amountDueCents,
    vatBreakdown: content.totals.breakdown,
    notes: content.notes,
    createdAt: '2026-12-06T09:15:00.000Z',
    lines: content.lines.map((line) => ({
      position: line.position,
      description: line.description,
      quantityThousandths: line.quantity_thousandths,
      unitPriceCents: line.unit_price_cents,
      lineNetCents: line.line_net_cents,
      vatCategory: line.vat_category,
      vatRateBasisPoints: line.vat_rate_basis_points,
      exemptionNote: line.exemption_note,
      serviceDate: line.service_date,
      serviceDateTo: line.service_date_to,
    })),
  };
}
