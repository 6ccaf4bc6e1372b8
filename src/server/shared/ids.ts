import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

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
