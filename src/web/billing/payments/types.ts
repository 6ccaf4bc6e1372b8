// The payments API's answers as the web app reads them (see docs/api.md, Payments).
import type { PaymentSource, PaymentStatus } from '../../../shared/payments';

export type Payment = {
  id: string;
  amountCents: number;
  bookingDate: string;
  valueDate: string | null;
  payerName: string | null;
  payerIban: string | null;
  reference: string | null;
  source: PaymentSource;
  customer: { id: string; number: string; name: string } | null;
  status: PaymentStatus;
  note: string | null;
  allocations: { invoiceId: string; invoiceNumber: string; amountCents: number }[];
  unallocatedCents: number;
  createdAt: string;
};

export type ImportResult = {
  imported: number;
  duplicates: number;
  matched: number;
  partial: number;
  unmatched: number;
  payments: Payment[];
};

export type OpenInvoice = {
  id: string;
  number: string;
  issueDate: string;
  dueDate: string;
  amountDueCents: number;
  openCents: number;
};

export const PAYMENTS_KEY = ['billing', 'payments'];
