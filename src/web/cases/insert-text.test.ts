import { describe, expect, it } from 'vitest';
import { insertIntoDraft } from './insert-text';

describe('insertIntoDraft', () => {
  it('makes the text the draft when the draft is empty', () => {
    expect(insertIntoDraft('  \n', 'Sehr geehrte Frau Sommer,', { start: 1, end: 1 })).toEqual({
      draft: 'Sehr geehrte Frau Sommer,',
      cursor: 25,
    });
  });

  it('appends as a paragraph of its own without a cursor', () => {
    expect(insertIntoDraft('Erster Absatz.\n', 'Zweiter.', null)).toEqual({
      draft: 'Erster Absatz.\n\nZweiter.',
      cursor: 24,
    });
  });

  it('inserts at the cursor between two paragraphs', () => {
    const draft = 'Oben.\n\nUnten.';
    expect(insertIntoDraft(draft, 'Mitte.', { start: 5, end: 5 }).draft).toBe('Oben.\n\nMitte.\n\nUnten.');
  });

  it('inserts at the start and keeps the rest below', () => {
    expect(insertIntoDraft('Rest.', 'Anfang.', { start: 0, end: 0 })).toEqual({
      draft: 'Anfang.\n\nRest.',
      cursor: 7,
    });
  });

  it('replaces a selection', () => {
    expect(insertIntoDraft('Hallo XXX, gut.', 'Welt', { start: 6, end: 9 }).draft).toBe(
      'Hallo\n\nWelt\n\n, gut.',
    );
  });

  it('clamps a cursor past the end to the end', () => {
    expect(insertIntoDraft('Text.', 'Mehr.', { start: 99, end: 99 }).draft).toBe('Text.\n\nMehr.');
  });
});
