// The leak guard's rules, pure: does a reply meant for the customer carry text it must not?
// Three kinds of things must not reach a customer: the words of an internal note of the same case,
// the customer's payment or block state and amounts owed (billing's facts), and the name or number
// of another customer (or the number of another customer's case). The caller gathers the items
// (leak-check.ts); this file only compares, so every rule is unit-tested.
//
// Text is compared folded: lower case, composed, umlauts spelt out (ä = ae, ß = ss), words as runs
// of letters and digits, so "PRÄZISION", "Praezision" and "präzision" are one word and line breaks
// or extra spaces in a copy do not hide it.

export type LeakKind = 'internal_note' | 'billing_state' | 'other_customer';

/**
 * One thing found: its kind, the text of the reply that matched (the writer's own words, so
 * showing it reveals nothing), and where it comes from (a note id, `billing`, a customer number),
 * which only the operator is told.
 */
export type LeakFinding = { kind: LeakKind; text: string; source: string };

export type LeakItems = {
  /** Internal notes of the case. */
  notes: readonly { id: string; text: string }[];
  /** Texts the customer has seen anyway (the case's public messages): quoting them is no leak. */
  publicTexts: readonly string[];
  /** Billing's facts: block words and amounts as written ("gesperrt", "129,00 €", "€129.00"). */
  billingFacts: readonly string[];
  /** Other customers of the operator (never the case's own customer). */
  otherCustomers: readonly { number: string; name: string }[];
  /** Case numbers named in the reply that belong to another customer, with that customer's number. */
  otherCaseNumbers: readonly { number: string; customerNumber: string }[];
  /** The case's own customer: its name is never a finding, even when another customer shares it. */
  ownCustomerName: string;
};

/** A run of this many words copied from a note is a leak, whatever the words are. */
export const NOTE_RUN_WORDS = 6;
/** A whole sentence of a note this long (folded) is a leak even when it has fewer words. */
export const NOTE_SENTENCE_CHARS = 30;

const FOLDS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

export function fold(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[äöüß]/g, (letter) => FOLDS[letter] ?? letter);
}

type Word = { folded: string; start: number; end: number };

/** The words of a text, folded, with their place in the original so a finding quotes the writer. */
function words(text: string): Word[] {
  const result: Word[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const start = match.index ?? 0;
    result.push({ folded: fold(match[0]), start, end: start + match[0].length });
  }
  return result;
}

/** The folded words of a text, as the guard compares them. */
export function foldedWords(text: string): string[] {
  return words(text).map((w) => w.folded);
}

/** Where `run` occurs in `list` as consecutive words; -1 when nowhere. */
function indexOfRun(list: readonly string[], run: readonly string[], from = 0): number {
  if (run.length === 0) return -1;
  outer: for (let start = from; start + run.length <= list.length; start += 1) {
    for (let i = 0; i < run.length; i += 1) if (list[start + i] !== run[i]) continue outer;
    return start;
  }
  return -1;
}

function shingles(list: readonly string[], size: number): Set<string> {
  const result = new Set<string>();
  for (let i = 0; i + size <= list.length; i += 1) result.add(list.slice(i, i + size).join(' '));
  return result;
}

function slice(text: string, ws: readonly Word[], from: number, to: number): string {
  return text.slice(ws[from]?.start ?? 0, ws[to]?.end ?? text.length).replace(/\s+/g, ' ');
}

/** Sentences of a note: split at sentence ends and line breaks. */
function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.trim() !== '');
}

function findNoteCopies(reply: string, ws: readonly Word[], items: LeakItems): LeakFinding[] {
  const replyWords = ws.map((w) => w.folded);
  const publicRuns = new Set<string>();
  for (const text of items.publicTexts)
    for (const run of shingles(foldedWords(text), NOTE_RUN_WORDS)) publicRuns.add(run);
  const findings: LeakFinding[] = [];
  for (const note of items.notes) {
    const noteWords = foldedWords(note.text);
    // Runs the customer wrote or was sent anyway (the note quotes the customer) are not secret.
    const secret = [...shingles(noteWords, NOTE_RUN_WORDS)].filter((run) => !publicRuns.has(run));
    const secretRuns = new Set(secret);
    const covered = new Array<boolean>(replyWords.length).fill(false);
    for (let i = 0; i + NOTE_RUN_WORDS <= replyWords.length; i += 1) {
      if (!secretRuns.has(replyWords.slice(i, i + NOTE_RUN_WORDS).join(' '))) continue;
      for (let k = i; k < i + NOTE_RUN_WORDS; k += 1) covered[k] = true;
    }
    for (const sentence of sentences(note.text)) {
      const run = foldedWords(sentence);
      if (run.join(' ').length < NOTE_SENTENCE_CHARS) continue;
      if (items.publicTexts.some((t) => indexOfRun(foldedWords(t), run) >= 0)) continue;
      for (let at = indexOfRun(replyWords, run); at >= 0; at = indexOfRun(replyWords, run, at + 1))
        for (let k = at; k < at + run.length; k += 1) covered[k] = true;
    }
    // Each stretch of copied words is one finding, quoted as the reply has it.
    for (let i = 0; i < covered.length; i += 1) {
      if (!covered[i]) continue;
      let j = i;
      while (j + 1 < covered.length && covered[j + 1]) j += 1;
      findings.push({ kind: 'internal_note', text: slice(reply, ws, i, j), source: note.id });
      i = j;
    }
  }
  return findings;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Billing facts as whole tokens. An amount is found with or without its currency ("129,00 €",
 * "129,00 EUR", "129,00"), but only with the separators it was written with, so "129" or the
 * date "12.9." are not amounts owed.
 */
function findBillingFacts(reply: string, ws: readonly Word[], facts: readonly string[]): LeakFinding[] {
  const replyWords = ws.map((w) => w.folded);
  const findings: LeakFinding[] = [];
  for (const fact of facts) {
    const number = /\d[\d.,]*\d|\d/.exec(fact)?.[0];
    if (number) {
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}.,])${escapeRegExp(number)}(?![\\p{N}]|[.,]\\p{N})`, 'gu');
      for (const match of reply.matchAll(pattern))
        findings.push({ kind: 'billing_state', text: match[0], source: 'billing' });
      continue;
    }
    const run = foldedWords(fact);
    for (let at = indexOfRun(replyWords, run); at >= 0; at = indexOfRun(replyWords, run, at + 1))
      findings.push({
        kind: 'billing_state',
        text: slice(reply, ws, at, at + run.length - 1),
        source: 'billing',
      });
  }
  return findings;
}

// Legal forms say nothing about who a customer is: "Müller GmbH" is named by "Müller".
const LEGAL_FORMS = new Set(
  'gmbh mbh ag kg ohg ug gbr ek e k eg ev v se co kgaa haftungsbeschraenkt ltd inc llc plc sarl bv nv und and'.split(
    ' ',
  ),
);

// A one-word name is matched only when it is distinctive: at least this long and not an everyday
// word a reply uses anyway ("Service", "Technik"). A name of two or more words is distinctive as a
// whole ("Bäckerei Sommer"), since its words rarely stand together by chance.
export const SINGLE_NAME_MIN_LETTERS = 6;
const COMMON_WORDS = new Set(
  [
    'service services technik handel computer computers system systeme systems partner kunden kunde',
    'digital software netzwerk network consulting beratung solutions lösungen elektro elektronik',
    'medien office büro praxis kanzlei bäckerei apotheke autohaus druckerei gruppe holding',
    'international deutschland germany online support drucker printer internet telefon mobile',
    'sommer winter frühling herbst schmidt müller schneider fischer weber meyer wagner becker',
    'schulz hoffmann rechnung vertrag leistung anschluss störung termin techniker zentrale',
  ]
    .join(' ')
    .split(' ')
    .map(fold),
);

/** The words by which a customer's name is recognised, or null when the name is too common. */
export function distinctiveName(name: string): string[] | null {
  const core = foldedWords(name).filter((w) => !LEGAL_FORMS.has(w));
  if (core.length >= 2) return core;
  const [only] = core;
  if (!only || only.length < SINGLE_NAME_MIN_LETTERS || /^\d+$/.test(only) || COMMON_WORDS.has(only))
    return null;
  return core;
}

function findOtherCustomers(reply: string, ws: readonly Word[], items: LeakItems): LeakFinding[] {
  const replyWords = ws.map((w) => w.folded);
  const own = foldedWords(items.ownCustomerName).join(' ');
  const findings: LeakFinding[] = [];
  const add = (run: string[], source: string) => {
    for (let at = indexOfRun(replyWords, run); at >= 0; at = indexOfRun(replyWords, run, at + 1))
      findings.push({ kind: 'other_customer', text: slice(reply, ws, at, at + run.length - 1), source });
  };
  for (const customer of items.otherCustomers) {
    add(foldedWords(customer.number), customer.number);
    const name = distinctiveName(customer.name);
    // A run of words that is part of the own customer's name is the own customer ("Sommer Bau"
    // as another customer must not refuse a reply to "Sommer Bau Nord").
    if (name && !` ${own} `.includes(` ${name.join(' ')} `)) add(name, customer.number);
  }
  for (const kase of items.otherCaseNumbers) add(foldedWords(kase.number), kase.customerNumber);
  return findings;
}

/** Everything in `reply` that must not reach the customer; empty when the reply may go. */
export function findLeaks(reply: string, items: LeakItems): LeakFinding[] {
  const ws = words(reply);
  const all = [
    ...findNoteCopies(reply, ws, items),
    ...findBillingFacts(reply, ws, items.billingFacts),
    ...findOtherCustomers(reply, ws, items),
  ];
  const seen = new Set<string>();
  return all.filter((f) => {
    const key = `${f.kind}\u0000${fold(f.text)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const CASE_NUMBER_IN_TEXT = /\b[A-Za-z]{1,10}-\d{4}-\d{6,}\b/g;

/** Case numbers a reply names, upper case, to be looked up. */
export function caseNumbersIn(text: string): string[] {
  return [...new Set([...text.matchAll(CASE_NUMBER_IN_TEXT)].map((m) => m[0].toUpperCase()))];
}
