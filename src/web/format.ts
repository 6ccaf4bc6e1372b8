// Dates are stored in UTC and shown in the user's language and time zone.

export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

export function intlLocale(language: string): string {
  return language.startsWith('en') ? 'en-GB' : 'de-DE';
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function safeZone(timeZone: string | undefined): string | undefined {
  return timeZone !== undefined && timeZone !== '' && isValidTimeZone(timeZone) ? timeZone : undefined;
}

export function formatDateTime(iso: string, language: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(language), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: safeZone(timeZone),
  }).format(date);
}

export function formatDate(iso: string, language: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(language), {
    dateStyle: 'medium',
    timeZone: safeZone(timeZone),
  }).format(date);
}

/** The IANA zones this browser knows, always including the default and the given one. */
export function timeZoneOptions(current?: string): string[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const all = new Set([DEFAULT_TIME_ZONE, 'UTC', ...zones]);
  if (current !== undefined && current !== '') all.add(current);
  return [...all].sort((a, b) => a.localeCompare(b));
}

/** The browser's own zone, for showing users what their device thinks. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
