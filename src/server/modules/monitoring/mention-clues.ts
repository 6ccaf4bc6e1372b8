import { formatCaseNumber } from '../cases/case-number';
import { foldedWords } from './term-match';

// What in a public post can point at an existing customer: a case number, an e-mail address or
// the post's own web address (a customer blogging on its domain), the customer's name. Pure; the
// lookups of organisations and cases are in suggestions.ts.

/**
 * Case numbers in the text, normalised (`CD-2026-000063`). Also the short forms people type:
 * `CD-2026-63`, `cd 2026 63`, `CD-2026/000063`. Only with our prefix: a bare `2026-0042` is as
 * likely an invoice number.
 */
export function caseNumbersIn(text: string, prefix: string): string[] {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])${escaped}[-\\s]?(\\d{4})[-/\\s](\\d{1,9})(?![\\p{L}\\p{N}])`,
    'giu',
  );
  const found = new Set<string>();
  for (const match of text.matchAll(pattern)) {
    const sequence = Number(match[2]);
    if (sequence > 0) found.add(formatCaseNumber(prefix, Number(match[1]), sequence));
  }
  return [...found];
}

/** The domains of e-mail addresses in the text, lower case. */
export function emailDomainsIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/[\w.+-]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi))
    found.add(match[1]!.toLowerCase());
  return [...found];
}

/** The host of a link without `www.`; null for no link or a bad one. */
export function linkDomain(link: string | null): string | null {
  if (!link) return null;
  try {
    return new URL(link).hostname.toLowerCase().replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** A host and the domains it sits under (blog.example.de → example.de), for matching e-mail domains. */
export function domainAndParents(host: string): string[] {
  const parts = host.split('.');
  const out: string[] = [];
  for (let i = 0; i + 2 <= parts.length; i += 1) out.push(parts.slice(i).join('.'));
  return out;
}

const LEGAL_FORMS = new Set([
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'ohg',
  'gbr',
  'ug',
  'se',
  'ev',
  'ek',
  'eg',
  'co',
  'kgaa',
  'haftungsbeschraenkt',
  'ltd',
  'inc',
  'llc',
]);

/**
 * The part of an organisation's name people write about: its words without the legal form
 * ("Bäckerei Sommer GmbH & Co. KG" → "baeckerei sommer"). Null when too little is left to be
 * telling (under 5 letters), so "AB GmbH" never matches every "ab".
 */
export function tellingName(name: string): string | null {
  const words = foldedWords(name).filter((word) => !LEGAL_FORMS.has(word));
  const joined = words.join(' ');
  return joined.replace(/\s/g, '').length >= 5 ? joined : null;
}
