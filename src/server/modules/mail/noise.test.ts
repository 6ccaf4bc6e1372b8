import { describe, expect, it } from 'vitest';
import { classifyNoise, isBulkMail, isMachineMail } from './noise';
import type { ParsedMail } from './parse';

const OWN = ['service@printwerk.example'];

function mail(overrides: Partial<ParsedMail>): ParsedMail {
  return {
    messageId: 'm@baeckerei-sommer.example',
    inReplyTo: [],
    references: [],
    subject: 'Toner',
    from: { address: 'buero@baeckerei-sommer.example', name: 'Anna Sommer' },
    replyTo: null,
    sender: null,
    to: [{ address: 'service@printwerk.example', name: '' }],
    cc: [],
    deliveredTo: [],
    date: null,
    text: '',
    html: null,
    remoteImages: 0,
    replyText: '',
    quotedText: null,
    autoSubmitted: null,
    precedence: null,
    listId: null,
    listUnsubscribe: null,
    autoReplyHeaders: false,
    returnPath: 'buero@baeckerei-sommer.example',
    attachments: [],
    bounce: null,
    problems: [],
    ...overrides,
  };
}

describe('classifying noise', () => {
  it('allows an acknowledgement for an ordinary customer mail', () => {
    expect(classifyNoise(mail({}), OWN)).toEqual({ autoReplyAllowed: true, reasons: [] });
  });

  it('allows it when Auto-Submitted says no', () => {
    expect(classifyNoise(mail({ autoSubmitted: 'no' }), OWN).autoReplyAllowed).toBe(true);
  });

  it.each(['auto-replied', 'auto-generated', 'auto-notified'])(
    'never answers Auto-Submitted: %s',
    (value) => {
      expect(classifyNoise(mail({ autoSubmitted: value }), OWN).reasons).toEqual(['auto-submitted']);
    },
  );

  it('never answers a mail carrying X-Autoreply or X-Autorespond', () => {
    expect(classifyNoise(mail({ autoReplyHeaders: true }), OWN).reasons).toEqual(['auto-submitted']);
  });

  it.each([
    'Abwesenheitsnotiz: Toner',
    'Automatische Antwort: Toner',
    'Out of Office: Toner',
    'Automatic reply: x',
  ])('never answers an out-of-office subject "%s"', (subject) => {
    expect(classifyNoise(mail({ subject }), OWN).reasons).toEqual(['auto-submitted']);
  });

  it('answers a subject that only mentions absence', () => {
    expect(classifyNoise(mail({ subject: 'Abwesenheit unseres Technikers' }), OWN).autoReplyAllowed).toBe(
      true,
    );
  });

  it('treats a no-reply sender like Auto-Submitted', () => {
    const verdict = classifyNoise(mail({ from: { address: 'noreply@shop.example', name: '' } }), OWN);
    expect(verdict.reasons).toEqual(['auto-submitted']);
  });

  it.each(['bulk', 'list', 'junk'])('never answers Precedence: %s', (precedence) => {
    expect(classifyNoise(mail({ precedence }), OWN).reasons).toEqual(['precedence-bulk']);
  });

  it('never answers mailing-list mail, recognised by List-Id or List-Unsubscribe', () => {
    expect(classifyNoise(mail({ listId: 'partner-nord.lists.example' }), OWN).reasons).toEqual([
      'mailing-list',
    ]);
    expect(classifyNoise(mail({ listUnsubscribe: '<https://x.example/u>' }), OWN).reasons).toEqual([
      'mailing-list',
    ]);
  });

  it.each(['MAILER-DAEMON@mx.example', 'postmaster@nordwest-it.example'])('never answers %s', (address) => {
    const verdict = classifyNoise(mail({ from: { address: address.toLowerCase(), name: '' } }), OWN);
    expect(verdict.reasons).toEqual(['mailer-daemon']);
  });

  it('never answers our own address, whatever its case or plus tag', () => {
    for (const address of ['service@printwerk.example', 'service+0190abc@printwerk.example']) {
      expect(
        classifyNoise(mail({ from: { address, name: '' } }), ['Service@Printwerk.example']).reasons,
      ).toEqual(['own-address']);
    }
  });

  it('never answers a bounce', () => {
    const bounce = {
      originalMessageId: null,
      failedRecipients: [],
      undeliverable: [],
      action: 'failed',
      status: null,
      diagnostic: null,
    };
    expect(classifyNoise(mail({ bounce }), OWN).reasons).toEqual(['bounce']);
  });

  it('cannot answer a mail without From or Reply-To', () => {
    expect(classifyNoise(mail({ from: null }), OWN).reasons).toEqual(['no-sender']);
    const withReplyTo = mail({
      from: null,
      replyTo: { address: 'buero@baeckerei-sommer.example', name: '' },
    });
    expect(classifyNoise(withReplyTo, OWN).autoReplyAllowed).toBe(true);
  });

  it('never answers a mail with the null envelope sender <>', () => {
    expect(classifyNoise(mail({ returnPath: '' }), OWN).reasons).toEqual(['no-sender']);
  });

  it('lists every reason that applies', () => {
    const verdict = classifyNoise(
      mail({
        from: { address: 'mailer-daemon@mx.example', name: '' },
        autoSubmitted: 'auto-replied',
        returnPath: '',
      }),
      OWN,
    );
    expect(verdict.reasons.sort()).toEqual(['auto-submitted', 'mailer-daemon', 'no-sender']);
  });
});

describe('machine and bulk mail', () => {
  it('counts auto-replies and list mail as machine mail, a person’s mail not', () => {
    expect(isMachineMail(classifyNoise(mail({ autoSubmitted: 'auto-replied' }), OWN))).toBe(true);
    expect(isMachineMail(classifyNoise(mail({ subject: 'Abwesenheitsnotiz: Toner' }), OWN))).toBe(true);
    expect(isMachineMail(classifyNoise(mail({ listId: '<news.example>' }), OWN))).toBe(true);
    expect(isMachineMail(classifyNoise(mail({}), OWN))).toBe(false);
  });

  it('sends newsletters and list mail to the bulk queue, but not an out-of-office note', () => {
    expect(isBulkMail(classifyNoise(mail({ precedence: 'bulk' }), OWN))).toBe(true);
    expect(isBulkMail(classifyNoise(mail({ listUnsubscribe: '<mailto:x@news.example>' }), OWN))).toBe(true);
    expect(isBulkMail(classifyNoise(mail({ autoSubmitted: 'auto-replied' }), OWN))).toBe(false);
  });
});
