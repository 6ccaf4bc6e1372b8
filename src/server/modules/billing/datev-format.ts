import iconv from 'iconv-lite';
import type { VatCategoryCode } from '../../../shared/billing';
import { DATEV_MAX_PERIOD_DAYS, type DatevRevenueKey } from '../../../shared/datev';

// The DATEV "Buchungsstapel" (EXTF format 700, category 21, version 13) as the accountant's
// DATEV imports it: a header line with the batch's metadata, a line of column headings in the
// official order, then one booking per line. DATEV reads the columns by position, so every row
// carries all 125 columns, most of them empty. Amounts are positive with a decimal comma and the
// side in "Soll/Haben-Kennzeichen"; the document date is DDMM and takes its year from the batch
// period, which is why a batch never crosses a fiscal year. Files are Windows-1252 with CRLF.
// Pure: the export service reads the rows and writes the file.

/** The columns of a Buchungsstapel, version 13, in the order DATEV reads them. */
export const BUCHUNGSSTAPEL_COLUMNS = [
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
  'Postensperre',
  'Diverse Adressnummer',
  'Geschäftspartnerbank',
  'Sachverhalt',
  'Zinssperre',
  'Beleglink',
  ...Array.from({ length: 8 }, (_, i) => [`Beleginfo - Art ${i + 1}`, `Beleginfo - Inhalt ${i + 1}`]).flat(),
  'KOST1 - Kostenstelle',
  'KOST2 - Kostenstelle',
  'Kost-Menge',
  'EU-Land u. UStID (Bestimmung)',
  'EU-Steuersatz (Bestimmung)',
  'Abw. Versteuerungsart',
  'Sachverhalt L+L',
  'Funktionsergänzung L+L',
  'BU 49 Hauptfunktionstyp',
  'BU 49 Hauptfunktionsnummer',
  'BU 49 Funktionsergänzung',
  ...Array.from({ length: 20 }, (_, i) => [
    `Zusatzinformation - Art ${i + 1}`,
    `Zusatzinformation - Inhalt ${i + 1}`,
  ]).flat(),
  'Stück',
  'Gewicht',
  'Zahlweise',
  'Forderungsart',
  'Veranlagungsjahr',
  'Zugeordnete Fälligkeit',
  'Skontotyp',
  'Auftragsnummer',
  'Buchungstyp',
  'USt-Schlüssel (Anzahlungen)',
  'EU-Mitgliedstaat (Anzahlungen)',
  'Sachverhalt L+L (Anzahlungen)',
  'EU-Steuersatz (Anzahlungen)',
  'Erlöskonto (Anzahlungen)',
  'Herkunft-Kz',
  'Buchungs GUID',
  'KOST-Datum',
  'SEPA-Mandatsreferenz',
  'Skontosperre',
  'Gesellschaftername',
  'Beteiligtennummer',
  'Identifikationsnummer',
  'Zeichnernummer',
  'Postensperre bis',
  'Bezeichnung SoBil-Sachverhalt',
  'Kennzeichen SoBil-Buchung',
  'Festschreibung',
  'Leistungsdatum',
  'Datum Zuord. Steuerperiode',
  'Fälligkeit',
  'Generalumkehr (GU)',
  'Steuersatz',
  'Land',
  'Abrechnungsreferenz',
  'BVV-Position',
  'EU-Mitgliedstaat u. UStID (Ursprung)',
  'EU-Steuersatz (Ursprung)',
  'Abw. Skontokonto',
] as const;

const COLUMN = (name: (typeof BUCHUNGSSTAPEL_COLUMNS)[number]) => BUCHUNGSSTAPEL_COLUMNS.indexOf(name);

/** What the export needs of the DATEV settings. Accounts are plain numbers. */
export type DatevBatchSettings = {
  consultantNumber: number;
  clientNumber: number;
  /** 1 = January: the fiscal year starts on the first of this month. */
  fiscalYearStartMonth: number;
  /** Digits of a general ledger account (Sachkontenlänge); debitors have one digit more. */
  accountLength: number;
  /** The debitor of customer K-100001 is this + 1. */
  debitorStart: number;
  bankAccount: number;
  revenueAccounts: Record<DatevRevenueKey, number>;
};

/** One line of the batch. `amountCents` is never negative; `side` says which way it books. */
export type DatevBooking = {
  amountCents: number;
  /** S: Konto is debited (Soll), H: Konto is credited (Haben). */
  side: 'S' | 'H';
  account: number;
  contraAccount: number;
  /** YYYY-MM-DD */
  documentDate: string;
  /** The invoice number: DATEV's open items match invoice and payment by it. */
  documentField1: string;
  /** Due date as DDMMYY (open items), or empty. */
  documentField2: string;
  text: string;
  /** Buyer's VAT ID for a reverse-charge supply to another EU country (ZM). */
  euVatId: string | null;
  /** YYYY-MM-DD: the last day of supply. */
  serviceDate: string | null;
};

/** What a booking is built from: an issued invoice or cancellation, as stored. */
export type DatevInvoice = {
  number: string;
  kind: 'invoice' | 'cancellation';
  issueDate: string;
  dueDate: string;
  servicePeriodEnd: string;
  /** The cancelled invoice's number, for a cancellation. */
  cancelsNumber: string | null;
  sellerCountry: string;
  buyer: { number: string; name: string; country: string; vatId: string | null };
  vatBreakdown: {
    category: VatCategoryCode;
    rateBasisPoints: number;
    taxableCents: number;
    vatCents: number;
  }[];
};

/** Part of a payment set against one invoice (or not allocated to any, `invoiceNumber` null). */
export type DatevPayment = {
  bookingDate: string;
  amountCents: number;
  customerNumber: string;
  invoiceNumber: string | null;
  payerName: string | null;
};

// Customers are numbered K-100001, K-100002 … (organisations' series starts at 100,000), so the
// sequence behind the number is stable for ever and gives a stable debitor account.
const CUSTOMER_SERIES_START = 100_000;

export class DatevMappingError extends Error {
  constructor(
    readonly code: 'datev_debitor_out_of_range' | 'datev_unknown_vat_category',
    message: string,
  ) {
    super(message);
  }
}

/** The debitor account of a customer number: debitor start + the customer's sequence. */
export function debitorAccount(customerNumber: string, settings: DatevBatchSettings): number {
  const digits = /(\d+)$/.exec(customerNumber)?.[1];
  const value = digits ? Number(digits) : Number.NaN;
  // Numbers made outside the series (imports, test data: K-7) carry the bare sequence.
  const sequence = value > CUSTOMER_SERIES_START ? value - CUSTOMER_SERIES_START : value;
  const account = settings.debitorStart + sequence;
  // Personal accounts have one digit more than general ledger accounts; DATEV keeps debitors in
  // the lower part (1… to 6…) of that range, creditors above.
  const low = 10 ** settings.accountLength;
  const high = 7 * 10 ** settings.accountLength - 1;
  if (!Number.isInteger(sequence) || sequence < 1 || account < low || account > high) {
    throw new DatevMappingError(
      'datev_debitor_out_of_range',
      `Customer ${customerNumber} has no debitor account between ${low} and ${high} with debitor start ${settings.debitorStart}`,
    );
  }
  return account;
}

/** Which revenue account a VAT breakdown books to. */
export function revenueKey(
  category: VatCategoryCode,
  rateBasisPoints: number,
  buyerCountry: string,
  sellerCountry: string,
): DatevRevenueKey {
  if (category === 'S' && rateBasisPoints === 1900) return 'standard';
  if (category === 'S' && rateBasisPoints === 700) return 'reduced';
  if (category === 'O') return 'not_subject';
  if (category === 'E') return 'exempt';
  if (category === 'AE') return buyerCountry === sellerCountry ? 'reverse_charge' : 'reverse_charge_eu';
  throw new DatevMappingError(
    'datev_unknown_vat_category',
    `No revenue account for VAT category ${category} at ${rateBasisPoints / 100} %`,
  );
}

function ddmmyy(date: string): string {
  return `${date.slice(8, 10)}${date.slice(5, 7)}${date.slice(2, 4)}`;
}

/**
 * One booking per VAT category and rate of an invoice: the gross amount (net + VAT) from the
 * debitor to the revenue account of its treatment. DATEV's SKR03 revenue accounts 8400/8300 are
 * automatic accounts that split the VAT off the gross amount, so no BU key is needed. A
 * cancellation's amounts are negative and so book the other way (H), reversing the invoice.
 */
export function invoiceBookings(invoice: DatevInvoice, settings: DatevBatchSettings): DatevBooking[] {
  const debitor = debitorAccount(invoice.buyer.number, settings);
  const text =
    invoice.kind === 'cancellation'
      ? `Storno ${invoice.cancelsNumber ?? ''} ${invoice.buyer.name}`
      : `${invoice.number} ${invoice.buyer.name}`;
  return invoice.vatBreakdown
    .map((entry) => {
      const key = revenueKey(
        entry.category,
        entry.rateBasisPoints,
        invoice.buyer.country,
        invoice.sellerCountry,
      );
      const gross = entry.taxableCents + entry.vatCents;
      return {
        amountCents: Math.abs(gross),
        side: gross < 0 ? 'H' : 'S',
        account: debitor,
        contraAccount: settings.revenueAccounts[key],
        documentDate: invoice.issueDate,
        documentField1: invoice.number,
        documentField2: invoice.kind === 'invoice' ? ddmmyy(invoice.dueDate) : '',
        text,
        euVatId: key === 'reverse_charge_eu' ? invoice.buyer.vatId : null,
        serviceDate: invoice.servicePeriodEnd,
      } satisfies DatevBooking;
    })
    .filter((booking) => booking.amountCents !== 0);
}

/**
 * A payment (or the part of it allocated to one invoice) from the bank account against the
 * customer's debitor; a return debit (negative) books the other way and reopens the invoice.
 */
export function paymentBooking(payment: DatevPayment, settings: DatevBatchSettings): DatevBooking {
  return {
    amountCents: Math.abs(payment.amountCents),
    side: payment.amountCents < 0 ? 'H' : 'S',
    account: settings.bankAccount,
    contraAccount: debitorAccount(payment.customerNumber, settings),
    documentDate: payment.bookingDate,
    documentField1: payment.invoiceNumber ?? '',
    documentField2: '',
    text: `${payment.amountCents < 0 ? 'Rücklastschrift' : 'Zahlung'} ${payment.payerName ?? payment.customerNumber}`,
    euVatId: null,
    serviceDate: null,
  };
}

/** 123456 cents → "1234,56": DATEV wants no thousands separator and a decimal comma. */
export function datevAmount(cents: number): string {
  const abs = Math.abs(cents);
  return `${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** A text field: quoted, inner quotes doubled, line breaks flattened, cut to DATEV's length. */
function text(value: string | null | undefined, max: number): string {
  if (!value) return '';
  const flat = value
    .replace(/[\r\n\t]+/g, ' ')
    .trim()
    .slice(0, max);
  return `"${flat.replace(/"/g, '""')}"`;
}

// Belegfeld 1 allows letters, digits and $ & % * + - / only (and 36 characters).
function documentField(value: string): string {
  return value.replace(/[^A-Za-z0-9$&%*+\-/]/g, '').slice(0, 36);
}

function yyyymmdd(date: string): string {
  return date.replaceAll('-', '');
}

function ddmmyyyy(date: string): string {
  return `${date.slice(8, 10)}${date.slice(5, 7)}${date.slice(0, 4)}`;
}

/** One booking as a line of 125 fields. */
export function bookingLine(booking: DatevBooking): string {
  const fields: string[] = new Array(BUCHUNGSSTAPEL_COLUMNS.length).fill('');
  fields[COLUMN('Umsatz (ohne Soll/Haben-Kz)')] = datevAmount(booking.amountCents);
  fields[COLUMN('Soll/Haben-Kennzeichen')] = text(booking.side, 1);
  fields[COLUMN('WKZ Umsatz')] = text('EUR', 3);
  fields[COLUMN('Konto')] = String(booking.account);
  fields[COLUMN('Gegenkonto (ohne BU-Schlüssel)')] = String(booking.contraAccount);
  fields[COLUMN('Belegdatum')] = `${booking.documentDate.slice(8, 10)}${booking.documentDate.slice(5, 7)}`;
  fields[COLUMN('Belegfeld 1')] = text(documentField(booking.documentField1), 36);
  fields[COLUMN('Belegfeld 2')] = text(booking.documentField2, 12);
  fields[COLUMN('Buchungstext')] = text(booking.text, 60);
  fields[COLUMN('EU-Land u. UStID (Bestimmung)')] = text(booking.euVatId, 15);
  if (booking.serviceDate) fields[COLUMN('Leistungsdatum')] = ddmmyyyy(booking.serviceDate);
  return fields.join(';');
}

export type BatchHeader = {
  /** When the file was made (shown in Berlin time). */
  createdAt: Date;
  /** Who made it (Exportiert von). */
  exportedBy: string;
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  settings: DatevBatchSettings;
};

/** The first day of the fiscal year that holds `date`. */
export function fiscalYearStart(date: string, startMonth: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const startYear = month >= startMonth ? year : year - 1;
  return `${startYear}-${String(startMonth).padStart(2, '0')}-01`;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/**
 * Why a period cannot be one batch, naming the field to fix, or null. DATEV dates a booking by
 * day and month only and takes the year from the batch, so a batch lies within one fiscal year.
 */
export function datevPeriodProblem(
  from: string,
  to: string,
  fiscalYearStartMonth: number,
): { field: 'from' | 'to'; message: string } | null {
  if (to < from) return { field: 'to', message: 'must not be before from' };
  if (daysBetween(from, to) >= DATEV_MAX_PERIOD_DAYS) {
    return { field: 'to', message: 'the period may be at most one year' };
  }
  const start = fiscalYearStart(from, fiscalYearStartMonth);
  if (fiscalYearStart(to, fiscalYearStartMonth) !== start) {
    return {
      field: 'to',
      message: `must lie in the same fiscal year as from (the year starting ${start}); export each fiscal year on its own`,
    };
  }
  return null;
}

function berlinTimestamp(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const millis = String(at.getUTCMilliseconds()).padStart(3, '0');
  return `${parts.year}${parts.month}${parts.day}${parts.hour}${parts.minute}${parts.second}${millis}`;
}

/** The batch's first line (EXTF header, 31 fields). */
export function headerLine(header: BatchHeader): string {
  const { settings } = header;
  const fields = [
    text('EXTF', 4),
    '700',
    '21',
    text('Buchungsstapel', 14),
    '13',
    berlinTimestamp(header.createdAt),
    '', // imported at: DATEV fills it
    text('CD', 2), // origin
    text(header.exportedBy, 25),
    '', // imported by
    String(settings.consultantNumber),
    String(settings.clientNumber),
    yyyymmdd(fiscalYearStart(header.from, settings.fiscalYearStartMonth)),
    String(settings.accountLength),
    yyyymmdd(header.from),
    yyyymmdd(header.to),
    text(`Rechnungen ${yyyymmdd(header.from)}-${yyyymmdd(header.to)}`, 30),
    '', // dictation initials
    '1', // booking type: financial accounting
    '0', // accounting purpose: independent of it
    // Not fixed: the accountant reviews the batch before fixing it (GoBD) in DATEV.
    '0',
    text('EUR', 3),
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ];
  return fields.join(';');
}

/** The whole batch as text, each line ended by CRLF (also the last). */
export function buchungsstapelText(header: BatchHeader, bookings: DatevBooking[]): string {
  const lines = [headerLine(header), BUCHUNGSSTAPEL_COLUMNS.join(';'), ...bookings.map(bookingLine)];
  return lines.map((line) => `${line}\r\n`).join('');
}

/** DATEV reads ANSI (Windows-1252): umlauts and € as single bytes; what it lacks becomes "?". */
export function encodeWindows1252(value: string): Buffer {
  return iconv.encode(value, 'windows-1252');
}

/** The file name DATEV's import expects to start with EXTF_. */
export function buchungsstapelFileName(from: string, to: string): string {
  return `EXTF_Buchungsstapel_${from}_${to}.csv`;
}
