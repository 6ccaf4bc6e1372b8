import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring tokens for links in mails (password reset now; case status and surveys later).
 * The payload is readable, not secret; the HMAC (bound to a purpose) makes it unforgeable.
 */
export type SignedPayload = Record<string, string | number>;

export type VerifyResult<T> =
  | { ok: true; payload: T }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

function mac(secret: string, purpose: string, body: string): string {
  return createHmac('sha256', secret).update(`${purpose}.${body}`).digest('base64url');
}

export function signToken(secret: string, purpose: string, payload: SignedPayload, expiresAt: Date): string {
  const body = Buffer.from(JSON.stringify({ ...payload, exp: expiresAt.getTime() })).toString('base64url');
  return `${body}.${mac(secret, purpose, body)}`;
}

export function verifyToken<T extends SignedPayload>(
  secret: string,
  purpose: string,
  token: string,
  now: Date,
): VerifyResult<T & { exp: number }> {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(secret, purpose, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'signature' };
  let payload: T & { exp: number };
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof payload.exp !== 'number' || payload.exp <= now.getTime())
    return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}
