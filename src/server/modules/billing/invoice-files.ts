import { readFile } from 'node:fs/promises';
import { ACCOUNT_READ_ROLES } from '../../../shared/roles';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { requireRole, type Scope } from '../../shared/scope';
import { attachmentPath, storeFileContent } from '../cases/attachments';
import {
  INVOICE_DOCUMENT_FORMATS,
  type InvoiceDocumentFormat,
  type InvoiceDocumentRow,
  type InvoiceRow,
} from './billing.table';
import { type InvoiceModel, toInvoiceModel } from './invoice-model';
import { renderInvoiceDocuments } from './invoice-render-pool';
import { findInvoiceLines, findVisibleInvoice } from './invoices';

// The documents of an issued invoice: PDF, XRechnung (CII and UBL) and ZUGFeRD. Each format is
// rendered once, at its first request, and its bytes are kept in the content-addressed file store
// with a row per invoice and format; later requests serve the stored bytes, so a document is never
// rendered differently after a change of the renderer. Rendering at first request (not at issue)
// keeps issuing a short transaction and gives invoices issued before the renderer existed their
// documents too. Rendering is deterministic (dates from the row, ids from the invoice id), so two
// parallel first requests render the same bytes; the primary key (invoice_id, format) keeps one
// row and both answer from it.

export type InvoiceDocumentFile = {
  format: InvoiceDocumentFormat;
  fileName: string;
  mimeType: string;
  sha256: string;
  size: number;
};

const MIME_TYPES: Record<InvoiceDocumentFormat, string> = {
  pdf: 'application/pdf',
  xrechnung_cii: 'application/xml',
  xrechnung_ubl: 'application/xml',
  zugferd: 'application/pdf',
};

const FILE_SUFFIXES: Record<InvoiceDocumentFormat, string> = {
  pdf: '.pdf',
  xrechnung_cii: '-xrechnung-cii.xml',
  xrechnung_ubl: '-xrechnung-ubl.xml',
  zugferd: '-zugferd.pdf',
};

/** RE-2026-000001.pdf, RE-2026-000001-xrechnung-cii.xml, RE-2026-000001-zugferd.pdf … */
export function invoiceDocumentFileName(number: string, format: InvoiceDocumentFormat): string {
  return `${number.replace(/[^A-Za-z0-9._-]/g, '_')}${FILE_SUFFIXES[format]}`;
}

function toFile(
  number: string,
  row: Pick<InvoiceDocumentRow, 'format' | 'sha256' | 'size'>,
): InvoiceDocumentFile {
  return {
    format: row.format,
    fileName: invoiceDocumentFileName(number, row.format),
    mimeType: MIME_TYPES[row.format],
    sha256: row.sha256,
    size: Number(row.size),
  };
}

async function findDocumentRows(
  deps: Pick<Deps, 'db'>,
  invoiceId: string,
  formats: readonly InvoiceDocumentFormat[],
): Promise<Map<InvoiceDocumentFormat, InvoiceDocumentRow>> {
  const rows = await deps.db
    .selectFrom('invoice_document')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .where('format', 'in', formats)
    .execute();
  return new Map(rows.map((row) => [row.format, row]));
}

async function invoiceModel(deps: Pick<Deps, 'db'>, invoice: InvoiceRow): Promise<InvoiceModel> {
  const lines = await findInvoiceLines(deps.db, invoice.id);
  const cancelled = invoice.cancels_invoice_id
    ? await deps.db
        .selectFrom('invoice')
        .select(['number', 'issue_date'])
        .where('id', '=', invoice.cancels_invoice_id)
        .executeTakeFirst()
    : undefined;
  return toInvoiceModel(
    invoice,
    lines,
    cancelled ? { number: cancelled.number, issueDate: cancelled.issue_date } : null,
  );
}

async function readStored(deps: Pick<Deps, 'config'>, sha256: string): Promise<Buffer> {
  return readFile(attachmentPath(deps.config.dataDir, sha256));
}

type EnsuredDocuments = {
  rows: Map<InvoiceDocumentFormat, InvoiceDocumentRow>;
  /** The bytes rendered by this call, where its row is the one stored. */
  contents: Map<InvoiceDocumentFormat, Buffer>;
};

/**
 * The stored documents of the given formats, rendering and storing the missing ones first, all
 * from one read of the invoice and in one job on the render pool. The ZUGFeRD document embeds
 * the XML into the invoice's PDF: into the stored one if there is one, else into the PDF
 * rendered (and stored) with it, so the two never disagree.
 */
async function ensureDocuments(
  deps: Deps,
  invoice: InvoiceRow,
  formats: readonly InvoiceDocumentFormat[],
): Promise<EnsuredDocuments> {
  const rows = await findDocumentRows(deps, invoice.id, [...new Set([...formats, 'pdf' as const])]);
  const missing = formats.filter((format) => !rows.has(format));
  const contents = new Map<InvoiceDocumentFormat, Buffer>();
  if (missing.length === 0) return { rows, contents };
  if (missing.includes('zugferd') && !rows.has('pdf') && !missing.includes('pdf')) missing.unshift('pdf');
  const storedPdf =
    missing.includes('zugferd') && rows.has('pdf')
      ? await readStored(deps, rows.get('pdf')!.sha256)
      : undefined;
  const rendered = await renderInvoiceDocuments(await invoiceModel(deps, invoice), missing, storedPdf);
  const stored = await Promise.all(
    missing.map(async (format) => {
      const content = rendered.get(format)!;
      return { format, content, sha256: await storeFileContent(deps.config.dataDir, content) };
    }),
  );
  const createdAt = isoNow(deps.clock);
  await deps.db
    .insertInto('invoice_document')
    .values(
      stored.map(({ format, sha256, content }) => ({
        invoice_id: invoice.id,
        format,
        sha256,
        size: content.length,
        created_at: createdAt,
      })),
    )
    .onConflict((oc) => oc.columns(['invoice_id', 'format']).doNothing())
    .execute();
  // A parallel first request may have stored its rows first; both answer from the stored rows.
  const now = await findDocumentRows(deps, invoice.id, missing);
  for (const { format, content, sha256 } of stored) {
    const row = now.get(format)!;
    rows.set(format, row);
    if (row.sha256 === sha256) contents.set(format, content);
  }
  return { rows, contents };
}

/**
 * One document of an invoice as bytes with its file name and type (the download routes). Access
 * as for reading the invoice: another customer's invoice is a 404.
 */
export async function renderInvoiceDocument(
  deps: Deps,
  scope: Scope,
  invoiceId: string,
  format: InvoiceDocumentFormat,
): Promise<InvoiceDocumentFile & { content: Buffer }> {
  requireRole(scope, ACCOUNT_READ_ROLES);
  const invoice = await findVisibleInvoice(deps, scope, invoiceId);
  const { rows, contents } = await ensureDocuments(deps, invoice, [format]);
  const row = rows.get(format)!;
  return {
    ...toFile(invoice.number, row),
    content: contents.get(format) ?? (await readStored(deps, row.sha256)),
  };
}

/**
 * Every format of an invoice, stored (rendered first where missing), for other modules that
 * attach them, e.g. to a reply; read the bytes with `attachmentPath(dataDir, sha256)`.
 */
export async function invoiceDocumentFiles(
  deps: Deps,
  scope: Scope,
  invoiceId: string,
): Promise<InvoiceDocumentFile[]> {
  requireRole(scope, ACCOUNT_READ_ROLES);
  const invoice = await findVisibleInvoice(deps, scope, invoiceId);
  const { rows } = await ensureDocuments(deps, invoice, INVOICE_DOCUMENT_FORMATS);
  return INVOICE_DOCUMENT_FORMATS.map((format) => toFile(invoice.number, rows.get(format)!));
}
