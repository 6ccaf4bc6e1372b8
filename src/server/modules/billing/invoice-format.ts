import type { Language } from './invoice-document';

// Figures as a document prints them, from integers only: cents, thousandths of a quantity and
// basis points of a rate are split with integer arithmetic, never through a float, so 0.1 + 0.2
// never shows up on an invoice.

function splitScaled(value: number, scale: number): { negative: boolean; whole: string; fraction: string } {
  const negative = value < 0;
  const abs = Math.abs(value);
  const whole = Math.trunc(abs / scale);
  const fraction = String(abs - whole * scale).padStart(String(scale).length - 1, '0');
  return { negative, whole: String(whole), fraction };
}

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** 123456 → "1234.56" (the decimal form of EN 16931 amounts, BT-106 …). */
export function centsToDecimal(cents: number): string {
  const { negative, whole, fraction } = splitScaled(cents, 100);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** 1500 → "1.5", 2000 → "2" (BT-129: up to 3 places, trailing zeros dropped). */
export function thousandthsToDecimal(thousandths: number): string {
  const { negative, whole, fraction } = splitScaled(thousandths, 1000);
  const trimmed = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${trimmed ? `.${trimmed}` : ''}`;
}

/** 1900 → "19", 750 → "7.5" (BT-119 / BT-152 percent). */
export function basisPointsToPercent(basisPoints: number): string {
  const { whole, fraction } = splitScaled(basisPoints, 100);
  const trimmed = fraction.replace(/0+$/, '');
  return `${whole}${trimmed ? `.${trimmed}` : ''}`;
}

/** 123456 → "1.234,56 €" (de) or "€1,234.56" (en); a cancellation's −… keeps its sign. */
export function formatMoney(cents: number, language: Language): string {
  const { negative, whole, fraction } = splitScaled(cents, 100);
  if (language === 'de') return `${negative ? '−' : ''}${groupThousands(whole, '.')},${fraction} €`;
  return `${negative ? '−' : ''}€${groupThousands(whole, ',')}.${fraction}`;
}

export function formatQuantity(thousandths: number, language: Language): string {
  const text = thousandthsToDecimal(thousandths).replace('-', '−');
  return language === 'de' ? text.replace('.', ',') : text;
}

export function formatPercent(basisPoints: number, language: Language): string {
  const text = basisPointsToPercent(basisPoints);
  return `${language === 'de' ? text.replace('.', ',') : text} %`;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2026-12-06 → "06.12.2026" (de) or "6 Dec 2026" (en). */
export function formatDate(date: string, language: Language): string {
  const [year, month, day] = date.split('-');
  if (language === 'de') return `${day}.${month}.${year}`;
  return `${Number(day)} ${MONTHS_EN[Number(month) - 1]} ${year}`;
}

/** One day, or "01.11.2026 – 30.11.2026" for a period. */
export function formatPeriod(start: string, end: string, language: Language): string {
  return start === end
    ? formatDate(start, language)
    : `${formatDate(start, language)} – ${formatDate(end, language)}`;
}

/** DE89370400440532013000 → "DE89 3704 0044 0532 0130 00" (as printed for people). */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})/g, '$1 ').trim();
}
