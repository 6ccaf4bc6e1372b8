import { parse } from 'csv-parse/sync';
import {
  cleanText,
  compactIban,
  contentKeys,
  isoDay,
  parseDecimalCents,
  type StatementLine,
  statementError,
} from './statement-line';

// Account turnover exports of German banks (Umsatzexport): semicolon separated, decimal comma,
// dates DD.MM.YYYY, often a few lines about the account before the header row. English exports
// (comma, decimal point) are read too. Columns are found by their header names; order is free.

type Column =
  | 'bookingDate'
  | 'valueDate'
  | 'payerName'
  | 'payerIban'
  | 'reference'
  | 'amount'
  | 'currency'
  | 'endToEndId';

/** Header names as compared: lower case, umlauts spelled out, letters and digits only. */
function headerKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]/g, '');
}

const HEADERS: Record<Column, string[]> = {
  bookingDate: ['buchungstag', 'buchungsdatum', 'buchung', 'datum', 'bookingdate', 'date', 'transactiondate'],
  valueDate: ['valuta', 'valutadatum', 'wertstellung', 'wertstellungsdatum', 'valuedate'],
  payerName: [
    'auftraggeberempfaenger',
    'beguenstigterzahlungspflichtiger',
    'zahlungspflichtiger',
    'auftraggeber',
    'namezahlungsbeteiligter',
    'zahlungsbeteiligter',
    'name',
    'payer',
    'payername',
    'counterparty',
    'counterpartyname',
  ],
  payerIban: [
    'iban',
    'ibanzahlungsbeteiligter',
    'kontonummeriban',
    'kontonummer',
    'payeriban',
    'counterpartyiban',
  ],
  reference: [
    'verwendungszweck',
    'reference',
    'remittanceinformation',
    'purpose',
    'paymentreference',
    'description',
  ],
  amount: ['betrag', 'betrageur', 'umsatz', 'umsatzeur', 'amount', 'amounteur'],
  currency: ['waehrung', 'currency'],
  endToEndId: ['endtoendreferenz', 'endtoendid', 'endtoendreference'],
};
const REQUIRED: Column[] = ['bookingDate', 'amount'];
/** How a missing column is named in the 400: the German export's header. */
const COLUMN_NAMES: Record<Column, string> = {
  bookingDate: 'Buchungstag',
  valueDate: 'Valuta',
  payerName: 'Auftraggeber/Empfänger',
  payerIban: 'IBAN',
  reference: 'Verwendungszweck',
  amount: 'Betrag',
  currency: 'Währung',
  endToEndId: 'End-to-End-Referenz',
};
// A preamble (account number, period, balance) is at most this many lines long.
const HEADER_SEARCH_ROWS = 20;

function columnsOf(row: string[]): Partial<Record<Column, number>> {
  const found: Partial<Record<Column, number>> = {};
  const keys = row.map(headerKey);
  for (const column of Object.keys(HEADERS) as Column[]) {
    const index = keys.findIndex((key) => HEADERS[column].includes(key));
    if (index >= 0) found[column] = index;
  }
  return found;
}

/** DD.MM.YYYY, DD.MM.YY or YYYY-MM-DD. */
function parseDay(value: string): string | null {
  let match = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(value);
  if (match) {
    const year = match[3]!.length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
    return isoDay(year, Number(match[2]), Number(match[1]));
  }
  match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? isoDay(Number(match[1]), Number(match[2]), Number(match[3])) : null;
}

/** Parses a bank's CSV export; a 400 names the line and column when something is wrong. */
export function parseStatementCsv(input: string): StatementLine[] {
  const text = input.replace(/^\uFEFF/, '');
  const firstLines = text.split(/\r?\n/, HEADER_SEARCH_ROWS).join('\n');
  const delimiter =
    (firstLines.match(/;/g)?.length ?? 0) >= (firstLines.match(/,/g)?.length ?? 0) ? ';' : ',';
  const decimalMark = delimiter === ';' ? ',' : '.';
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw statementError(`line ${line}`, `the CSV cannot be read (${(error as Error).message})`);
  }
  const headerIndex = rows
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((row) => REQUIRED.every((column) => columnsOf(row.record)[column] !== undefined));
  if (headerIndex < 0) {
    // Name what the most promising row lacks: the one with the most known headers.
    const best = rows
      .slice(0, HEADER_SEARCH_ROWS)
      .map((row) => columnsOf(row.record))
      .sort((a, b) => Object.keys(b).length - Object.keys(a).length)[0];
    const missing = REQUIRED.filter((column) => best?.[column] === undefined).map((c) => COLUMN_NAMES[c]);
    throw statementError('header', `the column ${missing.join(' and ')} is missing`);
  }
  const columns = columnsOf(rows[headerIndex]!.record);
  const cell = (record: string[], column: Column) => {
    const index = columns[column];
    return index === undefined ? '' : (record[index] ?? '').trim();
  };

  const lines: Omit<StatementLine, 'dedupeKey'>[] = [];
  for (const { record, info } of rows.slice(headerIndex + 1)) {
    const position = `line ${info.lines}`;
    // Closing lines of some exports ("Kontostand", totals) have no booking date: not a payment.
    if (record.every((value) => value.trim() === '')) continue;
    const rawDate = cell(record, 'bookingDate');
    const rawAmount = cell(record, 'amount');
    if (rawDate === '' && rawAmount === '') continue;
    const bookingDate = parseDay(rawDate);
    if (!bookingDate) throw statementError(position, `Buchungstag "${rawDate}" is not a date (DD.MM.YYYY)`);
    const rawValueDate = cell(record, 'valueDate');
    const valueDate = rawValueDate === '' ? null : parseDay(rawValueDate);
    if (rawValueDate !== '' && !valueDate) {
      throw statementError(position, `Valuta "${rawValueDate}" is not a date (DD.MM.YYYY)`);
    }
    const amountCents = parseDecimalCents(rawAmount, decimalMark);
    if (amountCents === null || amountCents === 0) {
      throw statementError(position, `Betrag "${rawAmount}" is not an amount`);
    }
    const currency = cell(record, 'currency').toUpperCase();
    if (currency !== '' && currency !== 'EUR') {
      throw statementError(position, `the currency ${currency} is not taken; only EUR`);
    }
    lines.push({
      position,
      amountCents,
      bookingDate,
      valueDate,
      payerName: cleanText(cell(record, 'payerName')),
      payerIban: compactIban(cell(record, 'payerIban')),
      reference: cleanText(cell(record, 'reference')),
      endToEndId: cleanText(cell(record, 'endToEndId')),
      bankReference: null,
    });
  }
  // A CSV line has no bank reference: its key is the hash of the normalised line.
  const keys = contentKeys(
    'csv',
    lines.map((l) =>
      [
        l.bookingDate,
        l.valueDate ?? '',
        l.amountCents,
        l.payerName ?? '',
        l.payerIban ?? '',
        l.reference ?? '',
      ].join('|'),
    ),
  );
  return lines.map((line, i) => ({ ...line, dedupeKey: keys[i]! }));
}
