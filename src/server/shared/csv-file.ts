import { parse } from 'csv-parse/sync';

// What every CSV import reads the same way: UTF-8 with or without BOM, comma or semicolon
// (whichever the header row uses more), a header row whose names are matched case-insensitively.

export type CsvRecord = { record: Record<string, string>; line: number };
export type CsvProblem = { line: number; field: string; message: string };

/**
 * The file's records with their line numbers, or the problems of the file itself: unreadable
 * (line of the fault, field `file`) or a required column missing (line 1, field = the column).
 */
export function readCsvRecords(
  text: string,
  requiredColumns: readonly string[],
): { records: CsvRecord[]; header: string[]; errors: CsvProblem[] } {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let parsed: { record: Record<string, string>; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      delimiter,
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return { records: [], header: [], errors: [{ line, field: 'file', message: (error as Error).message }] };
  }
  const header = Object.keys(parsed[0]?.record ?? {});
  const errors: CsvProblem[] = [];
  for (const column of requiredColumns) {
    if (parsed.length > 0 && !header.includes(column))
      errors.push({ line: 1, field: column, message: 'column is missing' });
  }
  return { records: parsed.map(({ record, info }) => ({ record, line: info.lines })), header, errors };
}
