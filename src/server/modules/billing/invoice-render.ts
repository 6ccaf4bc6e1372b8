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

/**
 * Several formats of one invoice in one go. The PDF is drawn once: ZUGFeRD embeds the XML into
 * the given (stored) PDF or into the one rendered here, so the two documents never disagree.
 */
export async function renderInvoiceFormats(
  model: InvoiceModel,
  formats: readonly InvoiceDocumentFormat[],
  storedPdf?: Buffer,
): Promise<Map<InvoiceDocumentFormat, Buffer>> {
  const rendered = new Map<InvoiceDocumentFormat, Buffer>();
  let pdf = storedPdf;
  if (formats.includes('pdf') || (formats.includes('zugferd') && !pdf)) {
    pdf = await renderInvoicePdf(model);
    if (formats.includes('pdf')) rendered.set('pdf', pdf);
  }
  for (const format of formats) {
    if (format === 'pdf') continue;
    rendered.set(format, await renderInvoiceFormat(model, format, pdf));
  }
  return rendered;
}
