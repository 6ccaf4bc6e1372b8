import { describe, expect, it } from 'vitest';
import type { ParsedMail } from './parse';
import { replyAddress } from './reply-token';
import { caseNumbersIn, threadKeys } from './thread-keys';

const OPTIONS = { caseNumberPrefix: 'CD', mailboxAddresses: ['service@printwerk.example'] };

function mail(overrides: Partial<ParsedMail>): ParsedMail {
  return {
    messageId: 'new@baeckerei-sommer.example',
    inReplyTo: [],
    references: [],
    subject: '',
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
    returnPath: null,
    attachments: [],
    bounce: null,
    problems: [],
    ...overrides,
  };
}

describe('thread keys', () => {
  it('tries In-Reply-To first, then References from the newest entry back', () => {
    const keys = threadKeys(mail({ inReplyTo: ['c@x'], references: ['a@x', 'b@x', 'c@x'] }), OPTIONS);
    expect(keys.messageIds).toEqual(['c@x', 'b@x', 'a@x']);
  });

  it('never offers the mail its own Message-ID as a thread key', () => {
    const keys = threadKeys(mail({ messageId: 'self@x', references: ['a@x', 'self@x'] }), OPTIONS);
    expect(keys.messageIds).toEqual(['a@x']);
  });

  it.each([
    ['AW: [CD-2026-000123] Ihre Anfrage'],
    ['Re: CD-2026-000123'],
    ['WG: Fwd: Toner (CD-2026-000123)'],
    ['Fwd: Re:CD-2026-000123: Toner'],
    ['aw: [cd-2026-000123] lowercase'],
  ])('finds the case number in "%s"', (subject) => {
    expect(threadKeys(mail({ subject }), OPTIONS).caseNumbers).toEqual(['CD-2026-000123']);
  });

  it('ignores carrier tickets, foreign numbers and numbers glued into longer words', () => {
    expect(caseNumbersIn('[PB-4711-22] RMA-2026-000017 XCD-2026-000123 CD-2026-0001234567x', 'CD')).toEqual(
      [],
    );
  });

  it('finds our number after a foreign one and lists each number once', () => {
    expect(
      caseNumbersIn('RMA-2026-000017 / CD-2026-000789, see CD-2026-000789 and CD-2025-000001', 'CD'),
    ).toEqual(['CD-2026-000789', 'CD-2025-000001']);
  });

  it('uses the configured prefix', () => {
    expect(caseNumbersIn('Re: [PW-2026-000042] und CD-2026-000001', 'PW')).toEqual(['PW-2026-000042']);
  });

  it('collects plus tags on our mailbox from To, Cc and Delivered-To', () => {
    const keys = threadKeys(
      mail({
        to: [{ address: 'service+aaa@printwerk.example', name: '' }],
        cc: [{ address: 'service+bbb@printwerk.example', name: '' }],
        deliveredTo: ['service+ccc@printwerk.example', 'service+aaa@printwerk.example'],
      }),
      OPTIONS,
    );
    expect(keys.replyTokens).toEqual(['aaa', 'bbb', 'ccc']);
  });

  it('ignores plus tags on addresses that are not our mailboxes', () => {
    const keys = threadKeys(
      mail({
        to: [{ address: 'buero+rechnung@baeckerei-sommer.example', name: '' }],
        cc: [{ address: 'service+aaa@other.example', name: '' }],
      }),
      OPTIONS,
    );
    expect(keys.replyTokens).toEqual([]);
  });

  it('finds a token built by replyAddress even when the address was uppercased', () => {
    const address = replyAddress(
      'service@printwerk.example',
      '01900000-0000-7000-8000-000000000001',
      'secret',
    );
    const token = address.slice('service+'.length, address.indexOf('@'));
    const keys = threadKeys(mail({ to: [{ address: address.toUpperCase(), name: '' }] }), OPTIONS);
    expect(keys.replyTokens).toEqual([token]);
  });
});
