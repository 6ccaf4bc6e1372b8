// Money in the browser: typed in euros with a German decimal comma (or a point), sent and shown
// from integer cents. No floats touch an amount: the text is split at the separator.
import type { InvoiceNumbering } from '../../shared/billing';
import { IBAN_LENGTHS, ibanProblem, normaliseIban } from '../../shared/iban';
import { intlLocale } from '../format';

/** A quantity as typed ("2,5") → the string the API takes ("2.5"); null when not a positive number with ≤ 3 places. */
export function parseQuantity(text: string): string | null {
  const value = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{1,3})?$/.test(value) || Number(value) <= 0) return null;
  return value;
}

/** The IBAN in groups of four, as printed on paper: DE89 3704 0044 0532 0130 00. */
export function formatIban(value: string): string {
  return normaliseIban(value).replace(/(.{4})(?=.)/g, '$1 ');
}

/** Why an IBAN is refused (same rule as the server), as a key of billing.iban.* with its values. */
export type IbanProblemKey = 'country' | 'unknownCountry' | 'characters' | 'length' | 'checkDigits';

export function ibanProblemKey(
  value: string,
): { key: IbanProblemKey; values: Record<string, string | number> } | null {
  if (ibanProblem(value) === null) return null;
  const iban = normaliseIban(value);
  if (!/^[A-Z]{2}/.test(iban)) return { key: 'country', values: {} };
  const country = iban.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return { key: 'unknownCountry', values: { country } };
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) return { key: 'characters', values: {} };
  if (iban.length !== length) return { key: 'length', values: { country, length, actual: iban.length } };
  return { key: 'checkDigits', values: {} };
}

/** What the next invoice number will look like: RE-2026-000001 (per year) or RE-000001. */
export function invoiceNumberPreview(prefix: string, numbering: InvoiceNumbering, year: number): string {
  return numbering === 'per_year' ? `${prefix}${year}-000001` : `${prefix}000001`;
}

/** A VAT rate in basis points as a percentage in the user's language (1900 → "19 %"). */
export function formatRate(basisPoints: number, language: string): string {
  return new Intl.NumberFormat(intlLocale(language), { style: 'percent', maximumFractionDigits: 2 }).format(
    basisPoints / 10000,
  );
}

/** Monospace for the value of an input only (IBAN, BIC, codes), not its label and error. */
export const MONO_INPUT = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } } as const;
