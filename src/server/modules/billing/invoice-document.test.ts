import { describe, expect, it } from 'vitest';
import {
  addDays,
  berlinDate,
  type DocumentCharge,
  documentContent,
  needsBuyerVatId,
} from './invoice-document';

const base: DocumentCharge = {
  id: 'c1',
  typeCode: 'service',
  treatment: 'standard',
  exemptionNote: null,
  description: 'Wartung',
  quantityThousandths: 1500,
  unitPriceCents: 3333,
  serviceDate: '2026-11-03',
  serviceDateTo: null,
};

describe('invoice document content', () => {
  it('rounds each line net, then VAT once per category and rate', () => {
    const content = documentContent(
      [base, { ...base, id: 'c2', quantityThousandths: 1000, unitPriceCents: 1, serviceDate: '2026-11-01' }],
      'de',
    );
    expect(content.lines.map((l) => [l.position, l.line_net_cents, l.vat_category])).toEqual([
      [1, 5000, 'S'],
      [2, 1, 'S'],
    ]);
    expect(content.totals).toMatchObject({ lineTotalCents: 5001, vatTotalCents: 950, grandTotalCents: 5951 });
    expect(content.servicePeriod).toEqual({ start: '2026-11-01', end: '2026-11-03' });
    expect(content.notes).toEqual([]);
  });

  it('negates a cancellation exactly, keeps the unit price and names the cancelled number', () => {
    const original = documentContent([base], 'en');
    const cancellation = documentContent([base], 'en', -1, 'RE-2026-000007');
    expect(cancellation.lines[0]).toMatchObject({ quantity_thousandths: -1500, unit_price_cents: 3333 });
    expect(cancellation.totals.grandTotalCents).toBe(-original.totals.grandTotalCents);
    expect(cancellation.totals.vatTotalCents).toBe(-original.totals.vatTotalCents);
    expect(cancellation.notes).toEqual([
      { kind: 'cancellation', text: 'Cancellation of invoice RE-2026-000007' },
    ]);
  });

  it('carries the notes a German accountant expects, in the document language', () => {
    const content = documentContent(
      [
        { ...base, treatment: 'reverse_charge' },
        { ...base, id: 'c2', treatment: 'exempt', exemptionNote: 'Steuerfrei nach § 4 Nr. 10 UStG' },
      ],
      'de',
    );
    expect(content.notes.map((n) => n.text)).toEqual([
      'Steuerschuldnerschaft des Leistungsempfängers',
      'Steuerfrei nach § 4 Nr. 10 UStG',
    ]);
    expect(needsBuyerVatId([{ treatment: 'reverse_charge' }])).toBe(true);
    expect(needsBuyerVatId([{ treatment: 'not_subject' }])).toBe(false);
  });

  it('flags a small-amount invoice up to 250 € gross (§ 33 UStDV)', () => {
    const at = (cents: number) =>
      documentContent(
        [{ ...base, quantityThousandths: 1000, unitPriceCents: cents, treatment: 'not_subject' }],
        'de',
      ).smallAmount;
    expect(at(25_000)).toBe(true);
    expect(at(25_001)).toBe(false);
  });

  it('dates the invoice in Germany and adds the payment terms', () => {
    expect(berlinDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(addDays('2026-12-20', 14)).toBe('2027-01-03');
  });
});
