import { readFile } from 'node:fs/promises';
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import { attachmentPath } from '../cases/attachments';
import type { DocumentSource } from './datev-archive';
import { invoiceDocumentFiles } from './invoice-files';

// The documents an archive carries per invoice: every stored format (PDF, XRechnung CII and UBL,
// ZUGFeRD), through the module's document API (rendered and stored first where an invoice has
// none yet, so the archive holds the same bytes the customer got), read from the file store only
// when the archive reaches them.
export function archiveDocumentsOf(deps: Deps, scope: Scope): DocumentSource {
  return async (invoiceId) => {
    const files = await invoiceDocumentFiles(deps, scope, invoiceId);
    return files.map((file) => ({
      fileName: file.fileName,
      // PDFs are compressed inside already; XML shrinks well.
      compress: file.mimeType !== 'application/pdf',
      content: () => readFile(attachmentPath(deps.config.dataDir, file.sha256)),
    }));
  };
}
