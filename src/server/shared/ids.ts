import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';

// Ids are UUIDs stored as text. Checking the form before a query means a malformed id is a 400
// naming its field, never a database error or a scan for a value that cannot exist.
const ID = z.uuid();

/** Whether a value has the form of one of our ids (a UUID). */
export function isId(value: string): boolean {
  return ID.safeParse(value).success;
}

/** The zod schema of an id in a path, query or body; `what` names it in the message. */
export function idSchema(what = 'an id') {
  return z.uuid(`must be ${what}`);
}

/** Time-ordered id (UUIDv7): rows sort by creation without an extra column. */
export function newId(): string {
  return uuidv7();
}

/** A random secret for cookies, API tokens and CSRF; 32 bytes of entropy. */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Secrets are stored only as their SHA-256 so a leaked table cannot be replayed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
