/** Case numbers look like CD-2026-000123: prefix, year of creation, a counter per year. */
export function formatCaseNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

const CASE_NUMBER = /\b([A-Z]{1,10})-(\d{4})-(\d{6,})\b/;

/** Finds a case number in free text (a mail subject, a search box); null when there is none. */
export function findCaseNumber(text: string, prefix: string): string | null {
  const match = CASE_NUMBER.exec(text.toUpperCase());
  if (!match || match[1] !== prefix.toUpperCase()) return null;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

export function looksLikeCaseNumber(value: string): boolean {
  return /^[A-Za-z]{1,10}-\d{4}-\d{6,}$/.test(value);
}
