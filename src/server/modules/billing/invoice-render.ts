import type { InvoiceDocumentFormat } from './billing.table';
import { renderEInvoice } from './invoice-einvoice';
import type { InvoiceModel } from './invoice-model';
import { renderInvoicePdf } from './invoice-pdf';

/**
 * Renders one format of an issued invoice from its stored content alone (the same bytes every
 * time). ZUGFeRD is the invoice's PDF with the CII embedded, so it is given the PDF to use.
 */
export async function renderInvoiceFormat(
  model: InvoiceModel,
  format: InvoiceDocumentFormat,
  pdf?: Buffer,
): Promise<Buffer> {
  if (format === 'pdf') return renderInvoicePdf(model);
  if (format === 'zugferd') return renderEInvoice(model, 'zugferd', pdf ?? (await renderInvoicePdf(model)));
  return renderEInvoice(model, format);
}
