import { describe, expect, it } from 'vitest';
import { renderTextModule, unknownPlaceholders } from './render';

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
