// What an invoice request asks for, matched against the customer's own billing data. Pure: the
// caller loads the customer's uninvoiced charges and invoices and looks up the mentioned numbers.
// The order of the rules (issue DESIGN S2):
//   1. invoice numbers in the text that are this customer's → those invoices; a mentioned number
//      that is not this customer's (another customer's, or none at all) → a person looks at it,
//      and nothing about that number goes to the customer;
//   2. otherwise uninvoiced charges: of the named kind ("Gebühr" → fee_…), or all without a kind;
//   3. otherwise, when a kind is named, this customer's invoices of the last 90 days with it;
//   4. otherwise the billing clerks take over, told what was missing.

import { containsPhrase, normaliseWord, wordsOf } from './keyword-rules';

/** A kind of charge a customer may name, and the charge types it stands for. */
export type ChargeKind = {
  kind: string;
  /** German label for the clerks' note. */
  label: string;
  matchesType(typeCode: string): boolean;
  /** Whole words or phrases; German nouns also match as the end of a compound (Rücklastschriftgebühr). */
  words: readonly string[];
  compoundEndings: readonly string[];
};

export const CHARGE_KINDS: readonly ChargeKind[] = [
  {
    kind: 'fee',
    label: 'Gebühr',
    matchesType: (code) => code.startsWith('fee_'),
    words: ['fee', 'fees', 'charge fee', 'gebuehr', 'gebuehren'],
    compoundEndings: ['gebuehr', 'gebuehren'],
  },
  {
    kind: 'topup',
    label: 'Aufladung',
    matchesType: (code) => code === 'topup',
    words: ['topup', 'top up', 'top ups', 'topups', 'aufladung', 'aufladungen'],
    compoundEndings: ['aufladung', 'aufladungen'],
  },
  {
    kind: 'device',
    label: 'Gerät',
    matchesType: (code) => code === 'device',
    words: ['device', 'devices', 'geraet', 'geraete'],
    compoundEndings: [],
  },
  {
    kind: 'service',
    label: 'Serviceleistung',
    matchesType: (code) => code === 'service',
    words: ['service', 'serviceleistung', 'serviceleistungen'],
    compoundEndings: ['serviceleistung', 'serviceleistungen'],
  },
];

/** The kinds of charge the text names (none: the customer did not say which). */
export function namedKinds(text: string, kinds: readonly ChargeKind[] = CHARGE_KINDS): ChargeKind[] {
  const words = wordsOf(text);
  return kinds.filter(
    (k) =>
      k.words.some((w) => containsPhrase(words, w)) ||
      words.some((w) => k.compoundEndings.some((ending) => w.length > ending.length && w.endsWith(ending))),
  );
}

/**
 * An invoice number as compared: its letters and its digit groups without leading zeros,
 * "RE-2026-000042", "re 2026/42" and "RE2026-42" all become "RE 2026 42". A run of ten digits is
 * read as year and six-digit sequence ("RE2026000042"), the way numbers get pasted together.
 */
export function invoiceNumberKey(text: string): string {
  const parts =
    normaliseWord(text)
      .toUpperCase()
      .match(/[A-Z]+|[0-9]+/g) ?? [];
  const split = parts.flatMap((part) =>
    /^(19|20)[0-9]{8}$/.test(part) ? [part.slice(0, 4), part.slice(4)] : [part],
  );
  return split.map((part) => (/^[0-9]+$/.test(part) ? String(Number(part)) : part)).join(' ');
}

// Letters (the series prefix), then digit groups joined by at most two separators. At least one
// digit group of 3+ digits, so "Rechnung 2" or "Seite 1" are no invoice numbers.
const NUMBER_CANDIDATE =
  /(?<![\p{L}\p{N}])[A-Za-z]{1,8}[\s\-_/.#:]{0,2}[0-9]{2,10}(?:[\s\-_/.]{1,2}[0-9]{1,10}){0,2}(?![\p{L}\p{N}])/gu;

/** Everything in the text that looks like an invoice number (as written, and its key), each key once. */
export function mentionedInvoiceNumbers(text: string): { key: string; written: string }[] {
  const found = new Map<string, string>();
  for (const match of text.matchAll(NUMBER_CANDIDATE)) {
    const key = invoiceNumberKey(match[0]);
    if (/[0-9]{3,}/.test(key) && !found.has(key)) found.set(key, match[0].trim());
  }
  return [...found].map(([key, written]) => ({ key, written }));
}

export type RequestInvoice = {
  id: string;
  number: string;
  kind: 'invoice' | 'cancellation';
  status: 'issued' | 'cancelled';
  issueDate: string;
  typeCodes: readonly string[];
};
export type RequestCharge = { id: string; typeCode: string };

export type RequestFacts = {
  /** Subject, description and the case's facts (an invoice number given in the portal form). */
  text: string;
  /** The customer's own invoices (issued and cancellation documents), newest first. */
  invoices: readonly RequestInvoice[];
  /** Mentioned numbers (keys) that exist as invoices of another customer. */
  foreignNumberKeys: readonly string[];
  uninvoicedCharges: readonly RequestCharge[];
  /** The invoice number series' prefix as set now (RE-): a mentioned number of that series counts as asked for. */
  seriesPrefix: string | null;
  /** YYYY-MM-DD, Europe/Berlin. */
  today: string;
};

export type RequestDecision =
  | { action: 'send_invoices'; invoiceIds: string[]; because: 'numbers' | 'recent' }
  | { action: 'issue'; chargeIds: string[]; kinds: string[] }
  | { action: 'hand_over'; missing: string };

/** How far back "the customer's recent invoices" reach when no charge is left to invoice. */
export const RECENT_INVOICE_DAYS = 90;

function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

function list(labels: string[]): string {
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} und ${labels.at(-1)}`;
}

/** Decides what answers the request; `missing` is the clerks' note (German, internal). */
export function decideInvoiceRequest(facts: RequestFacts): RequestDecision {
  const mentioned = mentionedInvoiceNumbers(facts.text);
  const ownByKey = new Map(facts.invoices.map((inv) => [invoiceNumberKey(inv.number), inv]));
  const own = mentioned.flatMap(({ key }) => (ownByKey.has(key) ? [ownByKey.get(key)!] : []));
  // Words such as "Kundennummer K-100001" look like numbers too; only those that are invoices
  // anywhere, or look like this customer's series, count as asked-for invoice numbers.
  const prefixOf = (key: string) => key.split(' ')[0];
  const ownPrefixes = new Set(facts.invoices.map((inv) => prefixOf(invoiceNumberKey(inv.number))));
  if (facts.seriesPrefix) ownPrefixes.add(prefixOf(invoiceNumberKey(facts.seriesPrefix)));
  const foreign = new Set(facts.foreignNumberKeys);
  const unknown = mentioned.filter(
    ({ key }) => !ownByKey.has(key) && (foreign.has(key) || ownPrefixes.has(prefixOf(key))),
  );
  if (unknown.length > 0) {
    return {
      action: 'hand_over',
      missing: `${unknown.length === 1 ? 'Die genannte Rechnungsnummer' : 'Die genannten Rechnungsnummern'} ${list(unknown.map((n) => `„${n.written}“`))} ${unknown.length === 1 ? 'ist keine Rechnung' : 'sind keine Rechnungen'} dieses Kunden; nichts wurde verschickt.`,
    };
  }
  if (own.length > 0)
    return { action: 'send_invoices', invoiceIds: own.map((inv) => inv.id), because: 'numbers' };

  const kinds = namedKinds(facts.text);
  const ofKind = (code: string) => kinds.length === 0 || kinds.some((k) => k.matchesType(code));
  const charges = facts.uninvoicedCharges.filter((c) => ofKind(c.typeCode));
  if (charges.length > 0) {
    return { action: 'issue', chargeIds: charges.map((c) => c.id), kinds: kinds.map((k) => k.kind) };
  }
  if (kinds.length > 0) {
    const since = daysBefore(facts.today, RECENT_INVOICE_DAYS);
    const recent = facts.invoices.filter(
      (inv) =>
        inv.kind === 'invoice' &&
        inv.status === 'issued' &&
        inv.issueDate >= since &&
        inv.typeCodes.some((code) => ofKind(code)),
    );
    if (recent.length > 0) {
      return { action: 'send_invoices', invoiceIds: recent.map((inv) => inv.id), because: 'recent' };
    }
  }
  const kindText = kinds.length > 0 ? ` zu „${list(kinds.map((k) => k.label))}“` : '';
  return {
    action: 'hand_over',
    missing:
      kinds.length > 0
        ? `Keine unberechneten Posten${kindText} und keine Rechnung${kindText} der letzten ${RECENT_INVOICE_DAYS} Tage dieses Kunden gefunden.`
        : 'Keine unberechneten Posten dieses Kunden gefunden, und die Anfrage nennt weder eine Rechnungsnummer noch eine Art (z. B. Gebühr, Aufladung).',
  };
}
