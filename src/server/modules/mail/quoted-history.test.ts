import { describe, expect, it } from 'vitest';
import { foldQuotedHistory } from './quoted-history';

describe('folding quoted history', () => {
  it('folds a trailing block of > quotes and the attribution above it', () => {
    const folded = foldQuotedHistory(
      'Montag passt.\n\nAm 12.03.2026 um 10:15 schrieb Max Muster <max@x.example>:\n> Passt Ihnen Montag?\n',
    );
    expect(folded.reply).toBe('Montag passt.');
    expect(folded.quoted).toBe(
      'Am 12.03.2026 um 10:15 schrieb Max Muster <max@x.example>:\n> Passt Ihnen Montag?',
    );
  });

  it('recognises a German attribution wrapped over two lines', () => {
    const folded = foldQuotedHistory(
      'Danke!\n\nAm 12.03.2026 um 10:15 schrieb Printwerk Service\n<service@printwerk.example>:\n> Der Toner ist unterwegs.',
    );
    expect(folded.reply).toBe('Danke!');
    expect(folded.quoted).toContain('Der Toner ist unterwegs.');
  });

  it('recognises an English attribution', () => {
    const folded = foldQuotedHistory(
      'We accept.\n\nOn Tue, Mar 3, 2026 at 10:15 AM Max <max@x.example> wrote:\n\n> New lead for you.',
    );
    expect(folded).toEqual({
      reply: 'We accept.',
      quoted: 'On Tue, Mar 3, 2026 at 10:15 AM Max <max@x.example> wrote:\n\n> New lead for you.',
    });
  });

  it.each(['-----Ursprüngliche Nachricht-----', '-----Original Message-----'])(
    'folds everything below "%s"',
    (separator) => {
      const folded = foldQuotedHistory(`Bitte stornieren.\n\n${separator}\nVon: x@y.example\nalte Mail`);
      expect(folded.reply).toBe('Bitte stornieren.');
      expect(folded.quoted?.startsWith(separator)).toBe(true);
    },
  );

  it('folds an Outlook header block with the underscore rule above it', () => {
    const folded = foldQuotedHistory(
      [
        'Der Toner ist angekommen.',
        '',
        '________________________________',
        'Von: Printwerk Service <service@printwerk.example>',
        'Gesendet: Montag, 2. März 2026 09:00',
        'An: buero@baeckerei-sommer.example',
        'Betreff: Toner',
        '',
        'alter Text',
      ].join('\n'),
    );
    expect(folded.reply).toBe('Der Toner ist angekommen.');
    expect(folded.quoted?.split('\n')[0]).toBe('________________________________');
  });

  it('folds an English Outlook block without a rule', () => {
    const folded = foldQuotedHistory(
      'Thanks.\n\nFrom: Max <max@x.example>\nSent: Monday, March 2, 2026 9:00 AM\nTo: Anna\nCc: Team\nSubject: Toner\n\nold',
    );
    expect(folded.reply).toBe('Thanks.');
    expect(folded.quoted).toMatch(/^From: Max/);
  });

  it('does not take a "From:" line in the middle of prose for an Outlook block', () => {
    const text = 'Bitte beachten:\nFrom: steht im Lieferschein falsch.\nDanke';
    expect(foldQuotedHistory(text)).toEqual({ reply: text, quoted: null });
  });

  it('folds the signature away together with the history', () => {
    const folded = foldQuotedHistory('Passt.\n\n-- \nAnna Sommer\nTel. 0441 555\n\n> alte Frage');
    expect(folded.reply).toBe('Passt.');
    expect(folded.quoted).toBe('-- \nAnna Sommer\nTel. 0441 555\n\n> alte Frage');
  });

  it('keeps interleaved answers whole', () => {
    const text =
      'On Tue, Mar 3, 2026 Max <max@x.example> wrote:\n> Frage 1?\nAntwort 1\n> Frage 2?\nAntwort 2';
    expect(foldQuotedHistory(text)).toEqual({ reply: text, quoted: null });
  });

  it('never folds the whole mail away', () => {
    const onlyQuote = '> nur ein Zitat\n> ohne Antwort';
    expect(foldQuotedHistory(onlyQuote)).toEqual({ reply: onlyQuote, quoted: null });
    const onlySignature = '-- \nAnna Sommer';
    expect(foldQuotedHistory(onlySignature)).toEqual({ reply: onlySignature, quoted: null });
  });

  it('does not take prose starting with "Am" for an attribution', () => {
    const text = 'Am Montag schrieb ich Ihnen bereits:\nder Drucker ist defekt.';
    expect(foldQuotedHistory(text)).toEqual({ reply: text, quoted: null });
  });

  it('leaves a mail without history alone', () => {
    expect(foldQuotedHistory('Nur eine neue Nachricht.')).toEqual({
      reply: 'Nur eine neue Nachricht.',
      quoted: null,
    });
  });

  it('handles CRLF line endings', () => {
    expect(foldQuotedHistory('Ja.\r\n\r\n> Passt es?\r\n').reply).toBe('Ja.');
  });
});
