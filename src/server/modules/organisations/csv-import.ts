import { readCsvRecords } from '../../shared/csv-file';
import { CreateOrganisationBody } from './schemas';

/** Columns of an organisation import file; the header row names them, order is free. */
export const IMPORT_COLUMNS = [
  'kind',
  'name',
  'street',
  'postal_code',
  'city',
  'country',
  'vat_id',
  'tax_number',
  'email',
  'phone',
  'reseller_number',
] as const;
const REQUIRED_COLUMNS = ['kind', 'name'] as const;

export type ImportRow = { line: number; organisation: CreateOrganisationBody; resellerNumber: string | null };
export type ImportError = { line: number; field: string; message: string };

const FIELD_TO_COLUMN: Record<string, string> = {
  postalCode: 'postal_code',
  vatId: 'vat_id',
  taxNumber: 'tax_number',
};

/**
 * Parses and validates a whole CSV file (comma or semicolon separated, UTF-8, optional BOM).
 * Returns every row or every error with its line number: an import is all or nothing.
 */
export function parseOrganisationCsv(text: string): { rows: ImportRow[]; errors: ImportError[] } {
  const { records, header, errors: fileErrors } = readCsvRecords(text, REQUIRED_COLUMNS);
  if (fileErrors.some((e) => e.field === 'file')) return { rows: [], errors: fileErrors };
  const errors: ImportError[] = [...fileErrors];
  const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
  for (const column of unknown) {
    errors.push({
      line: 1,
      field: column,
      message: `unknown column; known are ${IMPORT_COLUMNS.join(', ')}`,
    });
  }
  if (errors.length > 0) return { rows: [], errors };

  const rows: ImportRow[] = [];
  for (const { record, line } of records) {
    const blank = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
    const parsed = CreateOrganisationBody.safeParse({
      kind: record.kind,
      name: record.name,
      street: blank(record.street),
      postalCode: blank(record.postal_code),
      city: blank(record.city),
      country: blank(record.country),
      vatId: blank(record.vat_id),
      taxNumber: blank(record.tax_number),
      email: blank(record.email),
      phone: blank(record.phone),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'row');
        errors.push({ line, field: FIELD_TO_COLUMN[field] ?? field, message: issue.message });
      }
      continue;
    }
    const resellerNumber = blank(record.reseller_number) ?? null;
    if (resellerNumber && parsed.data.kind !== 'customer') {
      errors.push({ line, field: 'reseller_number', message: 'only customers have a reseller of record' });
      continue;
    }
    rows.push({ line, organisation: parsed.data, resellerNumber });
  }
  return { rows: errors.length > 0 ? [] : rows, errors };
}
