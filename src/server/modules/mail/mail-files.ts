import type { Deps } from '../../shared/deps';
import { sniffMimeType, storeFileContent } from '../cases/attachments';
import type { FiledFile } from '../cases/filing';
import type { ParsedMail } from './parse';

/**
 * A mail's attachments go to the content-addressed file store first (outside any transaction:
 * a file nobody refers to is harmless); the case's filing then writes their rows with the message.
 */
export async function storeAttachmentFiles(deps: Deps, parsed: ParsedMail): Promise<FiledFile[]> {
  const stored: FiledFile[] = [];
  for (const attachment of parsed.attachments) {
    if (attachment.content.length === 0) continue;
    const sha256 = await storeFileContent(deps.config.dataDir, attachment.content);
    stored.push({
      fileName: attachment.filename.replace(/[\\/]/g, '_').slice(0, 200) || 'attachment',
      mimeType: await sniffMimeType(attachment.content),
      size: attachment.content.length,
      sha256,
      contentId: attachment.contentId,
    });
  }
  return stored;
}
