import { stemmer } from '@orama/stemmers/german';
import type { FullTextQuery, FullTextTerm } from '../../db/dialect';

// Text is turned into terms here, in JS, for both dialects: SQLite and PostgreSQL then only store
// and compare finished terms, so a query finds the same cases on either database.

/** Characters that join the parts of one token: CD-2026-000123, 0815/4711, max.muster@firma.de. */
const JOINERS = '\\-\u2010\u2011/._@';
// Marks continue a token (a letter with a combining accent); folding removes them.
const CHAIN = new RegExp(
  `[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}]*(?:[${JOINERS}][\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}]*)*`,
  'gu',
);
const JOINER = new RegExp(`[${JOINERS}]`, 'u');

/** Longer tokens are hashes, base64 or URLs: nobody types them, and they bloat the index. */
const MAX_TERM_LENGTH = 64;
/** Joined chains of more parts (paths, URLs) index only the whole and the parts. */
const MAX_CHAIN_PARTS_FOR_RUNS = 4;
/** A query with more words is cut: each word costs an index lookup. */
const MAX_QUERY_WORDS = 10;
/** A shorter last word is matched exactly, not as a prefix: "d*" would touch every case. */
const MIN_PREFIX_LENGTH = 3;

// Function words and mail boilerplate: they occur in nearly every case, so they neither narrow a
// search nor rank it, yet would be the biggest posting lists. Compared after normalisation
// (lower case, ß → ss, ae/oe/ue → ä/ö/ü), before stemming.
const STOP_WORDS = new Set(
  (
    'aber alle allem allen aller alles als also am an andere anderen auch auf aus bei beim bin bis ' +
    'bist bzw da damit dann das dass dem den denn der des dich die dies diese diesem diesen dieser ' +
    'dieses dir doch dort du durch ein eine einem einen einer eines er es etwas euch euer für hab ' +
    'habe haben hat hatte hatten hier ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in ins ist ja ' +
    'jede jedem jeden jeder jetzt kann man mein meine meinem meinen meiner mich mir mit muss nach ' +
    'noch nun nur ob oder ohne sehr sein seine sich sie sind so soll um und uns unser unter vom von ' +
    'vor war waren was weil wenn wer wie wir wird wo zu zum zur über ' +
    'hallo grüsse grüssen gruss freundlichen geehrte geehrter geehrten vielen ' +
    'the and or of to is are be for on with'
  )
    .split(' ')
    .map((word) => foldText(word)),
);

// German syllable onsets (after folding), used to guess where a compound's last element starts.
const ONSETS = new Set(
  (
    'b c d f g h j k l m n p q r s t v w x z bl br ch chr cl cr dr fl fr gl gn gr kl kn kr pf pfl ' +
    'pfr ph phr pl pr ps sch schl schm schn schr schw sk sl sm sn sp sph spl spr st str sz th thr tr ' +
    'ts tsch tw vl vr wr zw'
  ).split(' '),
);
/** A compound's head ("Straße" in "Hauptstraße") is indexed when it has at least this many letters… */
const MIN_COMPOUND_HEAD = 4;
/** …and what stands before it at least this many. */
const MIN_COMPOUND_MODIFIER = 3;

function isVowel(char: string | undefined): boolean {
  return char !== undefined && 'aeiouyäöü'.includes(char);
}

/** Lower case, NFC, ß → ss, ae/oe/ue → ä/ö/ü, other diacritics dropped (é → e). */
function foldText(text: string): string {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .replace(/ß/g, 'ss')
      // Snowball's "german2" reading: a transcribed umlaut is an umlaut (Mueller = Müller), except
      // "ue" after q (Quelle). Applied to documents and queries alike, so it cannot split a match.
      .replace(/ae/g, 'ä')
      .replace(/oe/g, 'ö')
      .replace(/(^|[^q])ue/g, '$1ü')
      .normalize('NFD')
      // Keep the diaeresis of ä/ö/ü (the stemmer needs it to find syllables); drop the rest.
      .replace(/([aou])\u0308|\p{M}/gu, (match, vowel: string | undefined) => (vowel ? match : ''))
      .normalize('NFC')
  );
}

type Chain = { parts: string[]; capitalised: boolean };

/**
 * The tokens of `text`, each as the list of its joined parts ("CD-2026-000123" → cd, 2026,
 * 000123), and whether it was written with a capital (in German: a noun, or a sentence start).
 */
function chainsOf(text: string): Chain[] {
  return Array.from(text.normalize('NFC').matchAll(CHAIN), ([chain]) => ({
    parts: foldText(chain).split(JOINER),
    capitalised: /^\p{Lu}/u.test(chain),
  }));
}

/**
 * The tokens of one chain: whole (without joiners), its contiguous runs (chains of up to four
 * parts) and its parts. `single` tells a plain word from the pieces of a joined token.
 */
function* tokensOfChain(parts: string[]): Generator<{ token: string; single: boolean }> {
  if (parts.length === 1) {
    yield { token: parts[0]!, single: true };
    return;
  }
  yield { token: parts.join(''), single: false };
  if (parts.length <= MAX_CHAIN_PARTS_FOR_RUNS) {
    for (let size = parts.length - 1; size >= 2; size--) {
      for (let start = 0; start + size <= parts.length; start++) {
        yield { token: parts.slice(start, start + size).join(''), single: false };
      }
    }
  }
  for (const part of parts) yield { token: part, single: true };
}

/**
 * Splits German text into normalised tokens: lower case, NFC, ß → ss, transcribed umlauts read as
 * umlauts (ae → ä), other diacritics dropped, letters and digits only. A token joined by `-` `/` `.`
 * `_` or `@` is returned whole (without the joiners), as its contiguous runs (for chains of up
 * to four parts) and as its parts, so "CD-2026-000123" yields cd2026000123, cd2026, 2026000123,
 * cd, 2026, 000123. Tokens longer than 64 characters are dropped. Not stemmed, stop words kept.
 */
export function normaliseGerman(text: string): string[] {
  const tokens: string[] = [];
  for (const { parts } of chainsOf(text)) {
    for (const { token } of tokensOfChain(parts)) {
      if (token.length <= MAX_TERM_LENGTH) tokens.push(token);
    }
  }
  return tokens;
}

/**
 * Stems one normalised token with Snowball's German stemmer and folds umlauts (ä → a), so
 * "Drucker", "Druckers" and "Druckern" become "druck" and "Gerät", "Geräte" and "Geraete" "gerat".
 * Expects a token from `normaliseGerman`.
 */
export function stemGerman(token: string): string {
  // The stemmer's postlude already folds ä/ö/ü on what it stems; tokens it leaves alone keep them.
  return foldUmlauts(stemmer(token));
}

function foldUmlauts(word: string): string {
  return word.replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u');
}

/** Whether a compound's head could start at `index`: a syllable starts there. */
function startsSyllable(word: string, index: number): boolean {
  const previous = word[index - 1];
  // A vowel-initial head ("Adresse", "Akku") is told from an inner syllable ("Kar-tu-sche")
  // only by the consonant cluster before it, as in "Rechnungs|adresse" or "Ersatz|akku".
  if (isVowel(word[index])) return !isVowel(previous) && !isVowel(word[index - 2]);
  let end = index;
  while (end < word.length && !isVowel(word[end])) end++;
  const onset = word.slice(index, end);
  // Maximal onset: if the consonant before could open the syllable too ("s|tr"), it starts earlier.
  return ONSETS.has(onset) && (isVowel(previous) || !ONSETS.has(`${previous}${onset}`));
}

/** The possible heads of a stemmed compound: "hauptstrass" → "strass", "kuchengerat" → "gerat" … */
function compoundHeads(stem: string): string[] {
  if (stem.length < MIN_COMPOUND_MODIFIER + MIN_COMPOUND_HEAD || !/^[a-z]+$/.test(stem)) return [];
  const heads: string[] = [];
  for (let index = MIN_COMPOUND_MODIFIER; index <= stem.length - MIN_COMPOUND_HEAD; index++) {
    if (startsSyllable(stem, index)) heads.push(stem.slice(index));
  }
  return heads;
}

/**
 * The terms to index for a document, in order: each token from `normaliseGerman` minus stop
 * words, stemmed; a long word also adds the heads it may end in, so a search for "Straße"
 * finds "Hauptstraße" and "Gerät" finds "Küchengerät". German has no spaces in compounds and we
 * ship no dictionary, so heads are guessed at syllable starts: "Hauptstraße" adds "strass",
 * "Druckerpatrone" adds "kerpatron", "patron" and "tron". The odd extra term costs index space
 * but seldom a wrong match, because a query word must equal a whole term.
 */
export function germanDocumentTerms(text: string): string[] {
  const terms: string[] = [];
  for (const { parts, capitalised } of chainsOf(text)) {
    for (const { token, single } of tokensOfChain(parts)) {
      if (token.length > MAX_TERM_LENGTH || STOP_WORDS.has(token)) continue;
      const stem = stemGerman(token);
      terms.push(stem);
      // Heads only of nouns (capitalised: verbs and participles such as "zugestellt" would add
      // junk) and only of words: the joined forms of "max.muster@firma.de" would add dozens.
      if (!single || !capitalised) continue;
      for (const head of compoundHeads(stem)) {
        if (!STOP_WORDS.has(head)) terms.push(head);
      }
    }
  }
  return terms;
}

/** What the user is still typing: the last word as a prefix, with a fallback for half-typed endings. */
function prefixGroup(word: string): FullTextTerm[] {
  const stem = stemGerman(word);
  if (stem.length < MIN_PREFIX_LENGTH) return [{ term: stem, prefix: false }];
  const group: FullTextTerm[] = [{ term: stem, prefix: true }];
  // A half-typed ending is no ending the stemmer knows: "Lieferu" stems to itself, yet
  // "Lieferung" is indexed as "liefer". When the stemmer removed nothing, the word shortened by
  // up to three letters is tried as whole terms too, which bridges the gap until the ending is
  // typed out. Each try is one more index lookup, and only for the last word.
  const folded = foldUmlauts(word);
  if (stem === folded && /^[a-z]+$/.test(folded)) {
    for (let cut = 1; cut <= 3 && folded.length - cut > MIN_PREFIX_LENGTH; cut++) {
      group.push({ term: folded.slice(0, -cut), prefix: false });
    }
  }
  return group;
}

/**
 * Turns what a user typed into a full-text query: every word must match (AND); the last word
 * also matches as a prefix (search as you type), unless it is shorter than three letters. A
 * joined token ("CD-2026-000123") is one word and matches as a whole. Stop words are ignored
 * except as the last word; at most ten words count.
 *
 * Returns null when nothing searchable is left (empty, punctuation only, only short stop words):
 * the caller decides what that means, usually "no search filter".
 */
export function germanQuery(query: string): FullTextQuery | null {
  const words = [
    ...new Set(
      chainsOf(query)
        .map(({ parts }) => parts.join(''))
        .filter((word) => word.length <= MAX_TERM_LENGTH),
    ),
  ];
  const last = words.pop();
  const groups: FullTextTerm[][] = words
    .filter((word) => !STOP_WORDS.has(word))
    .map((word) => [{ term: stemGerman(word), prefix: false }]);
  if (last !== undefined && !(STOP_WORDS.has(last) && last.length < MIN_PREFIX_LENGTH)) {
    groups.push(prefixGroup(last));
  }
  return groups.length > 0 ? groups.slice(-MAX_QUERY_WORDS) : null;
}
