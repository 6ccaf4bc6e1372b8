import { createHmac, timingSafeEqual } from 'node:crypto';

// A reply token travels in the local part of the address we send from (service+<token>@…), so a reply
// finds its case even when the customer's client drops In-Reply-To and References. It carries the case
// id in the clear (32 hex digits of the UUID) and a short HMAC so nobody can aim a mail at a case by
// guessing ids. Everything is lowercase because MTAs and mail clients may lowercase local parts.
const ID_HEX_LENGTH = 32;
const SIGNATURE_HEX_LENGTH = 12;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOKEN = new RegExp(`^[0-9a-f]{${ID_HEX_LENGTH + SIGNATURE_HEX_LENGTH}}$`);

function signature(caseId: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(`reply-token.${caseId}`)
    .digest('hex')
    .slice(0, SIGNATURE_HEX_LENGTH);
}

function caseIdFromHex(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The token for one case: its id without dashes followed by 12 hex digits of the HMAC. */
export function replyToken(caseId: string, secret: string): string {
  const id = caseId.toLowerCase();
  if (!UUID.test(id)) throw new Error(`not a case id: ${caseId}`);
  return `${id.replaceAll('-', '')}${signature(id, secret)}`;
}

/** The address a reply to this case should go to: the mailbox's local part plus the case's token. */
export function replyAddress(mailboxAddress: string, caseId: string, secret: string): string {
  const at = mailboxAddress.lastIndexOf('@');
  if (at <= 0) throw new Error(`not a mailbox address: ${mailboxAddress}`);
  // A mailbox configured with a +tag of its own keeps only its base: one address, one token.
  const local = mailboxAddress.slice(0, at).split('+')[0];
  const domain = mailboxAddress.slice(at + 1).toLowerCase();
  return `${local}+${replyToken(caseId, secret)}@${domain}`;
}

/** The case id a token stands for, or null when the token is malformed or its HMAC does not match. */
export function readReplyToken(token: string, secret: string): string | null {
  const normalised = token.trim().toLowerCase();
  if (!TOKEN.test(normalised)) return null;
  const caseId = caseIdFromHex(normalised.slice(0, ID_HEX_LENGTH));
  const given = Buffer.from(normalised.slice(ID_HEX_LENGTH), 'utf8');
  const expected = Buffer.from(signature(caseId, secret), 'utf8');
  return timingSafeEqual(given, expected) ? caseId : null;
}
