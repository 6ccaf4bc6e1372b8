import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DATEV_SKR03_DEFAULTS } from '../../../shared/datev';
import {
  BUCHUNGSSTAPEL_COLUMNS,
  bookingLine,
  buchungsstapelText,
  type DatevBatchSettings,
  type DatevInvoice,
  DatevMappingError,
  datevAmount,
  datevPeriodProblem,
  debitorAccount,
  encodeWindows1252,
  headerLine,
  invoiceBookings,
  paymentBooking,
} from './datev-format';

const settings: DatevBatchSettings = {
  consultantNumber: 1234567,
  clientNumber: 42,
  fiscalYearStartMonth: 1,
  accountLength: 4,
  debitorStart: 10000,
  bankAccount: 1200,
  revenueAccounts: { ...DATEV_SKR03_DEFAULTS.revenueAccounts },
};

const invoice = (overrides: Partial<DatevInvoice> = {}): DatevInvoice => ({
  number: 'RE-2026-000007',
  kind: 'invoice',
  issueDate: '2026-11-05',
  dueDate: '2026-11-19',
  servicePeriodEnd: '2026-11-03',
  cancelsNumber: null,
  sellerCountry: 'DE',
  buyer: { number: 'K-100003', name: 'Bäckerei Sommer GmbH', country: 'DE', vatId: null },
  vatBreakdown: [{ category: 'S', rateBasisPoints: 1900, taxableCents: 10_000, vatCents: 1_900 }],
  ...overrides,
});

/** The fields of a line by column name (quotes removed). */
function fieldsOf(line: string): Record<string, string> {
  const values = line.split(';').map((v) => v.replace(/^"(.*)"$/, '$1').replaceAll('""', '"'));
  expect(values).toHaveLength(BUCHUNGSSTAPEL_COLUMNS.length);
  return Object.fromEntries(BUCHUNGSSTAPEL_COLUMNS.map((name, i) => [name, values[i] ?? '']));
}

describe('DATEV amounts and accounts', () => {
  it('writes amounts with a decimal comma and no thousands separator', () => {
    expect(datevAmount(123_456_78)).toBe('123456,78');
    expect(datevAmount(5)).toBe('0,05');
    expect(datevAmount(-1_190)).toBe('11,90');
  });

  it('gives customer K-100003 the debitor 10003, stable from the customer number', () => {
    expect(debitorAccount('K-100003', settings)).toBe(10003);
    expect(debitorAccount('K-100003', { ...settings, debitorStart: 20000 })).toBe(20003);
    expect(debitorAccount('K-3', settings)).toBe(10003);
  });

  it('refuses a debitor outside the personal-account range of the account length', () => {
    expect(() => debitorAccount('K-160000', settings)).toThrow(DatevMappingError);
    expect(() => debitorAccount('no number', settings)).toThrow(/no debitor account/);
  });
});

describe('DATEV invoice bookings', () => {
  it('books the gross amount from the debitor (S) to 8400 for 19 %, dated DDMM, numbered in Belegfeld 1', () => {
    const [booking, ...rest] = invoiceBookings(invoice(), settings);
    expect(rest).toEqual([]);
    const fields = fieldsOf(bookingLine(booking!));
    expect(fields).toMatchObject({
      'Umsatz (ohne Soll/Haben-Kz)': '119,00',
      'Soll/Haben-Kennzeichen': 'S',
      'WKZ Umsatz': 'EUR',
      Konto: '10003',
      'Gegenkonto (ohne BU-Schlüssel)': '8400',
      'BU-Schlüssel': '',
      Belegdatum: '0511',
      'Belegfeld 1': 'RE-2026-000007',
      'Belegfeld 2': '191126',
      Buchungstext: 'RE-2026-000007 Bäckerei Sommer GmbH',
      Leistungsdatum: '03112026',
    });
  });

  it('books one line per VAT category and rate, each to the account of its treatment', () => {
    const bookings = invoiceBookings(
      invoice({
        vatBreakdown: [
          { category: 'S', rateBasisPoints: 1900, taxableCents: 1_000, vatCents: 190 },
          { category: 'S', rateBasisPoints: 700, taxableCents: 1_000, vatCents: 70 },
          { category: 'E', rateBasisPoints: 0, taxableCents: 500, vatCents: 0 },
        ],
      }),
      settings,
    );
    expect(bookings.map((b) => [b.contraAccount, datevAmount(b.amountCents)])).toEqual([
      [8400, '11,90'],
      [8300, '10,70'],
      [8100, '5,00'],
    ]);
  });

  it('books not-subject fees to 2742 and reverse charge to 8337 at home, 8336 with the VAT ID for an EU buyer', () => {
    const [fees] = invoiceBookings(
      invoice({ vatBreakdown: [{ category: 'O', rateBasisPoints: 0, taxableCents: 800, vatCents: 0 }] }),
      settings,
    );
    expect(fees).toMatchObject({ contraAccount: 2742, amountCents: 800, euVatId: null });
    const reverse = { category: 'AE', rateBasisPoints: 0, taxableCents: 5_000, vatCents: 0 } as const;
    const [home] = invoiceBookings(invoice({ vatBreakdown: [reverse] }), settings);
    expect(home).toMatchObject({ contraAccount: 8337, euVatId: null });
    const [eu] = invoiceBookings(
      invoice({
        vatBreakdown: [reverse],
        buyer: { number: 'K-100004', name: 'Kaas BV', country: 'NL', vatId: 'NL123456789B01' },
      }),
      settings,
    );
    expect(eu).toMatchObject({ contraAccount: 8336, account: 10004, euVatId: 'NL123456789B01' });
    expect(fieldsOf(bookingLine(eu!))['EU-Land u. UStID (Bestimmung)']).toBe('NL123456789B01');
  });

  it('takes the revenue accounts from the settings, not from code', () => {
    const [booking] = invoiceBookings(invoice(), {
      ...settings,
      revenueAccounts: { ...settings.revenueAccounts, standard: 8401 },
    });
    expect(booking?.contraAccount).toBe(8401);
  });

  it('reverses a cancellation: the same amount credited (H) to the debitor, naming the cancelled invoice', () => {
    const [booking] = invoiceBookings(
      invoice({
        number: 'RE-2026-000008',
        kind: 'cancellation',
        cancelsNumber: 'RE-2026-000007',
        vatBreakdown: [{ category: 'S', rateBasisPoints: 1900, taxableCents: -10_000, vatCents: -1_900 }],
      }),
      settings,
    );
    expect(booking).toMatchObject({
      amountCents: 11_900,
      side: 'H',
      account: 10003,
      contraAccount: 8400,
      documentField1: 'RE-2026-000008',
      documentField2: '',
      text: 'Storno RE-2026-000007 Bäckerei Sommer GmbH',
    });
  });

  it('books a payment from the bank (1200, S) against the debitor, a return debit the other way', () => {
    const paid = paymentBooking(
      {
        bookingDate: '2026-11-20',
        amountCents: 11_900,
        customerNumber: 'K-100003',
        invoiceNumber: 'RE-2026-000007',
        payerName: 'Bäckerei Sommer',
      },
      settings,
    );
    expect(paid).toMatchObject({
      amountCents: 11_900,
      side: 'S',
      account: 1200,
      contraAccount: 10003,
      documentField1: 'RE-2026-000007',
    });
    const returned = paymentBooking(
      {
        bookingDate: '2026-11-25',
        amountCents: -11_900,
        customerNumber: 'K-100003',
        invoiceNumber: 'RE-2026-000007',
        payerName: null,
      },
      settings,
    );
    expect(returned).toMatchObject({ side: 'H', text: 'Rücklastschrift K-100003' });
  });
});

describe('DATEV batch file', () => {
  const header = {
    createdAt: new Date('2026-12-01T08:30:15.123Z'),
    exportedBy: 'Berta Buchhaltung',
    from: '2026-11-01',
    to: '2026-11-30',
    settings,
  };

  it('starts with the EXTF header: format 700, category 21, version 13, consultant, client, fiscal year, account length, period', () => {
    const fields = headerLine(header).split(';');
    expect(fields).toHaveLength(31);
    expect(fields.slice(0, 6)).toEqual([
      '"EXTF"',
      '700',
      '21',
      '"Buchungsstapel"',
      '13',
      '20261201093015123',
    ]);
    expect(fields[8]).toBe('"Berta Buchhaltung"');
    expect(fields.slice(10, 17)).toEqual([
      '1234567',
      '42',
      '20260101',
      '4',
      '20261101',
      '20261130',
      '"Rechnungen 20261101-20261130"',
    ]);
    expect(fields[20]).toBe('0');
    expect(fields[21]).toBe('"EUR"');
  });

  it('dates the fiscal year start by the settings month', () => {
    const fields = headerLine({ ...header, settings: { ...settings, fiscalYearStartMonth: 7 } }).split(';');
    expect(fields[12]).toBe('20260701');
  });

  it('puts the column headings second and ends every line with CRLF', () => {
    const text = buchungsstapelText(header, invoiceBookings(invoice(), settings));
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[1]?.split(';').slice(0, 14)).toEqual([
      'Umsatz (ohne Soll/Haben-Kz)',
      'Soll/Haben-Kennzeichen',
      'WKZ Umsatz',
      'Kurs',
      'Basis-Umsatz',
      'WKZ Basis-Umsatz',
      'Konto',
      'Gegenkonto (ohne BU-Schlüssel)',
      'BU-Schlüssel',
      'Belegdatum',
      'Belegfeld 1',
      'Belegfeld 2',
      'Skonto',
      'Buchungstext',
    ]);
    expect(lines[1]?.split(';')).toHaveLength(125);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('encodes umlauts, ß and € as single Windows-1252 bytes', () => {
    const bytes = encodeWindows1252('Bäckerei Größe €');
    expect([...bytes.subarray(1, 2)]).toEqual([0xe4]);
    expect(bytes.includes(0xdf)).toBe(true);
    expect(bytes.at(-1)).toBe(0x80);
    expect(bytes.length).toBe('Bäckerei Größe €'.length);
    expect(iconv.decode(bytes, 'windows-1252')).toBe('Bäckerei Größe €');
  });

  it('quotes text with inner quotes doubled and semicolons kept inside the field', () => {
    const [booking] = invoiceBookings(
      invoice({ buyer: { number: 'K-100003', name: 'Müller "Druck"; Söhne', country: 'DE', vatId: null } }),
      settings,
    );
    const line = bookingLine(booking!);
    expect(line).toContain('"RE-2026-000007 Müller ""Druck""; Söhne"');
  });

  it('cuts the booking text to 60 characters', () => {
    const [booking] = invoiceBookings(
      invoice({ buyer: { number: 'K-100003', name: 'X'.repeat(100), country: 'DE', vatId: null } }),
      settings,
    );
    const text = bookingLine(booking!).split(';')[13]!;
    expect(text.length).toBe(62);
  });
});

describe('DATEV period', () => {
  it('accepts a month and a whole fiscal year', () => {
    expect(datevPeriodProblem('2026-11-01', '2026-11-30', 1)).toBeNull();
    expect(datevPeriodProblem('2026-01-01', '2026-12-31', 1)).toBeNull();
    expect(datevPeriodProblem('2026-07-01', '2027-06-30', 7)).toBeNull();
  });

  it('refuses an end before the start, more than a year, and a period across fiscal years, naming to', () => {
    expect(datevPeriodProblem('2026-11-30', '2026-11-01', 1)).toEqual({
      field: 'to',
      message: 'must not be before from',
    });
    expect(datevPeriodProblem('2026-01-01', '2027-01-02', 1)?.message).toMatch(/at most one year/);
    expect(datevPeriodProblem('2026-12-01', '2027-01-31', 1)?.message).toMatch(/same fiscal year/);
    expect(datevPeriodProblem('2026-06-01', '2026-07-31', 7)?.field).toBe('to');
  });
});
