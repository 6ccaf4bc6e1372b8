import type { InvoiceDocumentFormat, InvoiceLineRow, InvoiceRow } from './billing.table';

/** Renders one format of an issued invoice from its row alone (deterministic bytes). */
export async function renderInvoiceFormat(
  _invoice: InvoiceRow,
  _lines: InvoiceLineRow[],
  format: InvoiceDocumentFormat,
  _pdf?: Buffer,
): Promise<Buffer> {
  throw new Error(`rendering ${format} is not available yet`);
}
