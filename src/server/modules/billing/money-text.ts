// Euro amounts as text for mails and the leak guard, from integer cents without floating point:
// German "1.234,56 €", English "€1,234.56". Plain spaces, so a text search finds them as typed.

export function formatEuroText(cents: number, language: 'de' | 'en'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  const euros = Math.floor(abs / 100).toString();
  const rest = (abs % 100).toString().padStart(2, '0');
  const grouped = euros.replace(/\B(?=(\d{3})+(?!\d))/g, language === 'de' ? '.' : ',');
  return language === 'de' ? `${sign}${grouped},${rest} €` : `${sign}€${grouped}.${rest}`;
}

/** 2026-12-08 → 08.12.2026 (de) or 8 December 2026 (en). */
export function formatDateText(date: string, language: 'de' | 'en'): string {
  const [year, month, day] = date.split('-');
  if (language === 'de') return `${day}.${month}.${year}`;
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}
