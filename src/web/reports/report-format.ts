import { intlLocale } from '../format';

// Numbers of the leads report in the user's language: money from integer cents, rates 0–1 as percent.

export function formatCount(value: number, language: string): string {
  return new Intl.NumberFormat(intlLocale(language)).format(value);
}

export function formatEuros(cents: number, language: string): string {
  return new Intl.NumberFormat(intlLocale(language), {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: cents % 100 === 0 ? 0 : 2,
  }).format(cents / 100);
}

export function formatRate(rate: number | null, language: string): string {
  if (rate === null) return '—';
  return new Intl.NumberFormat(intlLocale(language), { style: 'percent', maximumFractionDigits: 1 }).format(
    rate,
  );
}

export function formatHours(hours: number, language: string): string {
  return new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: 1 }).format(hours);
}

/** "Dez. 2026" / "Dec 2026" for YYYY-MM. */
export function formatMonth(month: string, language: string): string {
  const date = new Date(`${month}-01T00:00:00.000Z`);
  return new Intl.DateTimeFormat(intlLocale(language), {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** A calendar day (YYYY-MM-DD) as the user writes it. */
export function formatDay(day: string, language: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The presets of the period picker, from today's UTC date (as the server counts days). */
export function presetPeriod(
  preset: 'last12' | 'last90' | 'thisYear',
  now: Date,
): { from: string; to: string } {
  const to = isoDay(now);
  if (preset === 'thisYear') return { from: `${to.slice(0, 4)}-01-01`, to };
  if (preset === 'last90') return { from: isoDay(new Date(now.getTime() - 89 * 86_400_000)), to };
  const yearAgo = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate() + 1));
  return { from: isoDay(yearAgo), to };
}
