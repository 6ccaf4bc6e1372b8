// CSV for the reports, for German Excel: UTF-8 with BOM (so umlauts survive), semicolons between
// fields, CRLF between lines, decimal commas. Column names are stable English identifiers, so
// scripts may rely on them.

export type CsvCell = string | number | null;

const BOM = '\uFEFF';

/** A number with a decimal comma; null stays empty. */
export function csvDecimal(value: number | null, places?: number): string {
  if (value === null) return '';
  return (places === undefined ? String(value) : value.toFixed(places)).replace('.', ',');
}

/** Cents as euros with two decimals and a decimal comma. */
export const csvEuros = (cents: number) => csvDecimal(cents / 100, 2);

/** A text cell from users' input. */
export function csvText(value: string | null): string {
  if (value === null) return '';
  // A cell starting with = + - @ is a formula to Excel; names come from users, so never run them.
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function field(cell: CsvCell): string {
  const value = cell === null ? '' : String(cell);
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The whole file: BOM, header, rows. */
export function csvTable(header: readonly string[], rows: readonly CsvCell[][]): string {
  return `${BOM}${[header, ...rows].map((row) => row.map(field).join(';')).join('\r\n')}\r\n`;
}
