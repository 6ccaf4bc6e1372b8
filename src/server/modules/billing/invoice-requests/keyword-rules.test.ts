import { describe, expect, it } from 'vitest';
import { type KeywordRule, matchingRule, normaliseWord, wordsOf } from './keyword-rules';

const EXAMPLE: KeywordRule = {
  name: 'Rechnung anfordern',
  wordGroups: [
    ['Rechnung', 'Rechnungen', 'Invoice'],
    ['anfordern', 'benötige', 'benötigen', 'fehlt', 'senden', 'schicken', 'send', 'need'],
  ],
  active: true,
};

describe('invoice request keyword rules', () => {
  it('recognises the S2 mail "Bitte senden Sie mir eine Rechnung für die Gebühr"', () => {
    expect(matchingRule([EXAMPLE], 'Gebühr\nBitte senden Sie mir eine Rechnung für die Gebühr')).toBe(
      EXAMPLE,
    );
  });

  it('needs a word of every group', () => {
    expect(matchingRule([EXAMPLE], 'Die Rechnung ist angekommen, danke')).toBeNull();
    expect(matchingRule([EXAMPLE], 'Bitte senden Sie mir den Toner')).toBeNull();
  });

  it('ignores case and takes spelled-out umlauts for umlauts, both ways', () => {
    expect(matchingRule([EXAMPLE], 'ICH BENOETIGE EINE RECHNUNG')).toBe(EXAMPLE);
    const spelledOut = { ...EXAMPLE, wordGroups: [['Rechnung'], ['benoetigen']] };
    expect(matchingRule([spelledOut], 'Wir benötigen die Rechnung')).toBe(spelledOut);
    expect(normaliseWord('Gebühr')).toBe('gebuehr');
    expect(normaliseWord('Straße')).toBe('strasse');
    expect(normaliseWord('Café')).toBe('cafe');
  });

  it('matches whole words only', () => {
    // "Rechnungsadresse" is not "Rechnung", "sendeten" is not "senden".
    expect(matchingRule([EXAMPLE], 'Die Rechnungsadresse hat sich geändert, wir sendeten sie')).toBeNull();
    expect(matchingRule([EXAMPLE], 'Invoices? We need one.')).toBeNull();
    expect(matchingRule([EXAMPLE], 'We need the invoice, please.')).toBe(EXAMPLE);
  });

  it('takes punctuation and line breaks as word boundaries', () => {
    expect(matchingRule([EXAMPLE], 'Rechnung:fehlt!')).toBe(EXAMPLE);
    expect(wordsOf('Re: Rechnung RE-2026-000042 fehlt.')).toEqual([
      're',
      'rechnung',
      're',
      '2026',
      '000042',
      'fehlt',
    ]);
  });

  it('matches an alternative of several words as words in a row', () => {
    const topUp = { name: 'Top-up', wordGroups: [['invoice'], ['top up']], active: true };
    expect(matchingRule([topUp], 'Invoice for the top-up please')).toBe(topUp);
    expect(matchingRule([topUp], 'Invoice: top it up')).toBeNull();
  });

  it('skips inactive rules and takes the first matching rule in order', () => {
    const inactive = { ...EXAMPLE, name: 'aus', active: false };
    const second = { ...EXAMPLE, name: 'zweite' };
    expect(matchingRule([inactive, second], 'Rechnung fehlt')).toBe(second);
    expect(matchingRule([inactive], 'Rechnung fehlt')).toBeNull();
  });

  it('never matches a rule without word groups', () => {
    expect(matchingRule([{ name: 'leer', wordGroups: [], active: true }], 'Rechnung fehlt')).toBeNull();
  });
});
