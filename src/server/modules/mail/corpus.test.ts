import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyNoise } from './noise';
import { MailParseError, parseMail } from './parse';
import { readReplyToken } from './reply-token';
import { threadKeys } from './thread-keys';

// The hand-written corpus in test/fixtures/mail: every expectation in manifest.json except `outcome`
// (that one belongs to the integration layer) is checked against the pure intake functions. A fixture
// without `problems: true` must parse without any problem listed, so false alarms fail too.
const FIXTURES = join(import.meta.dirname, '../../../../test/fixtures/mail');
const SECRET = 'test-reply-token-secret-0123456789abcdef';
const OWN = ['service@printwerk.example'];

type Expectation = {
  subject?: string;
  from?: string | null;
  messageId?: string | null;
  textIncludes?: string[];
  attachments?: { filename: string; kind: string }[];
  threadKeys?: { messageIds?: string[]; caseNumbers?: string[]; replyTokens?: number };
  autoReplyAllowed: boolean;
  noiseReasons?: string[];
  bounce?: { originalMessageId: string | null; failedRecipients: string[]; action: string } | null;
  problems?: true;
  outcome: 'new-case' | 'reply' | 'quiet' | 'bulk' | 'bounce' | 'ignored-loop' | 'needs-attention';
};
type Fixture = { file: string; about: string; expect: Expectation };

const manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as Fixture[];

describe('the mail corpus', () => {
  it('has at least 44 fixtures, one manifest entry per file', () => {
    expect(manifest.length).toBeGreaterThanOrEqual(44);
    expect(new Set(manifest.map((fixture) => fixture.file)).size).toBe(manifest.length);
  });

  it.each(manifest.filter((fixture) => fixture.expect.outcome === 'needs-attention'))(
    'refuses $file as not a mail ($about)',
    async ({ file }) => {
      await expect(parseMail(readFileSync(join(FIXTURES, file)))).rejects.toBeInstanceOf(MailParseError);
    },
  );

  it.each(manifest.filter((fixture) => fixture.expect.outcome !== 'needs-attention'))(
    'reads $file as expected ($about)',
    async ({ file, expect: expected }) => {
      const raw = readFileSync(join(FIXTURES, file));
      expect(raw.includes('\r\n'), 'written with CRLF line endings').toBe(true);
      const mail = await parseMail(raw);

      if (expected.subject !== undefined) expect(mail.subject).toBe(expected.subject);
      if (expected.from !== undefined) expect(mail.from?.address ?? null).toBe(expected.from);
      if (expected.messageId !== undefined) expect(mail.messageId).toBe(expected.messageId);
      for (const fragment of expected.textIncludes ?? []) expect(mail.text).toContain(fragment);
      if (expected.attachments !== undefined) {
        expect(mail.attachments.map(({ filename, kind }) => ({ filename, kind }))).toEqual(
          expected.attachments,
        );
      }

      if (expected.threadKeys !== undefined) {
        const keys = threadKeys(mail, { caseNumberPrefix: 'CD', mailboxAddresses: OWN });
        const wanted = expected.threadKeys;
        if (wanted.messageIds !== undefined) expect(keys.messageIds).toEqual(wanted.messageIds);
        if (wanted.caseNumbers !== undefined) expect(keys.caseNumbers).toEqual(wanted.caseNumbers);
        if (wanted.replyTokens !== undefined) {
          const genuine = keys.replyTokens.filter((token) => readReplyToken(token, SECRET) !== null);
          expect(genuine).toHaveLength(wanted.replyTokens);
        }
      }

      const noise = classifyNoise(mail, OWN);
      expect(noise.autoReplyAllowed).toBe(expected.autoReplyAllowed);
      if (expected.noiseReasons !== undefined) {
        expect([...noise.reasons].sort()).toEqual([...expected.noiseReasons].sort());
      }

      if (expected.bounce === null) expect(mail.bounce).toBeNull();
      if (expected.bounce) {
        expect(mail.bounce).toMatchObject({
          originalMessageId: expected.bounce.originalMessageId,
          failedRecipients: expected.bounce.failedRecipients,
          action: expected.bounce.action,
        });
      }

      if (expected.problems) expect(mail.problems).not.toEqual([]);
      else expect(mail.problems).toEqual([]);
    },
  );
});
