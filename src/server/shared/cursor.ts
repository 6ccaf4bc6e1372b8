import { AppError } from './app-error';
import { isId } from './ids';

/**
 * Keyset cursors: the sort value and id of a page's last row, opaque to the client. Paging by
 * keyset keeps page 1,000 as cheap as page 1.
 */
export function encodeCursor(value: string, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

/**
 * The (value, id) pair of a cursor; a 400 naming `cursor` when it is not one of ours. A cursor is
 * client input: its id must have the form of an id and its value must be text PostgreSQL can
 * compare (no U+0000), or the query would fail instead of answering.
 */
export function decodeCursor(cursor: string): [string, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string' &&
      parsed[0].length <= 500 &&
      !parsed[0].includes('\u0000') &&
      isId(parsed[1])
    ) {
      return parsed as [string, string];
    }
  } catch {
    // falls through to the error below
  }
  throw AppError.field('cursor', 'is not a cursor returned by this list');
}
