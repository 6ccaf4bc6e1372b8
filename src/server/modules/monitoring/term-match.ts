// Watch terms against feed text: whole words, case-insensitive and umlaut-aware, so "Printwerk"
// finds "PRINTWERK" and "Präzision" finds "Praezision" (and the other way round). German writers
// spell umlauts out where a keyboard or a system lacks them; a watch term must not miss that.

const FOLDS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/**
 * Text folded for comparison: lower case, composed (an "a" plus a combining diaeresis is "ä"),
 * ä/ö/ü/ß spelt out as ae/oe/ue/ss. Other accents are kept: "café" is not "cafe".
 */
export function foldText(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[äöüß]/g, (letter) => FOLDS[letter] ?? letter);
}

/** The words of a text, folded: runs of letters and digits; everything else separates. */
export function foldedWords(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** A compiled watch term: its words, folded. A term without letters or digits never matches. */
export type WatchTerm = { term: string; words: string[] };

export function compileTerms(terms: readonly string[]): WatchTerm[] {
  return terms.map((term) => ({ term, words: foldedWords(term) })).filter((t) => t.words.length > 0);
}

/**
 * The terms found in `text`, in the order given, each once. A term of several words
 * ("Printwerk LX 500") matches those words in a row, whatever separates them ("Printwerk-LX 500").
 */
export function matchTerms(text: string, terms: readonly WatchTerm[]): string[] {
  const words = foldedWords(text);
  if (words.length === 0) return [];
  return terms.filter((term) => containsRun(words, term.words)).map((term) => term.term);
}

function containsRun(words: readonly string[], run: readonly string[]): boolean {
  for (let start = 0; start + run.length <= words.length; start += 1) {
    let all = true;
    for (let i = 0; i < run.length; i += 1) {
      if (words[start + i] !== run[i]) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}
