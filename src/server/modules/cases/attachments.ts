import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import type { Scope } from '../../shared/scope';
import {
  audienceOf,
  entryVisibleTo,
  partnerOrganisationOfEntry,
  writableBy,
  writerPartnerOf,
} from './access';
import type { Visibility } from './case.table';
import { findCase, followMerge } from './repository';

/** Where a content-addressed file lives: DATA_DIR/attachments/ab/cd/<sha256>. */
export function attachmentPath(dataDir: string, sha256: string): string {
  return join(dataDir, 'attachments', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/**
 * Writes bytes to their content address (once: the same file is kept once) and returns the
 * address. The write is atomic, so a reader never sees half a file.
 */
export async function storeFileContent(dataDir: string, content: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const path = attachmentPath(dataDir, sha256);
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${newId()}.tmp`;
    await writeFile(temp, content);
    await rename(temp, path);
  }
  return sha256;
}

/**
 * The MIME type from the content, not from the upload's claim: a file calling itself a PDF that
 * is really an executable is stored as what it is. Text without a signature counts as plain text.
 */
export async function sniffMimeType(content: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(content);
  if (detected) return detected.mime;
  const sample = content.subarray(0, 4096);
  const looksLikeText =
    !sample.includes(0) && Buffer.from(sample.toString('utf8'), 'utf8').length === sample.length;
  return looksLikeText ? 'text/plain' : 'application/octet-stream';
}

function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f"<>|*?:]/g, '_').trim();
  return cleaned.slice(0, 200) || 'file';
}

/**
 * Stores an upload for a case. The bytes are written (content-addressed, so the same file is kept
 * once) before the row commits; a message then takes the attachment along.
 */
export async function uploadAttachment(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
  input: { fileName: string; visibility?: Visibility; content: Buffer },
) {
  const audience = audienceOf(scope);
  const visibility = input.visibility ?? (audience === 'operator' ? 'internal' : 'public');
  if (!writableBy(audience).includes(visibility))
    throw AppError.field('visibility', `must be one of ${writableBy(audience).join(', ')}`);
  if (input.content.length === 0) throw AppError.field('body', 'the file is empty');
  const found = await findCase(deps.db, scope, caseIdOrNumber);
  if (!found) throw AppError.notFound('Case');
  if (found.status === 'closed') throw new AppError('conflict', 'The case is closed.');
  const sha256 = await storeFileContent(deps.config.dataDir, input.content);
  const row = {
    id: newId(),
    case_id: found.id,
    message_id: null,
    visibility,
    // Until a message takes it along, a partner upload belongs to the uploader's organisation.
    partner_organisation_id: await partnerOrganisationOfEntry(
      deps.db,
      found,
      visibility,
      writerPartnerOf(scope),
    ),
    uploaded_by_person_id: scope.kind === 'user' ? scope.personId : null,
    file_name: cleanFileName(input.fileName),
    mime_type: await sniffMimeType(input.content),
    size: input.content.length,
    sha256,
    created_at: isoNow(deps.clock),
  };
  await deps.db.insertInto('case_attachment').values(row).execute();
  return { id: row.id, fileName: row.file_name, mimeType: row.mime_type, size: row.size, visibility };
}

/** An attachment's file, if the case and the attachment's visibility allow the caller to see it. */
export async function openAttachment(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
  attachmentId: string,
): Promise<{ fileName: string; mimeType: string; size: number; stream: Readable }> {
  const named = await findCase(deps.db, scope, caseIdOrNumber);
  if (!named) throw AppError.notFound('Case');
  // A merged duplicate's attachments moved to the case it was merged into.
  const found = await followMerge(deps.db, scope, named);
  const row = await deps.db
    .selectFrom('case_attachment')
    .selectAll()
    .where('id', '=', attachmentId)
    .where('case_id', '=', found.id)
    .where(entryVisibleTo(scope, 'case_attachment'))
    .executeTakeFirst();
  if (!row) throw AppError.notFound('Attachment');
  return {
    fileName: row.file_name,
    mimeType: row.mime_type,
    size: row.size,
    stream: createReadStream(attachmentPath(deps.config.dataDir, row.sha256)),
  };
}
