import { describe, expect, it } from 'vitest';
import { VAT_TREATMENTS, type VatTreatment } from '../../../shared/billing';
import {
  invoiceTotals,
  lineNetCents,
  parseQuantity,
  planInvoiceDocuments,
  quantityFromThousandths,
  type TotalsLine,
  vatCents,
} from './invoice-totals';

const line = (unitPriceCents: number, treatment: VatTreatment = 'standard', quantity = '1'): TotalsLine => ({
  quantityThousandths: parseQuantity(quantity)!,
  unitPriceCents,
  treatment,
});

describe('quantities', () => {
  it('reads whole numbers and up to three decimal places as thousandths', () => {
    expect(parseQuantity('1')).toBe(1000);
    expect(parseQuantity(1)).toBe(1000);
    expect(parseQuantity('1.5')).toBe(1500);
    expect(parseQuantity(2.25)).toBe(2250);
    expect(parseQuantity('0.001')).toBe(1);
    expect(parseQuantity('12.345')).toBe(12_345);
    expect(parseQuantity(' 3 ')).toBe(3000);
    expect(parseQuantity('1000000')).toBe(1_000_000_000);
  });

  it('refuses zero, negatives, a fourth decimal place, exponents, floats that are not decimals and huge values', () => {
    for (const bad of ['0', '0.000', '-1', '1.2345', '1e3', '1,5', '', '.5', '5.', 'abc', '1000000.001']) {
      expect(parseQuantity(bad), bad).toBeNull();
    }
    expect(parseQuantity(0.1 + 0.2)).toBeNull();
    expect(parseQuantity(-2)).toBeNull();
    expect(parseQuantity(1e21)).toBeNull();
    expect(parseQuantity(Number.NaN)).toBeNull();
  });

  it('gives back the decimal the API shows', () => {
    expect(quantityFromThousandths(1500)).toBe(1.5);
    expect(quantityFromThousandths(1)).toBe(0.001);
    expect(String(quantityFromThousandths(parseQuantity('12.345')!))).toBe('12.345');
  });
});

describe('line net (BT-131)', () => {
  it('is quantity × unit price, exact when it comes out in whole cents', () => {
    expect(lineNetCents(1000, 4990)).toBe(4990);
    expect(lineNetCents(3000, 1999)).toBe(5997);
    expect(lineNetCents(1500, 1000)).toBe(1500);
  });

  it('rounds half up to the cent', () => {
    expect(lineNetCents(1500, 333)).toBe(500); // 499.5 → 500
    expect(lineNetCents(1500, 331)).toBe(497); // 496.5 → 497
    expect(lineNetCents(333, 100)).toBe(33); // 33.3 → 33
    expect(lineNetCents(335, 100)).toBe(34); // 33.5 → 34
    expect(lineNetCents(1, 499)).toBe(0); // 0.499 → 0
    expect(lineNetCents(1, 500)).toBe(1); // 0.5 → 1
  });

  it('rounds a negative amount half away from zero, symmetric to the positive one', () => {
    expect(lineNetCents(1500, -333)).toBe(-500);
    expect(lineNetCents(335, -100)).toBe(-34);
  });

  it('keeps every cent of large amounts where floating point would not', () => {
    // 999 999.999 × 21 474 836.47 € is beyond 2^53 thousandth-cents; BigInt keeps it exact.
    expect(lineNetCents(999_999_999, 2_147_483_647)).toBe(2_147_483_644_852_516);
    expect(() => lineNetCents(1_000_000_000_000, 2_147_483_647)).toThrow(RangeError);
  });
});

describe('VAT of a taxable amount (BT-117)', () => {
  it('is the amount × rate rounded half up', () => {
    expect(vatCents(10_000, 1900)).toBe(1900);
    expect(vatCents(4990, 1900)).toBe(948); // 948.1
    expect(vatCents(50, 1900)).toBe(10); // 9.5 → 10
    expect(vatCents(150, 700)).toBe(11); // 10.5 → 11
    expect(vatCents(7, 700)).toBe(0); // 0.49
    expect(vatCents(10_000, 0)).toBe(0);
    expect(vatCents(-50, 1900)).toBe(-10);
  });
});

describe('invoice totals', () => {
  it('totals a single standard-rated line', () => {
    const totals = invoiceTotals([line(5000)]);
    expect(totals).toEqual({
      lines: [{ lineNetCents: 5000, category: 'S', rateBasisPoints: 1900 }],
      breakdown: [
        { category: 'S', rateBasisPoints: 1900, taxableCents: 5000, vatCents: 950, exemptionNote: null },
      ],
      lineTotalCents: 5000,
      taxExclusiveCents: 5000,
      vatTotalCents: 950,
      grandTotalCents: 5950,
      prepaidCents: 0,
      amountDueCents: 5950,
    });
  });

  it('rounds VAT once per category on the sum, not per line', () => {
    // Three lines of 0.03 €: VAT per line would be 0.0057 → 0.01 each (0.03 in all); on the sum it is
    // 0.09 € × 19 % = 0.0171 → 0.02 €.
    const totals = invoiceTotals([line(3), line(3), line(3)]);
    expect(totals.breakdown).toEqual([
      { category: 'S', rateBasisPoints: 1900, taxableCents: 9, vatCents: 2, exemptionNote: null },
    ]);
    expect(totals.grandTotalCents).toBe(11);
  });

  it('keeps 19 % and 7 % apart as two groups of category S', () => {
    const totals = invoiceTotals([line(1000), line(2000, 'reduced'), line(500)]);
    expect(totals.breakdown).toEqual([
      { category: 'S', rateBasisPoints: 1900, taxableCents: 1500, vatCents: 285, exemptionNote: null },
      { category: 'S', rateBasisPoints: 700, taxableCents: 2000, vatCents: 140, exemptionNote: null },
    ]);
    expect(totals.vatTotalCents).toBe(425);
    expect(totals.grandTotalCents).toBe(3925);
  });

  it('gives not-subject, reverse-charge and exempt lines category O, AE and E with no VAT', () => {
    expect(invoiceTotals([line(250, 'not_subject')]).breakdown).toEqual([
      { category: 'O', rateBasisPoints: 0, taxableCents: 250, vatCents: 0, exemptionNote: null },
    ]);
    expect(invoiceTotals([line(10_000, 'reverse_charge')]).breakdown).toEqual([
      { category: 'AE', rateBasisPoints: 0, taxableCents: 10_000, vatCents: 0, exemptionNote: null },
    ]);
    const exempt = invoiceTotals([
      { ...line(800, 'exempt'), exemptionNote: 'Steuerfrei nach § 4 Nr. 8 UStG' },
    ]);
    expect(exempt.breakdown).toEqual([
      {
        category: 'E',
        rateBasisPoints: 0,
        taxableCents: 800,
        vatCents: 0,
        exemptionNote: 'Steuerfrei nach § 4 Nr. 8 UStG',
      },
    ]);
    expect(exempt.grandTotalCents).toBe(800);
  });

  it('takes rounded line nets into the taxable amount', () => {
    // 1.5 × 3.33 € = 4.995 € → 5.00 €; 2.5 × 0.01 € = 0.025 € → 0.03 €
    const totals = invoiceTotals([line(333, 'standard', '1.5'), line(1, 'standard', '2.5')]);
    expect(totals.lines.map((l) => l.lineNetCents)).toEqual([500, 3]);
    expect(totals.breakdown[0]).toMatchObject({ taxableCents: 503, vatCents: 96 }); // 95.57
    expect(totals.grandTotalCents).toBe(599);
  });

  it('subtracts what was paid in advance from the amount due', () => {
    const totals = invoiceTotals([line(10_000)], 4000);
    expect(totals.grandTotalCents).toBe(11_900);
    expect(totals.prepaidCents).toBe(4000);
    expect(totals.amountDueCents).toBe(7900);
  });

  it('is all zeros for no lines', () => {
    const totals = invoiceTotals([]);
    expect(totals.breakdown).toEqual([]);
    expect(totals.grandTotalCents).toBe(0);
    expect(totals.amountDueCents).toBe(0);
  });

  it('meets the EN 16931 sum rules (BR-CO-10, -13, -14, -15, -17) for many random documents', () => {
    // A fixed-seed generator: the same documents on every run.
    let seed = 20_261_207;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let document = 0; document < 500; document++) {
      const lines: TotalsLine[] = Array.from({ length: 1 + random(8) }, () => ({
        quantityThousandths: 1 + random(20_000),
        unitPriceCents: random(1_000_000),
        treatment: VAT_TREATMENTS[random(VAT_TREATMENTS.length)]!,
        exemptionNote: 'Steuerfrei nach § 4 UStG',
      }));
      const totals = invoiceTotals(lines);
      const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
      expect(totals.lineTotalCents).toBe(sum(totals.lines.map((l) => l.lineNetCents)));
      expect(totals.taxExclusiveCents).toBe(totals.lineTotalCents);
      expect(sum(totals.breakdown.map((g) => g.taxableCents))).toBe(totals.taxExclusiveCents);
      expect(totals.vatTotalCents).toBe(sum(totals.breakdown.map((g) => g.vatCents)));
      expect(totals.grandTotalCents).toBe(totals.taxExclusiveCents + totals.vatTotalCents);
      for (const group of totals.breakdown) {
        // Decimal check of BR-CO-17 independent of the integer arithmetic: |VAT − base × rate| ≤ half a cent.
        expect(
          Math.abs(group.vatCents - (group.taxableCents * group.rateBasisPoints) / 10_000),
        ).toBeLessThanOrEqual(0.5);
        if (group.category !== 'S') expect(group.vatCents).toBe(0);
      }
      const keys = totals.breakdown.map((g) => `${g.category}|${g.rateBasisPoints}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const [index, l] of totals.lines.entries()) {
        const exact = (lines[index]!.quantityThousandths * lines[index]!.unitPriceCents) / 1000;
        expect(Math.abs(l.lineNetCents - exact)).toBeLessThanOrEqual(0.5);
      }
    }
  });
});

describe('splitting charges into documents', () => {
  it('puts taxed charges of any rate on one document', () => {
    expect(
      planInvoiceDocuments([
        { id: 'topup', treatment: 'standard' },
        { id: 'book', treatment: 'reduced' },
        { id: 'eu', treatment: 'reverse_charge' },
      ]),
    ).toEqual({
      documents: [{ chargeIds: ['topup', 'book', 'eu'], categories: ['S', 'AE'], reason: null }],
      split: false,
    });
  });

  it('gives not-subject fees their own document after the taxed one (BR-O)', () => {
    expect(
      planInvoiceDocuments([
        { id: 'topup', treatment: 'standard' },
        { id: 'return-debit', treatment: 'not_subject' },
        { id: 'dunning', treatment: 'not_subject' },
        { id: 'device', treatment: 'standard' },
      ]),
    ).toEqual({
      documents: [
        { chargeIds: ['topup', 'device'], categories: ['S'], reason: null },
        { chargeIds: ['return-debit', 'dunning'], categories: ['O'], reason: 'not_subject_separate' },
      ],
      split: true,
    });
  });

  it('needs one document without a split when every charge is not subject to VAT', () => {
    expect(planInvoiceDocuments([{ id: 'fee', treatment: 'not_subject' }])).toEqual({
      documents: [{ chargeIds: ['fee'], categories: ['O'], reason: null }],
      split: false,
    });
  });

  it('keeps exempt charges of one legal basis beside taxed ones and splits off another basis (BR-E-1)', () => {
    const plan = planInvoiceDocuments([
      { id: 'a', treatment: 'exempt', exemptionNote: '§ 4 Nr. 8 UStG' },
      { id: 'b', treatment: 'standard' },
      { id: 'c', treatment: 'exempt', exemptionNote: '§ 4 Nr. 14 UStG' },
      { id: 'd', treatment: 'exempt', exemptionNote: '§ 4 Nr. 8 UStG' },
      { id: 'e', treatment: 'not_subject' },
    ]);
    expect(plan).toEqual({
      documents: [
        { chargeIds: ['a', 'b', 'd'], categories: ['E', 'S'], reason: null },
        { chargeIds: ['c'], categories: ['E'], reason: 'exemption_note_differs' },
        { chargeIds: ['e'], categories: ['O'], reason: 'not_subject_separate' },
      ],
      split: true,
    });
  });

  it('plans nothing for no charges', () => {
    expect(planInvoiceDocuments([])).toEqual({ documents: [], split: false });
  });

  it('never mixes category O with another category, whatever the charges', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let run = 0; run < 500; run++) {
      const charges = Array.from({ length: random(10) }, (_, i) => ({
        id: `c${i}`,
        treatment: VAT_TREATMENTS[random(VAT_TREATMENTS.length)]!,
        exemptionNote: `§ 4 Nr. ${random(3)} UStG`,
      }));
      const plan = planInvoiceDocuments(charges);
      expect(plan.documents.flatMap((d) => d.chargeIds).sort()).toEqual(charges.map((c) => c.id).sort());
      for (const document of plan.documents) {
        if (document.categories.includes('O')) expect(document.categories).toEqual(['O']);
        const notes = new Set(
          document.chargeIds
            .map((id) => charges.find((c) => c.id === id)!)
            .filter((c) => c.treatment === 'exempt')
            .map((c) => c.exemptionNote),
        );
        expect(notes.size).toBeLessThanOrEqual(1);
      }
      expect(plan.split).toBe(plan.documents.length > 1);
    }
  });
});
