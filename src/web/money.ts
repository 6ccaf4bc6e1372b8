// Money is integer cents on the wire; people type euros, in German with a decimal comma.

import { intlLocale } from './format';

/**
 * Euros as typed ("12.500,50", "12500.5", "1 200", "€ 300") to integer cents; null when it is not
 * an amount. A single dot followed by exactly three digits groups thousands ("1.200" is 1200 €);
 * a single comma is the German decimal comma, so "12,345" is refused rather than guessed.
 */
export function parseEuroToCents(input: string): number | null {
  const text = input.replace(/[\s\u00a0€]/g, '').replace(/EUR$/i, '');
  if (text === '' || !/^\d[\d.,]*$/.test(text)) return null;
  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  let whole = text;
  let fraction = '';
  if (lastComma >= 0 && lastDot >= 0) {
    // Both: the later one is the decimal separator.
    const decimal = lastComma > lastDot ? ',' : '.';
    const at = text.lastIndexOf(decimal);
    whole = text.slice(0, at);
    fraction = text.slice(at + 1);
    const thousands = decimal === ',' ? '.' : ',';
    if (whole.includes(decimal) || !thousandsGroups(whole, thousands)) return null;
    whole = whole.split(thousands).join('');
  } else if (lastComma >= 0 || lastDot >= 0) {
    const separator = lastComma >= 0 ? ',' : '.';
    const parts = text.split(separator);
    if (parts.length > 2 || (parts.length === 2 && separator === '.' && parts[1]?.length === 3)) {
      // "1.200.000" or "1.200": thousands.
      if (!thousandsGroups(text, separator)) return null;
      whole = parts.join('');
    } else {
      whole = parts[0] ?? '';
      fraction = parts[1] ?? '';
    }
  }
  if (!/^\d+$/.test(whole) || !/^\d{0,2}$/.test(fraction)) return null;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

function thousandsGroups(text: string, separator: string): boolean {
  const groups = text.split(separator);
  return /^\d{1,3}$/.test(groups[0] ?? '') && groups.slice(1).every((group) => /^\d{3}$/.test(group));
}

/** Cents as euros in the user's language: 1250050 → "12.500,50 €" (de) or "€12,500.50" (en). */
export function formatCents(cents: number, language: string): string {
  return new Intl.NumberFormat(intlLocale(language), {
    style: 'currency',
    currency: 'EUR',
  }).format(cents / 100);
}
