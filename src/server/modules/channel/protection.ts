import {
  type DirectContactClearance,
  type ProtectionSource,
  REGISTRATION_CONFLICT_KINDS,
  type RegistrationConflictKind,
} from '../../../shared/channel';

// Who protects a customer from the operator's own sales, and what a deal registration collides
// with. Pure: the facts come from protection-queries.ts, the decisions are made here.
//
// A partner protects a customer while
// - it is the customer's *active* current reseller of record (inactive or suspended ones do not),
// - it holds a lead for the customer (offered or accepted),
// - it has an approved deal registration for the customer that has not run out.
// While anybody protects a customer, the operator may record calls and mails, but a direct offer
// only with a clearance: the protecting partner declined a lead of this customer, or consented.

export { PROTECTION_SOURCES, type ProtectionSource } from '../../../shared/channel';

export type PartnerRef = { id: string; name: string };

/** One reason a partner protects a customer right now. */
export type Protection = {
  source: ProtectionSource;
  partner: PartnerRef;
  /** The lead or deal registration that protects; null for the reseller of record. */
  subjectId: string | null;
  /** Product line of the lead or registration; null: all lines. */
  productLine: string | null;
  /** End of the protection (registration's protected_until, offered lead's window); null: open-ended. */
  until: string | null;
};

/** Stronger sources first: the reseller of record is named before a lead, a lead before a registration. */
const SOURCE_ORDER: Record<ProtectionSource, number> = { reseller_of_record: 0, lead: 1, registration: 2 };

export function sortProtections(protections: readonly Protection[]): Protection[] {
  return [...protections].sort(
    (a, b) =>
      SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] ||
      a.partner.name.localeCompare(b.partner.name) ||
      a.partner.id.localeCompare(b.partner.id),
  );
}

/** The partners behind the protections, strongest first, each once with what protects it. */
export function protectingPartners(
  protections: readonly Protection[],
): { partner: PartnerRef; sources: ProtectionSource[] }[] {
  const byPartner = new Map<string, { partner: PartnerRef; sources: ProtectionSource[] }>();
  for (const protection of sortProtections(protections)) {
    const entry = byPartner.get(protection.partner.id) ?? { partner: protection.partner, sources: [] };
    if (!entry.sources.includes(protection.source)) entry.sources.push(protection.source);
    byPartner.set(protection.partner.id, entry);
  }
  return [...byPartner.values()];
}

export type Clearance =
  | { kind: 'partner_declined' }
  | { kind: 'partner_consent'; note: string }
  | null
  | undefined;

export type DirectOfferDecision =
  /** Nobody protects the customer: the offer goes ahead, no clearance needed. */
  | { allowed: true; partner: null; sources: []; clearance: null }
  /** A partner protects it, and the clearance covers every protecting partner. */
  | {
      allowed: true;
      partner: PartnerRef;
      sources: ProtectionSource[];
      clearance: DirectContactClearance;
    }
  /** Refused: `blocked` without a clearance, `not_declined` when `partner` never declined a lead of this customer. */
  | { allowed: false; reason: 'blocked' | 'not_declined'; partner: PartnerRef; sources: ProtectionSource[] };

/**
 * May the operator record a direct offer? `declinedBy` are the partners that declined a lead of
 * this customer. A decline clears only the partner that declined: with two protecting partners,
 * both must have declined. A consent (with its note) is the operator's word that the partners
 * agreed, and clears the offer.
 */
export function decideDirectOffer(
  protections: readonly Protection[],
  clearance: Clearance,
  declinedBy: ReadonlySet<string>,
): DirectOfferDecision {
  const partners = protectingPartners(protections);
  const first = partners[0];
  if (!first) return { allowed: true, partner: null, sources: [], clearance: null };
  if (!clearance) {
    return { allowed: false, reason: 'blocked', partner: first.partner, sources: first.sources };
  }
  if (clearance.kind === 'partner_declined') {
    const notDeclined = partners.find((entry) => !declinedBy.has(entry.partner.id));
    if (notDeclined) {
      return {
        allowed: false,
        reason: 'not_declined',
        partner: notDeclined.partner,
        sources: notDeclined.sources,
      };
    }
  }
  return { allowed: true, partner: first.partner, sources: first.sources, clearance: clearance.kind };
}

const SOURCE_WORDS: Record<ProtectionSource, string> = {
  reseller_of_record: 'reseller of record',
  lead: 'holds a lead',
  registration: 'approved deal registration',
};

/** "Nordwest IT GmbH (reseller of record, holds a lead)": the English detail of a problem. */
export function describeProtection(partner: PartnerRef, sources: readonly ProtectionSource[]): string {
  return `${partner.name} (${sources.map((source) => SOURCE_WORDS[source]).join(', ')})`;
}

// ------------------------------------------------------------------ deal registration conflicts

export const CONFLICT_KINDS = REGISTRATION_CONFLICT_KINDS;
export type ConflictKind = RegistrationConflictKind;

/** As stored with the registration (JSON); the partner is shown less of it (see conflictsFor). */
export type Conflict = {
  kind: ConflictKind;
  partnerId?: string;
  partnerName?: string;
  /** The lead or registration that protects the other partner. */
  subjectId?: string;
  until?: string | null;
  /** existing_customer: the customer the prospect probably is. */
  customerId?: string;
  customerName?: string;
};

/**
 * What a registration of `partnerId` for a customer and product line collides with: another
 * partner's protection of that line (a held lead of the line or of no line, an approved
 * registration of the line) and an active reseller of record that is not the registering partner.
 * The registering partner's own protections are no conflict.
 */
export function registrationConflicts(
  partnerId: string,
  productLine: string,
  protections: readonly Protection[],
): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const protection of sortProtections(protections)) {
    if (protection.partner.id === partnerId) continue;
    if (protection.source !== 'reseller_of_record' && !sameLine(protection.productLine, productLine))
      continue;
    conflicts.push({
      kind: protection.source,
      partnerId: protection.partner.id,
      partnerName: protection.partner.name,
      ...(protection.subjectId ? { subjectId: protection.subjectId } : {}),
      until: protection.until,
    });
  }
  return conflicts;
}

/** A lead without a product line is about the whole customer: it collides with every line. */
function sameLine(protectionLine: string | null, productLine: string): boolean {
  return protectionLine === null || normaliseLine(protectionLine) === normaliseLine(productLine);
}

function normaliseLine(line: string): string {
  return line.trim().toLowerCase();
}

/**
 * What the registering partner is shown: the kind, and the customer only when it is the
 * partner's own to see; never another partner's name, id or lead.
 */
export function conflictsFor(conflicts: readonly Conflict[], operator: boolean): Conflict[] {
  if (operator) return conflicts.map((conflict) => ({ ...conflict }));
  return conflicts.map((conflict) => ({ kind: conflict.kind }));
}

// Legal forms and filler words that do not tell two firms apart: "Bäckerei Sommer GmbH" and
// "Baeckerei Sommer" are the same prospect.
const LEGAL_FORMS = new Set([
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'ohg',
  'gbr',
  'ug',
  'ek',
  'ev',
  'co',
  'und',
  'haftungsbeschraenkt',
  'inh',
  'ltd',
  'inc',
  'se',
]);

/** A firm's name for comparison: lower case, umlauts spelt out, no accents, punctuation or legal form. */
export function normaliseFirmName(name: string): string {
  const spelt = name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const words = spelt
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((word) => word !== '');
  // "e.K." and "e.V." become "e k" / "e v" once the dots are gone: join single letters first.
  const joined: string[] = [];
  for (const word of words) {
    const previous = joined.at(-1);
    if (word.length === 1 && previous !== undefined && previous.length === 1)
      joined[joined.length - 1] += word;
    else joined.push(word);
  }
  return joined.filter((word) => !LEGAL_FORMS.has(word)).join(' ');
}

/** Customers that are probably the prospect: the same postal code and the same normalised name. */
export function likelyCustomers<T extends { name: string; postalCode: string | null }>(
  prospect: { name: string; postalCode: string | null },
  customers: readonly T[],
): T[] {
  const name = normaliseFirmName(prospect.name);
  const postalCode = prospect.postalCode?.trim();
  if (!name || !postalCode) return [];
  return customers.filter(
    (customer) => customer.postalCode?.trim() === postalCode && normaliseFirmName(customer.name) === name,
  );
}
