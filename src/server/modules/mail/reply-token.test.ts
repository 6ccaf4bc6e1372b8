import { describe, expect, it } from 'vitest';
import { readReplyToken, replyAddress, replyToken } from './reply-token';

const SECRET = 'test-reply-token-secret-0123456789abcdef';
const CASE_ID = '01900000-0000-7000-8000-000000000001';

describe('reply tokens', () => {
  it('puts the token into the plus part of the mailbox address', () => {
    const address = replyAddress('service@printwerk.example', CASE_ID, SECRET);
    expect(address).toMatch(/^service\+[0-9a-f]{44}@printwerk\.example$/);
    expect(address).toContain('019000000000700080000000000000');
  });

  it('reads the case id back from a genuine token', () => {
    expect(readReplyToken(replyToken(CASE_ID, SECRET), SECRET)).toBe(CASE_ID);
  });

  it('accepts a token an MTA has uppercased', () => {
    expect(readReplyToken(replyToken(CASE_ID, SECRET).toUpperCase(), SECRET)).toBe(CASE_ID);
  });

  it('rejects a token whose signature was changed', () => {
    const token = replyToken(CASE_ID, SECRET);
    const forged = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    expect(readReplyToken(forged, SECRET)).toBeNull();
  });

  it('rejects a token aimed at another case with the old signature', () => {
    const token = replyToken(CASE_ID, SECRET);
    const otherCase = `${token.slice(0, 31)}2${token.slice(32)}`;
    expect(readReplyToken(otherCase, SECRET)).toBeNull();
  });

  it('rejects a token signed with another secret', () => {
    expect(readReplyToken(replyToken(CASE_ID, 'another-secret'), SECRET)).toBeNull();
  });

  it('rejects tokens of the wrong length or with non-hex characters', () => {
    const token = replyToken(CASE_ID, SECRET);
    expect(readReplyToken(token.slice(1), SECRET)).toBeNull();
    expect(readReplyToken(`${token}0`, SECRET)).toBeNull();
    expect(readReplyToken(`${token.slice(0, -1)}g`, SECRET)).toBeNull();
    expect(readReplyToken('', SECRET)).toBeNull();
  });

  it('gives every case its own token', () => {
    const other = '01900000-0000-7000-8000-000000000002';
    expect(replyToken(other, SECRET)).not.toBe(replyToken(CASE_ID, SECRET));
    expect(readReplyToken(replyToken(other, SECRET), SECRET)).toBe(other);
  });

  it('replaces a plus tag the mailbox address already has', () => {
    expect(replyAddress('service+intake@printwerk.example', CASE_ID, SECRET)).toBe(
      replyAddress('service@printwerk.example', CASE_ID, SECRET),
    );
  });

  it('refuses to build a token for something that is not a case id', () => {
    expect(() => replyToken('CD-2026-000123', SECRET)).toThrow(/not a case id/);
  });
});
