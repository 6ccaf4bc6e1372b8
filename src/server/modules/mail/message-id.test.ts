import { describe, expect, it } from 'vitest';
import { GENERATED_MESSAGE_ID_DOMAIN, generatedMessageId, messageIdOf } from './message-id';
import { parseMail } from './parse';

const lines = (subject: string, body: string, extra: string[] = []) =>
  Buffer.from(
    [
      'From: Kopierer <kopierer@praxis-nord.example>',
      'To: service@printwerk.example',
      `Subject: ${subject}`,
      'Date: Tue, 24 Nov 2026 09:00:00 +0100',
      ...extra,
      '',
      body,
      '',
    ].join('\r\n'),
  );

describe('generatedMessageId', () => {
  it('is the same for the same mail and different for a different one', async () => {
    const first = await parseMail(lines('Zählerstand', 'Stand: 12345'));
    const again = await parseMail(lines('Zählerstand', 'Stand: 12345'));
    const other = await parseMail(lines('Zählerstand', 'Stand: 12346'));
    expect(first.messageId).toBeNull();
    expect(generatedMessageId(first)).toBe(generatedMessageId(again));
    expect(generatedMessageId(first)).not.toBe(generatedMessageId(other));
    expect(generatedMessageId(first)).toMatch(new RegExp(`^[0-9a-f]{40}@${GENERATED_MESSAGE_ID_DOMAIN}$`));
  });

  it('is only used when the mail has no Message-ID of its own', async () => {
    const own = await parseMail(
      lines('Zählerstand', 'Stand: 1', ['Message-ID: <own-1@praxis-nord.example>']),
    );
    expect(messageIdOf(own)).toBe('own-1@praxis-nord.example');
  });
});
