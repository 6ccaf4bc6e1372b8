import { describe, expect, it } from 'vitest';
import { germanDocumentTerms, germanQuery, normaliseGerman, stemGerman } from './german-text';

/** Whether a document with `text` matches `query`, decided the way the databases decide it. */
function matches(text: string, query: string): boolean {
  const terms = germanDocumentTerms(text);
  return (germanQuery(query) ?? []).every((group) =>
    group.some(({ term, prefix }) => terms.some((t) => (prefix ? t.startsWith(term) : t === term))),
  );
}

describe('normaliseGerman', () => {
  it('lower-cases, composes and spells ß as ss', () => {
    expect(normaliseGerman('HAUPTSTRASSE Hauptstraße Hauptstra\u0301ße STRAẞE')).toEqual([
      'hauptstrasse',
      'hauptstrasse',
      'hauptstrasse',
      'strasse',
    ]);
  });

  it('reads transcribed umlauts as umlauts, except ue after q', () => {
    expect(normaliseGerman('Mueller Müller Quelle Buero')).toEqual(['müller', 'müller', 'quelle', 'büro']);
  });

  it('drops other diacritics and everything that is not a letter or digit', () => {
    expect(normaliseGerman('Café »naïve« Señor, 3 × 4!')).toEqual(['cafe', 'naive', 'senor', '3', '4']);
  });

  it('keeps a hyphenated case number whole, as runs and as parts', () => {
    expect(normaliseGerman('Fall CD-2026-000123.')).toEqual([
      'fall',
      'cd2026000123',
      'cd2026',
      '2026000123',
      'cd',
      '2026',
      '000123',
    ]);
  });

  it('splits addresses and long paths into their parts without every run', () => {
    expect(normaliseGerman('max@firma.de')).toEqual([
      'maxfirmade',
      'maxfirma',
      'firmade',
      'max',
      'firma',
      'de',
    ]);
    expect(normaliseGerman('a/b/c/d/e')).toEqual(['abcde', 'a', 'b', 'c', 'd', 'e']);
  });

  it('drops tokens too long to be typed', () => {
    expect(normaliseGerman(`ok ${'x'.repeat(65)}`)).toEqual(['ok']);
  });
});

describe('stemGerman', () => {
  it('brings inflected forms to one stem', () => {
    expect(['drucker', 'druckers', 'druckern'].map(stemGerman)).toEqual(['druck', 'druck', 'druck']);
    expect(['lieferung', 'lieferungen'].map(stemGerman)).toEqual(['liefer', 'liefer']);
  });

  it('folds umlauts after stemming so spelled-out umlauts meet them', () => {
    const forms = normaliseGerman('Gerät Geräte Geraete').map(stemGerman);
    expect(forms).toEqual(['gerat', 'gerat', 'gerat']);
    expect(stemGerman('häuser')).toBe('haus');
  });

  it('leaves numbers alone', () => {
    expect(stemGerman('000123')).toBe('000123');
    expect(stemGerman('cd2026000123')).toBe('cd2026000123');
  });
});

describe('germanDocumentTerms', () => {
  it('leaves out stop words and mail boilerplate', () => {
    expect(
      germanDocumentTerms('Sehr geehrte Damen und Herren, der Drucker ist defekt. Mit freundlichen Grüßen'),
    ).toEqual(['dam', 'herr', 'druck', 'defekt']);
  });

  it('adds the likely heads of compounds', () => {
    expect(germanDocumentTerms('Hauptstraße')).toEqual(['hauptstrass', 'strass']);
    expect(germanDocumentTerms('Küchengerät')).toContain('gerat');
    expect(germanDocumentTerms('Druckerpatrone')).toContain('patron');
    expect(germanDocumentTerms('Rechnungsadresse')).toContain('adress');
  });

  it('adds heads only to capitalised words, which in German are the nouns', () => {
    expect(germanDocumentTerms('zugestellt')).toEqual(['zugestellt']);
    expect(germanDocumentTerms('hauptstraße')).toEqual(['hauptstrass']);
  });

  it('adds heads to the words of a joined token, not to the joined forms', () => {
    const terms = germanDocumentTerms('Nordwest-Systemhaus');
    expect(terms).toContain('nordwestsystemhaus');
    expect(terms).toContain('haus');
    expect(terms).not.toContain('westsystemhaus');
  });
});

describe('germanQuery', () => {
  it('returns null when nothing is searchable', () => {
    for (const query of ['', '   ', '!!! ?', 'im', 'in im']) expect(germanQuery(query)).toBeNull();
  });

  it('requires every word and takes the last one as a prefix', () => {
    expect(germanQuery('Drucker Toner')).toEqual([
      [{ term: 'druck', prefix: false }],
      [{ term: 'ton', prefix: true }],
    ]);
  });

  it('matches a last word shorter than three letters exactly', () => {
    expect(germanQuery('Drucker HP')).toEqual([
      [{ term: 'druck', prefix: false }],
      [{ term: 'hp', prefix: false }],
    ]);
  });

  it('ignores stop words except as the last word', () => {
    expect(germanQuery('der Drucker im')).toEqual([[{ term: 'druck', prefix: false }]]);
    expect(germanQuery('Drucker und')).toEqual([
      [{ term: 'druck', prefix: false }],
      [{ term: 'und', prefix: true }],
    ]);
  });

  it('keeps at most ten words', () => {
    const words = Array.from({ length: 12 }, (_, i) => `wort${i}`).join(' ');
    expect(germanQuery(words)).toHaveLength(10);
  });
});

describe('matching (as both databases do it)', () => {
  it('finds inflected forms', () => {
    expect(matches('Der Toner des Druckers ist leer', 'Drucker')).toBe(true);
    expect(matches('Probleme mit den Druckern', 'drucker')).toBe(true);
    expect(matches('Geräte defekt', 'Gerät')).toBe(true);
    expect(matches('Gerät defekt', 'Geraete')).toBe(true);
  });

  it('treats ß and ss alike and finds the head of a compound', () => {
    expect(matches('Lieferadresse: Hauptstraße 12', 'straße')).toBe(true);
    expect(matches('Lieferadresse: Hauptstraße 12', 'strasse')).toBe(true);
    expect(matches('Lieferadresse: Hauptstrasse 12', 'Hauptstraße')).toBe(true);
  });

  it('finds a case number whole, partly typed and by its tail', () => {
    const text = 'CD-2026-000123 Drucker defekt';
    expect(matches(text, 'CD-2026-000123')).toBe(true);
    expect(matches(text, 'cd-2026-0001')).toBe(true);
    expect(matches(text, '2026-000123')).toBe(true);
    expect(matches(text, '000123')).toBe(true);
    expect(matches(text, 'CD-2026-000124')).toBe(false);
  });

  it('requires every word', () => {
    expect(matches('Drucker defekt', 'Drucker Toner')).toBe(false);
    expect(matches('Drucker defekt, Toner leer', 'Drucker Toner')).toBe(true);
  });

  it('finds a word while its ending is still being typed', () => {
    for (const typed of ['Lief', 'Liefer', 'Lieferu', 'Lieferun', 'Lieferung']) {
      expect(matches('Die Lieferung kam nicht', typed), typed).toBe(true);
    }
  });
});
