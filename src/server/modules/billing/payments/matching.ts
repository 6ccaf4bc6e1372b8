// Which customer and invoices a payment settles: pure, so every rule is tested without a database.
// By reference first (invoice numbers in the remittance text, in the order written), then by
// amount and payer (exactly one open invoice with that amount whose customer the payer is known
// as). Anything else is left for the billing clerk's worklist.

import type { PaymentStatus } from '../../../../shared/payments';

export type MatchInvoice = {
  id: string;
  number: string;
  customerId: string;
  /** amount due − allocations so far; 0 when paid, never open when cancelled. */
  openCents: number;
  /** Sum of the allocations so far (what a return debit can reverse). */
  allocatedCents: number;
  cancelled: boolean;
};

export type MatchCustomer = { id: string; name: string };

export type MatchPayment = {
  amountCents: number;
  payerName: string | null;
  payerIban: string | null;
  reference: string | null;
  /** A manual payment names its customer; the match then stays within it. */
  customerId?: string | null;
};

export type MatchContext = {
  /** Invoices whose number appears in the reference, any status (findInvoiceNumberCandidates). */
  referenced: MatchInvoice[];
  /** Every open invoice (issued, not cancelled, open amount > 0). */
  open: MatchInvoice[];
  customers: ReadonlyMap<string, MatchCustomer>;
  /** IBAN → the customers earlier payments from it were matched to. */
  knownPayers: Map<string, Set<string>>;
};

export type Allocation = { invoiceId: string; amountCents: number };
export type MatchResult = {
  customerId: string | null;
  allocations: Allocation[];
  status: Exclude<PaymentStatus, 'ignored'>;
  /** How it was matched, for the audit entry. */
  rule: 'reference' | 'amount_and_payer' | 'none';
};

/** Upper case letters and digits only: how invoice numbers are compared with remittance text. */
export function compactReference(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

// A prefix of letters, then groups of digits with spaces, dashes, slashes or dots between them:
// "RE-2026-000042", "re 2026 000042", "RE2026/000042". Banks break long texts anywhere.
const NUMBER_LIKE = /[A-Z]{1,12}(?:[\s\-_./]{0,3}\d+)+/g;

/**
 * The compact forms an invoice number in the text could have, longest first per hit. The letters
 * before the digits may have run into a word ("ZahlungRE2026000042"), so every tail of them is a
 * candidate; the database says which are real numbers.
 */
export function findInvoiceNumberCandidates(reference: string | null): string[] {
  if (!reference) return [];
  const candidates: string[] = [];
  for (const hit of reference.toUpperCase().matchAll(NUMBER_LIKE)) {
    const compact = compactReference(hit[0]);
    const letters = /^[A-Z]*/.exec(compact)![0].length;
    for (let start = 0; start <= letters; start += 1) {
      const candidate = compact.slice(start);
      if (candidate.length >= 6 && !candidates.includes(candidate)) candidates.push(candidate);
    }
  }
  return candidates;
}

/** The referenced invoices in the order the text names them, each once. */
function inTextOrder(reference: string, invoices: MatchInvoice[]): MatchInvoice[] {
  const text = compactReference(reference);
  return invoices
    .map((invoice) => ({ invoice, at: text.indexOf(compactReference(invoice.number)) }))
    .filter((hit) => hit.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((hit) => hit.invoice)
    .filter((invoice, i, all) => all.findIndex((other) => other.id === invoice.id) === i);
}

const LEGAL_FORMS =
  /\b(gmbh|mbh|ag|kg|ohg|gbr|ug|haftungsbeschraenkt|ek|e\s?k|e\s?v|ev|co|kgaa|se|ltd|inc|llc|plc|bv|sarl)\b/g;

/** A name as compared: folded umlauts, no legal form, no punctuation. */
export function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(LEGAL_FORMS, ' ')
    .replace(/\s+/g, '');
}

/** The payer is the customer: a known IBAN, or the same name (bank texts are cut after 27 or 70 characters). */
export function payerIsCustomer(
  payment: MatchPayment,
  customer: MatchCustomer,
  context: MatchContext,
): boolean {
  if (payment.payerIban && context.knownPayers.get(payment.payerIban)?.has(customer.id)) return true;
  if (!payment.payerName) return false;
  const payer = nameKey(payment.payerName);
  const name = nameKey(customer.name);
  if (payer.length < 4 || name.length < 4) return payer !== '' && payer === name;
  return (
    payer === name ||
    (payer.length >= 8 && name.startsWith(payer)) ||
    (name.length >= 8 && payer.startsWith(name))
  );
}

function statusOf(amountCents: number, allocations: Allocation[], leftOpen: boolean): MatchResult['status'] {
  const allocated = allocations.reduce((sum, a) => sum + a.amountCents, 0);
  if (allocated === 0) return 'unmatched';
  return allocated === amountCents && !leftOpen ? 'matched' : 'partial';
}

/** Sets the amount against the invoices in order, each up to what is open on it. */
export function allocateInOrder(
  amountCents: number,
  invoices: MatchInvoice[],
): { allocations: Allocation[]; leftOpen: boolean } {
  const allocations: Allocation[] = [];
  let rest = amountCents;
  let leftOpen = false;
  for (const invoice of invoices) {
    if (rest <= 0) {
      leftOpen = true;
      break;
    }
    const take = Math.min(rest, invoice.openCents);
    if (take <= 0) continue;
    allocations.push({ invoiceId: invoice.id, amountCents: take });
    rest -= take;
    if (take < invoice.openCents) leftOpen = true;
  }
  return { allocations, leftOpen };
}

/** A return debit takes back what was allocated to the invoices it names, reopening them. */
function reverseInOrder(amountCents: number, invoices: MatchInvoice[]): Allocation[] {
  const allocations: Allocation[] = [];
  let rest = -amountCents;
  for (const invoice of invoices) {
    const take = Math.min(rest, invoice.allocatedCents);
    if (take <= 0) continue;
    allocations.push({ invoiceId: invoice.id, amountCents: -take });
    rest -= take;
    if (rest === 0) break;
  }
  return allocations;
}

export function matchPayment(payment: MatchPayment, context: MatchContext): MatchResult {
  const fixed = payment.customerId ?? null;
  const referenced = payment.reference
    ? inTextOrder(payment.reference, context.referenced).filter(
        (invoice) => fixed === null || invoice.customerId === fixed,
      )
    : [];

  if (referenced.length > 0) {
    // One payment settles one customer's invoices: the first named decides whose.
    const customerId = referenced[0]!.customerId;
    const own = referenced.filter((invoice) => invoice.customerId === customerId);
    if (payment.amountCents < 0) {
      const allocations = reverseInOrder(payment.amountCents, own);
      return {
        customerId,
        allocations,
        status: statusOf(payment.amountCents, allocations, false),
        rule: 'reference',
      };
    }
    const open = own.filter((invoice) => !invoice.cancelled && invoice.openCents > 0);
    const { allocations, leftOpen } = allocateInOrder(payment.amountCents, open);
    return {
      customerId,
      allocations,
      status: statusOf(payment.amountCents, allocations, leftOpen),
      rule: 'reference',
    };
  }

  if (payment.amountCents > 0) {
    const candidates = context.open.filter((invoice) => {
      if (invoice.cancelled || invoice.openCents !== payment.amountCents) return false;
      if (fixed !== null) return invoice.customerId === fixed;
      const customer = context.customers.get(invoice.customerId);
      return customer !== undefined && payerIsCustomer(payment, customer, context);
    });
    if (candidates.length === 1) {
      const invoice = candidates[0]!;
      return {
        customerId: invoice.customerId,
        allocations: [{ invoiceId: invoice.id, amountCents: payment.amountCents }],
        status: 'matched',
        rule: 'amount_and_payer',
      };
    }
  }
  return { customerId: fixed, allocations: [], status: 'unmatched', rule: 'none' };
}
