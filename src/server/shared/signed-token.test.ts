import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from './signed-token';

const SECRET = 'a-secret-that-is-long-enough-for-tests-000';
const now = new Date('2026-11-24T10:00:00Z');
const inAnHour = new Date('2026-11-24T11:00:00Z');

describe('signed link tokens', () => {
  it('accepts its own token before expiry and returns the payload', () => {
    const token = signToken(SECRET, 'reset', { p: 'person-1' }, inAnHour);
    const result = verifyToken(SECRET, 'reset', token, now);
    expect(result).toEqual({ ok: true, payload: { p: 'person-1', exp: inAnHour.getTime() } });
  });

  it('rejects an expired token', () => {
    const token = signToken(SECRET, 'reset', { p: 'person-1' }, inAnHour);
    expect(verifyToken(SECRET, 'reset', token, new Date('2026-11-24T11:00:01Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('rejects a token whose payload was changed', () => {
    const token = signToken(SECRET, 'reset', { p: 'person-1' }, inAnHour);
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ p: 'person-2', exp: inAnHour.getTime() })).toString('base64url')}.${signature}`;
    expect(verifyToken(SECRET, 'reset', forged, now)).toMatchObject({ ok: false, reason: 'signature' });
  });

  it('rejects a token signed for another purpose or with another secret', () => {
    const token = signToken(SECRET, 'case-status', { c: 'case-1' }, inAnHour);
    expect(verifyToken(SECRET, 'reset', token, now)).toMatchObject({ ok: false, reason: 'signature' });
    expect(verifyToken(`${SECRET}x`, 'case-status', token, now)).toMatchObject({ ok: false });
  });

  it('rejects garbage', () => {
    expect(verifyToken(SECRET, 'reset', 'not-a-token', now)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyToken(SECRET, 'reset', 'a.b.c', now)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
