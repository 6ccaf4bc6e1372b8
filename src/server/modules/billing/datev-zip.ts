import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

// A ZIP written while it is sent: entries are added one after another in the order given, each
// loaded only when its turn comes, so a period with hundreds of documents never sits in memory as
// a whole. Every entry carries the same modification time (the caller's), so the same period
// exported twice gives the same bytes. fflate: no dependencies, streaming, already in the tree
// through pdfkit.

export type ZipEntry = {
  /** Path inside the archive, with forward slashes. */
  name: string;
  content: () => Promise<Buffer>;
  /** PDFs are compressed already; they are stored as they are. */
  compress: boolean;
};

export function zipStream(entries: ZipEntry[], mtime: Date): Readable {
  const out = new PassThrough();
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      out.destroy(error);
      return;
    }
    out.write(chunk);
    if (final) out.end();
  });
  const write = async () => {
    for (const entry of entries) {
      const content = await entry.content();
      const file = entry.compress ? new ZipDeflate(entry.name, { level: 6 }) : new ZipPassThrough(entry.name);
      file.mtime = mtime;
      zip.add(file);
      file.push(content, true);
      // Wait for the client to take what is buffered before loading the next document.
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    zip.end();
  };
  write().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
