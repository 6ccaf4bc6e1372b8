// The billing API's answers as the web app reads them (see docs/api.md, Billing).
import type { InvoiceNumbering, VatCategoryCode, VatTreatment } from '../../shared/billing';

export type SellerSettings = {
  configured: boolean;
  legalName: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  vatId: string | null;
  taxNumber: string | null;
  registerCourt: string | null;
  registerNumber: string | null;
  managingDirectors: string[];
  bankName: string | null;
  iban: string;
  bic: string | null;
  invoiceFooter: string | null;
  paymentTermsDays: number;
  invoiceNumberSeries: { prefix: string; numbering: InvoiceNumbering };
  updatedAt: string | null;
};

export type ChargeType = {
  code: string;
  nameDe: string;
  nameEn: string;
  vatTreatment: VatTreatment;
  vatCategory: VatCategoryCode;
  vatRateBasisPoints: number;
  exemptionNote: string | null;
  active: boolean;
  updatedAt: string;
};

export type Charge = {
  id: string;
  customerId: string;
  type: { code: string; nameDe: string; nameEn: string };
  vatTreatment: VatTreatment;
  vatCategory: VatCategoryCode;
  vatRateBasisPoints: number;
  description: string;
  quantity: number;
  amountCents: number;
  lineNetCents: number;
  serviceDate: string;
  serviceDateTo: string | null;
  caseId: string | null;
  invoiceId: string | null;
  createdAt: string;
};

export type Account = {
  customer: { id: string; number: string; name: string };
  charges: Charge[];
  invoices: { id: string; number: string; [key: string]: unknown }[];
  payments: { id: string; amountCents: number }[];
  uninvoicedNetCents: number;
  balanceCents: number;
  dunningLevel: number;
  blocked: boolean;
  blockedAt: string | null;
};
