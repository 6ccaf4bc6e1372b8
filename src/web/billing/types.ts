// The billing API's answers as the web app reads them (see docs/api.md, Billing).
import type { InvoiceNumbering, VatCategoryCode, VatTreatment } from '../../shared/billing';
import type { Payment } from './payments/types';

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
  /** The seller's contact on e-invoices; required to issue invoices. */
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
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

/** An issued invoice as POST /api/invoices/request answers it (without lines here). */
export type IssuedInvoice = Pick<
  AccountInvoice,
  'id' | 'number' | 'issueDate' | 'dueDate' | 'grandTotalCents' | 'amountDueCents'
> & {
  vatBreakdown: { category: VatCategoryCode; rateBasisPoints: number }[];
  splitReason: string | null;
};
export type IssueInvoicesResult = {
  invoices: IssuedInvoice[];
  split: { split: boolean; reasons: { invoiceId: string; reason: string }[] };
};

export type Account = {
  customer: { id: string; number: string; name: string };
  charges: Charge[];
  invoices: AccountInvoice[];
  payments: Payment[];
  uninvoicedNetCents: number;
  balanceCents: number;
  dunningLevel: number;
  blocked: boolean;
  blockedAt: string | null;
};

/** An invoice or cancellation as an account lists it (its documents are downloaded by id). */
export type AccountInvoice = {
  id: string;
  number: string;
  kind: 'invoice' | 'cancellation';
  status: 'issued' | 'cancelled';
  issueDate: string;
  dueDate: string;
  grandTotalCents: number;
  amountDueCents: number;
  /** Still to pay (amount due minus payments allocated); 0 when paid, cancelled or a cancellation. */
  openCents: number;
};
