import { describe, expect, it } from 'vitest';
import { renderTextModule, unknownPlaceholders, withoutSignOff } from './render';

describe('text module placeholders', () => {
  it('fills the case’s values', () => {
    const { text, missing } = renderTextModule(
      'Sehr geehrte/r {{contact.name}}, zu Ihrem Fall {{ case.number }} …',
      {
        'contact.name': 'Frau Sommer',
        'case.number': 'CD-2026-000123',
      },
    );
    expect(text).toBe('Sehr geehrte/r Frau Sommer, zu Ihrem Fall CD-2026-000123 …');
    expect(missing).toEqual([]);
  });

  it('leaves a placeholder without value visible and reports it', () => {
    const { text, missing } = renderTextModule('Hallo {{contact.name}}', { 'contact.name': null });
    expect(text).toBe('Hallo {{contact.name}}');
    expect(missing).toEqual(['contact.name']);
  });

  it('finds placeholders we do not know, such as typos', () => {
    expect(unknownPlaceholders('Hallo {{kunde.name}} und {{customer.name}}')).toEqual(['kunde.name']);
  });
});

describe('withoutSignOff', () => {
  it('drops the closing with the name and case line, as the mail signs once below', () => {
    expect(
      withoutSignOff(
        'Guten Tag Frau Sommer,\n\nIhr Paket liegt bereit.\n\nMit freundlichen Grüßen\nAnna Agent\nFall CD-2026-000001',
      ),
    ).toBe('Guten Tag Frau Sommer,\n\nIhr Paket liegt bereit.');
    expect(withoutSignOff('Hello,\n\nyour parcel is waiting.\n\nKind regards\nEmma')).toBe(
      'Hello,\n\nyour parcel is waiting.',
    );
  });

  it('keeps a text without a closing, and a closing word inside the text', () => {
    expect(withoutSignOff('Guten Tag,\n\nbitte rufen Sie uns an.')).toBe(
      'Guten Tag,\n\nbitte rufen Sie uns an.',
    );
    expect(withoutSignOff('Grüße\n\nMit freundlichen Grüßen\n\nwerden wir nie enden.')).toBe(
      'Grüße\n\nMit freundlichen Grüßen\n\nwerden wir nie enden.',
    );
  });
});
