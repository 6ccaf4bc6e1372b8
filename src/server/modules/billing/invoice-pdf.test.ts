import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { prepareEInvoice, renderEInvoice } from './invoice-einvoice';
import { testCharge, testModel } from './invoice-fixtures';
import { renderInvoicePdf } from './invoice-pdf';

// The PDF read back as text, as a reader or an accounting tool would: every field § 14 Abs. 4
// UStG asks for is on it, in the invoice's language.

async function open(bytes: Buffer) {
  return getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
}

async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await open(bytes);
  const pages: string[] = [];
  for (let number = 1; number <= doc.numPages; number += 1) {
    const content = await (await doc.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages.join('\n').replace(/\s+/g, ' ');
}

const charges = [
  testCharge({
    id: 'a',
    description: 'Wartungspauschale Drucker „Büro“',
    quantityThousandths: 2000,
    serviceDateTo: '2026-11-30',
    serviceDate: '2026-11-01',
  }),
  testCharge({
    id: 'b',
    treatment: 'reduced',
    description: 'Fachbuch Druckertechnik',
    unitPriceCents: 1999,
    serviceDate: '2026-11-15',
  }),
];

describe('invoice PDF', { timeout: 60_000 }, () => {
  it('shows every § 14 UStG field in German', async () => {
    const text = await pdfText(await renderInvoicePdf(testModel(charges)));
    for (const expected of [
      'Printwerk Systeme AG',
      'Am Druckerhafen 1',
      '20099 Hamburg', // seller name and address
      'Bäckerei Sommer GmbH',
      'Lindenstraße 5',
      '28195 Bremen', // buyer
      'Steuernummer: 43/123/45678',
      'USt-IdNr.: DE812345678', // seller tax number and VAT ID
      'Rechnungsdatum',
      '06.12.2026',
      'Rechnung RE-2026-000042', // issue date, number
      'Wartungspauschale Drucker „Büro“',
      '2',
      'Fachbuch Druckertechnik', // quantity and description
      'Leistungszeitraum',
      '01.11.2026 – 30.11.2026', // service period
      'Nettobetrag 19 %',
      '99,80 €',
      'Nettobetrag 7 %',
      '19,99 €', // net per rate
      'Umsatzsteuer 19 % auf 99,80 €',
      '18,96 €',
      'Umsatzsteuer 7 % auf 19,99 €',
      '1,40 €', // VAT rate and amount
      'Gesamtbetrag',
      '140,15 €', // gross
      'Fällig am',
      '20.12.2026',
      'Zahlbar ohne Abzug bis 20.12.2026', // payment terms
      'IBAN DE89 3704 0044 0532 0130 00',
      'BIC COBADEFFXXX', // bank
      'Registergericht: Amtsgericht Hamburg HRB 123456',
      'Geschäftsführung: Dr. Henrike Albers, Jonas Petersen',
      'Ansprechpartner: Maren Lüders',
      'Printwerk Systeme AG · Sitz Hamburg',
      'Seite 1 von 1',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('speaks English for an English customer and prints the reverse-charge note instead of VAT', async () => {
    const model = testModel([testCharge({ id: 'r', treatment: 'reverse_charge', unitPriceCents: 120000 })], {
      language: 'en',
    });
    const text = await pdfText(await renderInvoicePdf(model));
    for (const expected of [
      'Invoice RE-2026-000042',
      'Invoice date',
      '6 Dec 2026',
      'Date of supply',
      '20 Nov 2026',
      'Due date',
      'Your VAT ID',
      'DE298765432',
      'Net amount reverse charge',
      '€1,200.00',
      'Total',
      'Reverse charge: the recipient of the supply is liable for the VAT',
      'Tax number: 43/123/45678',
      'Managing directors',
      'Page 1 of 1',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('19 %');
  });

  it('prints a cancellation as Stornorechnung naming the cancelled invoice, with negative amounts', async () => {
    const model = testModel([testCharge({ id: 'a', quantityThousandths: 2000 })], {
      cancels: { number: 'RE-2026-000041', issueDate: '2026-12-01' },
      number: 'RE-2026-000043',
    });
    const text = await pdfText(await renderInvoicePdf(model));
    expect(text).toContain('Stornorechnung RE-2026-000043');
    expect(text).toContain('Storno der Rechnung RE-2026-000041 vom 01.12.2026');
    expect(text).toContain('−118,76 €');
    expect(text).not.toContain('Zahlbar ohne Abzug');
  });

  it('breaks many lines over pages and counts them', async () => {
    const many = Array.from({ length: 60 }, (_, index) =>
      testCharge({ id: `c${index}`, description: `Toner ${index + 1}` }),
    );
    const text = await pdfText(await renderInvoicePdf(testModel(many)));
    expect(text).toContain('Toner 60');
    expect(text).toMatch(/Seite 3 von 3|Seite 2 von 2/);
  });

  it('gives the same bytes for the same invoice, dated at issue', async () => {
    const model = testModel(charges);
    const first = await renderInvoicePdf(model);
    expect(first.equals(await renderInvoicePdf(model))).toBe(true);
    const info = (await (await open(first)).getMetadata()).info as Record<string, string>;
    expect(info.CreationDate).toBe('D:20261206091500Z');
    expect(first.toString('latin1')).toContain('<pdfaid:part>3</pdfaid:part>');
  });

  it('embeds the CII as factur-x.xml into a PDF/A-3 for ZUGFeRD, the same bytes every time', async () => {
    const model = testModel(charges);
    const pdf = await renderInvoicePdf(model);
    const zugferd = await renderEInvoice(model, 'zugferd', pdf);
    expect(zugferd.equals(await renderEInvoice(model, 'zugferd', pdf))).toBe(true);
    const doc = await open(zugferd);
    const attachments = (await doc.getAttachments()) as Record<
      string,
      { filename: string; content: Uint8Array }
    >;
    const xml = Buffer.from(attachments['factur-x.xml']!.content).toString('utf8');
    expect(xml).toContain('<ram:ID>urn:cen.eu:en16931:2017</ram:ID>');
    expect(xml).toContain('<ram:GrandTotalAmount>140.15</ram:GrandTotalAmount>');
    const raw = zugferd.toString('latin1');
    expect(raw).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(raw).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(raw).toMatch(/<fx:ConformanceLevel>EN 16931<\/fx:ConformanceLevel>/);
    expect(raw).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
    // PDF/A-3 wants the Factur-X properties declared by an extension schema in the same XMP.
    expect(raw).toContain('<pdfaSchema:prefix>fx</pdfaSchema:prefix>');
    expect(raw).toContain('/AFRelationship /Alternative');
    expect(await pdfText(zugferd)).toContain('Rechnung RE-2026-000042');
    // The pages are the invoice PDF's own: its bytes come first, the XML is an update after them.
    expect(zugferd.subarray(0, pdf.length).equals(pdf)).toBe(true);
    const metadata = (await doc.getMetadata()).metadata;
    expect(metadata?.get('pdfaid:part')).toBe('3');
    expect(metadata?.get('fx:conformancelevel') ?? metadata?.get('fx:ConformanceLevel')).toBe('EN 16931');
  });

  it("embeds the same XML as the library's own Factur-X output would", async () => {
    const model = testModel(charges);
    const pdf = await renderInvoicePdf(model);
    const attachment = async (bytes: Buffer | Uint8Array) => {
      const found = (await (await open(Buffer.from(bytes))).getAttachments()) as Record<
        string,
        { content: Uint8Array }
      >;
      return Buffer.from(found['factur-x.xml']!.content).toString('utf8');
    };
    const { formatter, data, options } = prepareEInvoice(model, 'zugferd');
    delete (formatter as { renderXML?: unknown }).renderXML; // the library's own XML writer
    const library = await formatter.generate(data, {
      ...options,
      pdf: { buffer: pdf, filename: 'invoice.pdf', mimetype: 'application/pdf' },
    });
    expect(await attachment(await renderEInvoice(model, 'zugferd', pdf))).toBe(
      await attachment(library as Uint8Array),
    );
  });
});
