import {
  type BasisPoints,
  QUANTITY_DECIMALS,
  VAT_TREATMENT_RULES,
  type VatCategoryCode,
  type VatTreatment,
} from '../../../shared/billing';

// EN 16931 money arithmetic, pure and in integers. Amounts are cents, quantities thousandths,
// rates basis points; every division rounds half away from zero ("kaufmännisch"), on BigInt so a
// product of a large quantity and price never loses a cent to floating point.
//
// The order of rounding is the standard's: each line net (BT-131) = quantity × unit price,
// rounded to cents; per VAT category and rate, the taxable amount (BT-116) = sum of those line
// nets and the VAT (BT-117) = taxable amount × rate, rounded once (BR-CO-17); the document totals
// are sums of those rounded figures (BR-CO-10, -13, -14, -15). VAT per line is never computed.

const QUANTITY_SCALE = 10n ** BigInt(QUANTITY_DECIMALS);
const BASIS_POINTS_SCALE = 10_000n;

/** numerator / denominator rounded half away from zero; denominator > 0. */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (magnitude * 2n + denominator) / (denominator * 2n);
  return negative ? -rounded : rounded;
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('amount beyond the safe integer range');
  }
  return Number(value);
}

/**
 * A quantity as integer thousandths: "1.5" or 1.5 → 1500. Null when it is not a positive decimal
 * with at most three places (no exponent, no sign), or above `max` units.
 */
export function parseQuantity(value: string | number, max = 1_000_000): number | null {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = /^(\d{1,9})(?:\.(\d{1,3}))?$/.exec(text);
  if (!match) return null;
  const thousandths = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(QUANTITY_DECIMALS, '0'));
  if (thousandths <= 0 || thousandths > max * 1000) return null;
  return thousandths;
}

/** Thousandths back to the decimal number the API shows (1500 → 1.5). */
export function quantityFromThousandths(thousandths: number): number {
  return thousandths / 1000;
}

/** BT-131: quantity × net unit price, rounded half away from zero to cents. */
export function lineNetCents(quantityThousandths: number, unitPriceCents: number): number {
  return toSafeNumber(divideRounded(BigInt(quantityThousandths) * BigInt(unitPriceCents), QUANTITY_SCALE));
}

/** BT-117: the VAT of a taxable amount at a rate, rounded half away from zero to cents. */
export function vatCents(taxableCents: number, rateBasisPoints: BasisPoints): number {
  return toSafeNumber(divideRounded(BigInt(taxableCents) * BigInt(rateBasisPoints), BASIS_POINTS_SCALE));
}

export type TotalsLine = {
  quantityThousandths: number;
  unitPriceCents: number;
  treatment: VatTreatment;
  /** The legal basis of an exemption (BT-120); only for `exempt`. */
  exemptionNote?: string | null;
};

/** One VAT breakdown group (BG-23). */
export type VatBreakdown = {
  category: VatCategoryCode;
  rateBasisPoints: BasisPoints;
  /** BT-116 */
  taxableCents: number;
  /** BT-117 */
  vatCents: number;
  /** BT-120, for category E. */
  exemptionNote: string | null;
};

export type InvoiceTotals = {
  lines: { lineNetCents: number; category: VatCategoryCode; rateBasisPoints: BasisPoints }[];
  /** One group per category and rate, in the order they first occur. */
  breakdown: VatBreakdown[];
  /** BT-106: sum of line nets. */
  lineTotalCents: number;
  /** BT-109: without VAT; equals BT-106 as we issue no document-level allowances or charges. */
  taxExclusiveCents: number;
  /** BT-110 */
  vatTotalCents: number;
  /** BT-112 */
  grandTotalCents: number;
  /** BT-113 */
  prepaidCents: number;
  /** BT-115 = BT-112 − BT-113. */
  amountDueCents: number;
};

/** The EN 16931 totals of one document's lines; `prepaidCents` is what was paid in advance. */
export function invoiceTotals(lines: readonly TotalsLine[], prepaidCents = 0): InvoiceTotals {
  const groups = new Map<string, VatBreakdown>();
  const computed = lines.map((line) => {
    const rule = VAT_TREATMENT_RULES[line.treatment];
    const net = lineNetCents(line.quantityThousandths, line.unitPriceCents);
    const exemptionNote = line.treatment === 'exempt' ? (line.exemptionNote ?? null) : null;
    const key = `${rule.category}|${rule.rateBasisPoints}|${exemptionNote ?? ''}`;
    const group = groups.get(key) ?? {
      category: rule.category,
      rateBasisPoints: rule.rateBasisPoints,
      taxableCents: 0,
      vatCents: 0,
      exemptionNote,
    };
    group.taxableCents += net;
    groups.set(key, group);
    return { lineNetCents: net, category: rule.category, rateBasisPoints: rule.rateBasisPoints };
  });
  const breakdown = [...groups.values()].map((group) => ({
    ...group,
    vatCents: vatCents(group.taxableCents, group.rateBasisPoints),
  }));
  const lineTotalCents = computed.reduce((sum, line) => sum + line.lineNetCents, 0);
  const vatTotalCents = breakdown.reduce((sum, group) => sum + group.vatCents, 0);
  const grandTotalCents = lineTotalCents + vatTotalCents;
  return {
    lines: computed,
    breakdown,
    lineTotalCents,
    taxExclusiveCents: lineTotalCents,
    vatTotalCents,
    grandTotalCents,
    prepaidCents,
    amountDueCents: grandTotalCents - prepaidCents,
  };
}

/**
 * Why a set of charges needs more than one document:
 * - `not_subject_separate`: EN 16931 allows no other category beside O, "not subject to VAT"
 *   (BR-O-11 to BR-O-14), so those charges go on a document of their own;
 * - `exemption_note_differs`: a document has exactly one breakdown of category E (BR-E-1) with
 *   one exemption reason (BT-120), so exempt charges with another legal basis go on their own.
 */
export type SplitReason = 'not_subject_separate' | 'exemption_note_differs';

export type PlannedCharge = {
  id: string;
  treatment: VatTreatment;
  exemptionNote?: string | null;
};

export type PlannedDocument = {
  chargeIds: string[];
  categories: VatCategoryCode[];
  /** Null for the main document (the first one); otherwise why this one had to be separate. */
  reason: SplitReason | null;
};

export type InvoicePlan = { documents: PlannedDocument[]; split: boolean };

/**
 * The documents a set of one customer's charges needs, in this order: the main document (taxed,
 * reverse-charge and the first group of exempt charges, which may share a document), then each
 * further exemption reason, then the not-subject charges. Charges keep their order within a
 * document. When every charge is not subject to VAT, that one document is the main one.
 */
export function planInvoiceDocuments(charges: readonly PlannedCharge[]): InvoicePlan {
  type Group = { chargeIds: string[]; categories: Set<VatCategoryCode>; reason: SplitReason | null };
  const main: Group = { chargeIds: [], categories: new Set(), reason: null };
  const otherExemptions = new Map<string, Group>();
  const notSubject: Group = { chargeIds: [], categories: new Set(), reason: 'not_subject_separate' };
  let mainExemption: string | undefined;

  for (const charge of charges) {
    const { category } = VAT_TREATMENT_RULES[charge.treatment];
    let group = main;
    if (category === 'O') {
      group = notSubject;
    } else if (category === 'E') {
      const note = charge.exemptionNote ?? '';
      mainExemption ??= note;
      if (note !== mainExemption) {
        group = otherExemptions.get(note) ?? {
          chargeIds: [],
          categories: new Set(),
          reason: 'exemption_note_differs',
        };
        otherExemptions.set(note, group);
      }
    }
    group.chargeIds.push(charge.id);
    group.categories.add(category);
  }

  const groups = [main, ...otherExemptions.values(), notSubject].filter((g) => g.chargeIds.length > 0);
  // A set of only not-subject charges needs no split: its one document is the main one.
  if (groups[0] && main.chargeIds.length === 0 && otherExemptions.size === 0) groups[0].reason = null;
  const documents = groups.map((g) => ({
    chargeIds: g.chargeIds,
    categories: [...g.categories],
    reason: g.reason,
  }));
  return { documents, split: documents.length > 1 };
}
