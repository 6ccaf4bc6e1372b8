// Whether a mail asks for an invoice, by the operator's keyword rules. A rule is a list of word
// groups that must all occur ("all of"), each group a list of alternatives ("one of"): e.g.
// [["Rechnung","Invoice"],["anfordern","benötige","fehlt","send"]]. Words are whole words,
// compared without case, with umlauts and their spelled-out forms equal (ä = ae, ß = ss), so
// "benoetige" in a mail from a keyboard without umlauts matches "benötige". An alternative may be
// several words ("top up"); it then matches those words in a row.

export type KeywordRule = { name: string; wordGroups: readonly (readonly string[])[]; active: boolean };

const SPELLED_OUT: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** A word as compared: lower case, umlauts spelled out, other accents dropped (é → e). */
export function normaliseWord(word: string): string {
  return word
    .normalize('NFC')
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => SPELLED_OUT[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** The text's words in order, normalised; anything but letters and digits separates words. */
export function wordsOf(text: string): string[] {
  return normaliseWord(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Whether the words hold the phrase (one or more words) as whole words in a row. */
export function containsPhrase(words: readonly string[], phrase: string): boolean {
  const wanted = wordsOf(phrase);
  if (wanted.length === 0) return false;
  for (let i = 0; i + wanted.length <= words.length; i++) {
    if (wanted.every((w, j) => words[i + j] === w)) return true;
  }
  return false;
}

/** Whether every word group of the rule has one of its alternatives in the words. */
export function ruleMatches(rule: Pick<KeywordRule, 'wordGroups'>, words: readonly string[]): boolean {
  if (rule.wordGroups.length === 0) return false;
  return rule.wordGroups.every((group) => group.some((alternative) => containsPhrase(words, alternative)));
}

/**
 * The first active rule (in the given order) that the text matches, or null. The text is the
 * mail's subject and what the sender wrote now, not the quoted history below it: an old
 * "Rechnung fehlt" quoted under a new complaint must not turn the complaint into a request.
 */
export function matchingRule<T extends KeywordRule>(rules: readonly T[], text: string): T | null {
  const words = wordsOf(text);
  return rules.find((rule) => rule.active && ruleMatches(rule, words)) ?? null;
}
