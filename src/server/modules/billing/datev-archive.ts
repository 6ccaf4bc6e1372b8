import type { Readable } from 'node:stream';
import type { DatevExport } from './datev-export';
import { invoiceIndexCsv } from './datev-export';
import { type ZipEntry, zipStream } from './datev-zip';

// The ZIP for the accountant: the Buchungsstapel, an index of the period's invoices and every
// document of each invoice (under Belege/), in a fixed order: batch, index, then the invoices by
// issue date and number with their formats in a fixed order. Documents are loaded one at a time
// while the archive is sent.

export type ArchiveDocument = { fileName: string; compress: boolean; content: () => Promise<Buffer> };

/** The stored documents of one invoice (rendered first where missing). */
export type DocumentSource = (invoiceId: string) => Promise<ArchiveDocument[]>;

export function datevArchiveFileName(from: string, to: string): string {
  return `DATEV_${from}_${to}.zip`;
}

export async function datevArchive(exported: DatevExport, documentsOf: DocumentSource): Promise<Readable> {
  const documents = new Map<string, ArchiveDocument[]>();
  for (const invoice of exported.invoices) documents.set(invoice.id, await documentsOf(invoice.id));
  const files = new Map([...documents].map(([id, docs]) => [id, docs.map((doc) => doc.fileName)]));
  const entries: ZipEntry[] = [
    { name: exported.fileName, compress: true, content: async () => exported.content },
    {
      name: 'Rechnungsverzeichnis.csv',
      compress: true,
      content: async () => invoiceIndexCsv(exported.invoices, files),
    },
    ...exported.invoices.flatMap((invoice) =>
      (documents.get(invoice.id) ?? []).map((doc) => ({
        name: `Belege/${doc.fileName}`,
        compress: doc.compress,
        content: doc.content,
      })),
    ),
  ];
  // The same period exported twice gives the same bytes: every entry is dated the period's end.
  return zipStream(entries, new Date(`${exported.to}T12:00:00Z`));
}
