import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/app-error';
import { parseCamt053 } from './camt053';
import { parseStatementCsv } from './csv-statement';
import { decodeStatement } from './routes';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).message;
  }
  throw new Error('expected a 400');
};

describe('CAMT.053 statements', () => {
  it('reads a camt.053.001.02 statement: credits, a batch as separate payments, a return debit, no pending entry', () => {
    const lines = parseCamt053(fixture('camt053-001-02.xml'));
    expect(lines.map((l) => [l.amountCents, l.payerName, l.reference])).toEqual([
      [11876, 'Bäckerei Sommer GmbH', 'Rechnung RE 2026 000042 Kd K-100001'],
      [20000, 'Nordwest IT Service KG', 'RE-2026-000043 und RE-2026-000044'],
      [15000, 'Müller & Söhne OHG', null],
      [-11876, 'Bäckerei Sommer GmbH', 'RUECKLASTSCHRIFT RE-2026-000040 MD07 KONTO ERLOSCHEN'],
    ]);
    expect(lines[0]).toMatchObject({
      bookingDate: '2026-12-04',
      valueDate: '2026-12-04',
      payerIban: 'DE02120300000000202051',
      endToEndId: 'RE-2026-000042',
      bankReference: '2026120400012345',
    });
    expect(lines[1]!.endToEndId).toBeNull();
    expect(lines[1]!.position).toBe('entry 2, TxDtls 1');
    expect(new Set(lines.map((l) => l.dedupeKey)).size).toBe(4);
  });

  it('reads a camt.053.001.08 statement (Pty names, TxDtls/Amt, structured reference, DtTm booking date)', () => {
    const lines = parseCamt053(fixture('camt053-001-08.xml'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      amountCents: 123450,
      bookingDate: '2026-12-05',
      payerName: 'Nordwest IT Service KG',
      payerIban: 'DE44500105175407324931',
      reference: 'RE2026000051',
      endToEndId: 'E2E-NWIT-7731',
    });
    expect(lines[1]).toMatchObject({ amountCents: 4990, payerName: 'Zoë Kästner', reference: 'Danke!' });
  });

  it('gives the same keys when the same statement is read again', () => {
    const xml = fixture('camt053-001-08.xml');
    expect(parseCamt053(xml).map((l) => l.dedupeKey)).toEqual(parseCamt053(xml).map((l) => l.dedupeKey));
  });

  it('names the entry or line that is wrong', () => {
    const xml = fixture('camt053-001-02.xml');
    expect(
      problem(() => parseCamt053(xml.replace('<Amt Ccy="EUR">350.00</Amt>', '<Amt Ccy="USD">350.00</Amt>'))),
    ).toBe('entry 2: the currency USD is not taken; only EUR');
    expect(problem(() => parseCamt053(xml.replace('118.76</Amt>', '1x8.76</Amt>')))).toContain('entry 1');
    expect(problem(() => parseCamt053(xml.replace('</Ntry>', '</Ntryy>')))).toMatch(
      /^line \d+: the XML is not well-formed/,
    );
    expect(problem(() => parseCamt053(xml.replaceAll('camt.053.001.02', 'camt.052.001.02')))).toContain(
      'not a camt.053',
    );
  });
});

describe('CSV statements', () => {
  it('reads a German export with BOM, preamble, umlauts, decimal comma, thousands and a quoted semicolon', () => {
    const lines = parseStatementCsv(fixture('statement-de.csv'));
    expect(lines.map((l) => [l.position, l.amountCents, l.payerName])).toEqual([
      ['line 5', 11876, 'Bäckerei Sommer GmbH'],
      ['line 6', 125000, 'Müller & Söhne OHG'],
      ['line 7', -11876, 'Bäckerei Sommer GmbH'],
      ['line 8', 4990, 'Straßenbau Öztürk'],
      ['line 9', 4990, 'Straßenbau Öztürk'],
    ]);
    expect(lines[0]).toMatchObject({
      bookingDate: '2026-12-04',
      valueDate: '2026-12-04',
      payerIban: 'DE02120300000000202051',
      reference: 'Rechnung RE-2026-000042; Danke',
    });
    // Two equal lines are two payments; reading the file again gives the same keys.
    expect(new Set(lines.map((l) => l.dedupeKey)).size).toBe(5);
    expect(parseStatementCsv(fixture('statement-de.csv')).map((l) => l.dedupeKey)).toEqual(
      lines.map((l) => l.dedupeKey),
    );
  });

  it('reads a Windows-1252 export like a UTF-8 one', () => {
    const latin1 = Buffer.from(
      'Buchungstag;Auftraggeber/Empfänger;Betrag\n04.12.2026;Bäckerei Sommer;10,00\n',
      'latin1',
    );
    expect(parseStatementCsv(decodeStatement(latin1))[0]!.payerName).toBe('Bäckerei Sommer');
  });

  it('reads English headers with comma and decimal point', () => {
    const lines = parseStatementCsv(
      'Booking date,Value date,Name,IBAN,Reference,Amount\n2026-12-04,2026-12-04,Acme Ltd,GB33BUKB20201555555555,"INV RE-2026-000042",1234.5\n',
    );
    expect(lines[0]).toMatchObject({
      amountCents: 123450,
      payerName: 'Acme Ltd',
      reference: 'INV RE-2026-000042',
    });
  });

  it('names the missing column, and the line and column of a bad value', () => {
    expect(problem(() => parseStatementCsv('Buchungstag;Verwendungszweck\n04.12.2026;x\n'))).toBe(
      'header: the column Betrag is missing',
    );
    expect(problem(() => parseStatementCsv('Buchungstag;Betrag\n04.12.2026;10,00\n31.11.2026;5,00\n'))).toBe(
      'line 3: Buchungstag "31.11.2026" is not a date (DD.MM.YYYY)',
    );
    expect(problem(() => parseStatementCsv('Buchungstag;Betrag\n04.12.2026;zehn\n'))).toBe(
      'line 2: Betrag "zehn" is not an amount',
    );
    expect(problem(() => parseStatementCsv('Buchungstag;Betrag;Währung\n04.12.2026;10,00;CHF\n'))).toBe(
      'line 2: the currency CHF is not taken; only EUR',
    );
  });
});
