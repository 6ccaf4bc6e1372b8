import { describe, expect, it } from 'vitest';
import { CASE_SUBJECT_MAX, caseSubjectOf } from './subject';

describe('caseSubjectOf', () => {
  it('keeps a subject that fits as it is, whitespace collapsed', () => {
    expect(caseSubjectOf('  Drucker\t druckt   Streifen ', 'E-Mail von x')).toEqual({
      subject: 'Drucker druckt Streifen',
      full: null,
    });
  });

  it('shortens a long subject at a word boundary with a marker and keeps the whole one', () => {
    const words = Array.from({ length: 80 }, (_, i) => `Wort${i}`).join(' ');
    const { subject, full } = caseSubjectOf(words, 'E-Mail von x');
    expect(subject.length).toBeLessThanOrEqual(CASE_SUBJECT_MAX);
    expect(subject.endsWith('…')).toBe(true);
    const kept = subject.slice(0, -1);
    // Every word before the marker is a whole word of the original.
    expect(words.startsWith(`${kept} `)).toBe(true);
    expect(full).toBe(words);
  });

  it('cuts a single overlong token where it must, but still marks it', () => {
    const token = `https://example.com/${'a'.repeat(400)}`;
    const { subject, full } = caseSubjectOf(`Link ${token}`, 'E-Mail von x');
    expect(subject).toHaveLength(CASE_SUBJECT_MAX);
    expect(subject.endsWith('…')).toBe(true);
    expect(full).toBe(`Link ${token}`);
  });

  it('never leaves half an emoji before the marker', () => {
    const subject = caseSubjectOf(`${'x'.repeat(298)}📦📦📦`, 'E-Mail von x').subject;
    expect(subject).toBe(`${'x'.repeat(298)}…`);
  });

  it('uses the fallback for a missing or too short subject', () => {
    expect(caseSubjectOf(' a ', 'E-Mail von petra@example.com')).toEqual({
      subject: 'E-Mail von petra@example.com',
      full: null,
    });
  });
});
