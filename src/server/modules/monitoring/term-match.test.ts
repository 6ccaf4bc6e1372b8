import { describe, expect, it } from 'vitest';
import { compileTerms, foldText, matchTerms } from './term-match';

const match = (text: string, ...terms: string[]) => matchTerms(text, compileTerms(terms));

describe('watch terms', () => {
  it('match whatever the case', () => {
    expect(match('Ärger mit PRINTWERK', 'Printwerk')).toEqual(['Printwerk']);
    expect(match('printwerk liefert nicht', 'Printwerk')).toEqual(['Printwerk']);
  });

  it('match an umlaut written out, and a written-out term the umlaut', () => {
    expect(match('Keine Praezision mehr', 'Präzision')).toEqual(['Präzision']);
    expect(match('Keine PRÄZISION mehr', 'Praezision')).toEqual(['Praezision']);
    expect(match('Die Strasse ist gesperrt', 'Straße')).toEqual(['Straße']);
    expect(match('Grüße von MUELLER', 'Müller')).toEqual(['Müller']);
  });

  it('match a decomposed umlaut (a plus combining diaeresis) like the composed one', () => {
    expect(match('Pra\u0308zision', 'Präzision')).toEqual(['Präzision']);
  });

  it('match whole words only', () => {
    expect(match('Printwerkstatt in Bremen', 'Printwerk')).toEqual([]);
    expect(match('Das Superprintwerk', 'Printwerk')).toEqual([]);
    expect(match('Printwerk-Drucker, kaputt', 'Printwerk')).toEqual(['Printwerk']);
    expect(match('(Printwerk)', 'Printwerk')).toEqual(['Printwerk']);
  });

  it('match a term of several words as those words in a row', () => {
    expect(match('Mein Printwerk-LX 500 druckt nicht', 'Printwerk LX 500')).toEqual(['Printwerk LX 500']);
    expect(match('Printwerk hat den LX 500', 'Printwerk LX 500')).toEqual([]);
  });

  it('report every term found once, in the order configured', () => {
    expect(match('DataVault und Printwerk, wieder Printwerk', 'Printwerk', 'Sommer', 'DataVault')).toEqual([
      'Printwerk',
      'DataVault',
    ]);
  });

  it('ignore terms without letters or digits and empty text', () => {
    expect(match('– – –', '–')).toEqual([]);
    expect(match('', 'Printwerk')).toEqual([]);
  });

  it('keep other accents apart', () => {
    expect(foldText('Café ÄÖÜ ß')).toBe('café aeoeue ss');
    expect(match('Cafe Sommer', 'Café')).toEqual([]);
  });
});
