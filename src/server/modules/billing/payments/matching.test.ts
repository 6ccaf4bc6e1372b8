import { describe, expect, it } from 'vitest';
import {
  findInvoiceNumberCandidates,
  type MatchContext,
  type MatchInvoice,
  matchPayment,
  nameKey,
} from './matching';

const invoice = (
  number: string,
  customerId: string,
  openCents: number,
  allocatedCents = 0,
): MatchInvoice => ({
  id: `id-${number}`,
  number,
  customerId,
  openCents,
  allocatedCents,
  cancelled: false,
});

function context(invoices: MatchInvoice[], knownPayers: [string, string][] = []): MatchContext {
  return {
    open: invoices.filter((i) => i.openCents > 0 && !i.cancelled),
    referenced: invoices,
    customers: new Map([
      ['sommer', { id: 'sommer', name: 'Bäckerei Sommer GmbH' }],
      ['nordwest', { id: 'nordwest', name: 'Nordwest IT Service KG' }],
    ]),
    knownPayers: new Map(knownPayers.map(([iban, customer]) => [iban, new Set([customer])])),
  };
}
const payment = (
  amountCents: number,
  reference: string | null,
  payerName: string | null = null,
  payerIban: string | null = null,
) => ({
  amountCents,
  reference,
  payerName,
  payerIban,
});

describe('finding invoice numbers in a remittance text', () => {
  it('tolerates spaces, dashes, case and a word run into the number', () => {
    expect(findInvoiceNumberCandidates('re 2026 000042')).toContain('RE2026000042');
    expect(findInvoiceNumberCandidates('Rechnung RE-2026-000042')).toContain('RE2026000042');
    expect(findInvoiceNumberCandidates('ZahlungRE2026/000042')).toContain('RE2026000042');
    expect(findInvoiceNumberCandidates('Danke')).toEqual([]);
  });
});

describe('matching a payment', () => {
  const a = invoice('RE-2026-000042', 'sommer', 11876);
  const b = invoice('RE-2026-000043', 'nordwest', 10000);
  const c = invoice('RE-2026-000044', 'nordwest', 15000);

  it('matches by the invoice number in the reference', () => {
    expect(matchPayment(payment(11876, 'Rechnung re 2026-000042'), context([a, b, c]))).toEqual({
      customerId: 'sommer',
      allocations: [{ invoiceId: a.id, amountCents: 11876 }],
      status: 'matched',
      rule: 'reference',
    });
  });

  it('settles several numbers in the order written; what is short leaves the last one partly open', () => {
    const result = matchPayment(payment(20000, 'RE-2026-000044 und RE-2026-000043'), context([a, b, c]));
    expect(result.allocations).toEqual([
      { invoiceId: c.id, amountCents: 15000 },
      { invoiceId: b.id, amountCents: 5000 },
    ]);
    expect(result.status).toBe('partial');
  });

  it('keeps an overpayment partly unallocated on the worklist', () => {
    const result = matchPayment(payment(12000, 'RE-2026-000042'), context([a]));
    expect(result).toMatchObject({
      status: 'partial',
      allocations: [{ invoiceId: a.id, amountCents: 11876 }],
    });
  });

  it('matches by amount when the payer’s name is the customer’s, despite umlauts and legal form', () => {
    const result = matchPayment(payment(11876, 'Danke', 'BAECKEREI SOMMER'), context([a, b, c]));
    expect(result).toMatchObject({ customerId: 'sommer', status: 'matched', rule: 'amount_and_payer' });
  });

  it('matches by amount when the IBAN paid for the customer before', () => {
    const result = matchPayment(
      payment(15000, null, 'N. Meier', 'DE44500105175407324931'),
      context([a, b, c], [['DE44500105175407324931', 'nordwest']]),
    );
    expect(result).toMatchObject({
      customerId: 'nordwest',
      allocations: [{ invoiceId: c.id, amountCents: 15000 }],
    });
  });

  it('leaves it unmatched when the amount fits but the payer is unknown, or two invoices fit', () => {
    expect(matchPayment(payment(11876, null, 'Someone Else'), context([a])).status).toBe('unmatched');
    const twin = invoice('RE-2026-000045', 'sommer', 11876);
    expect(matchPayment(payment(11876, null, 'Bäckerei Sommer GmbH'), context([a, twin])).status).toBe(
      'unmatched',
    );
  });

  it('does not count a cancelled or paid invoice as open', () => {
    const cancelled = { ...invoice('RE-2026-000046', 'sommer', 0), cancelled: true };
    expect(matchPayment(payment(500, 'RE-2026-000046'), context([cancelled]))).toMatchObject({
      customerId: 'sommer',
      allocations: [],
      status: 'unmatched',
    });
  });

  it('takes a return debit back from the invoice it names, reopening it', () => {
    const paid = invoice('RE-2026-000040', 'sommer', 0, 11876);
    expect(matchPayment(payment(-11876, 'RUECKLASTSCHRIFT RE-2026-000040 MD07'), context([paid]))).toEqual({
      customerId: 'sommer',
      allocations: [{ invoiceId: paid.id, amountCents: -11876 }],
      status: 'matched',
      rule: 'reference',
    });
  });

  it('stays within the customer a manual payment names', () => {
    const result = matchPayment(
      { ...payment(10000, 'RE-2026-000043'), customerId: 'sommer' },
      context([a, b]),
    );
    expect(result).toEqual({ customerId: 'sommer', allocations: [], status: 'unmatched', rule: 'none' });
  });

  it('compares names without legal form and umlauts', () => {
    expect(nameKey('Bäckerei Sommer GmbH')).toBe(nameKey('BAECKEREI SOMMER'));
    expect(nameKey('Müller & Söhne OHG')).toBe('muellersoehne');
  });
});
