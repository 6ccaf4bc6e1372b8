import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import {
  formatDate,
  formatIban,
  formatMoney,
  formatPercent,
  formatPeriod,
  formatQuantity,
} from './invoice-format';
import { buyerReference, type InvoiceModel } from './invoice-model';
import { fill, PDF_LABELS } from './invoice-pdf-labels';

// The invoice as a PDF/A-3b (A4, DejaVu Sans embedded, so umlauts, €, „“ and − print everywhere),
// with every field § 14 Abs. 4 UStG asks for. It is drawn from the stored invoice alone and
// byte for byte the same on every run: creation and modification date are the invoice's
// created_at, the document id is derived from the invoice id, and nothing random is written.

// The fonts are parsed once per process and handed to pdfkit as parsed fonts: parsing DejaVu
// for every document was most of a render's time.
let fonts: { regular: fontkit.Font; bold: fontkit.Font } | undefined;
function loadFonts() {
  if (!fonts) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const open = (file: string) =>
      keepGlyphOutlines(fontkit.create(readFileSync(join(dir, file))) as fontkit.Font);
    fonts = { regular: open('DejaVuSans.ttf'), bold: open('DejaVuSans-Bold.ttf') };
  }
  return fonts;
}

// Embedding a font subset decodes the outline of every glyph it takes, in every document, only to
// see whether the glyph is made of others. The outlines of a parsed font never change, so each
// glyph (fontkit keeps one object per glyph and font) decodes its outline once per process.
type Glyph = { _decode(): unknown };
function keepGlyphOutlines(font: fontkit.Font): fontkit.Font {
  const parsed = font as unknown as { getGlyph(id: number, codePoints?: number[]): Glyph };
  const getGlyph = parsed.getGlyph.bind(parsed);
  parsed.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    if (!Object.hasOwn(glyph, '_decode')) {
      const decoded = glyph._decode();
      glyph._decode = () => decoded;
    }
    return glyph;
  };
  return font;
}

// The fonts are registered by name: pdfkit then keeps one embedded font per name and document,
// where handing it the parsed font at every switch made (and compared, by serialising the
// font's name table) a new one each time.
const REGULAR = 'regular';
const BOLD = 'bold';

// pdfkit shapes each word with fontkit and caches the result per document; the shaping of a
// word depends on the font and the word alone, so the cache is kept across documents (renewed
// now and then to stay bounded). Which glyphs a document embeds is still decided per document.
type LayoutCache = Record<string, unknown>;
const LAYOUT_CACHE_DOCUMENTS = 2_000;
const layoutCaches = {
  regular: Object.create(null) as LayoutCache,
  bold: Object.create(null) as LayoutCache,
};
let documentsOnLayoutCache = 0;

function shareLayoutCaches(doc: Doc) {
  documentsOnLayoutCache += 1;
  if (documentsOnLayoutCache > LAYOUT_CACHE_DOCUMENTS) {
    documentsOnLayoutCache = 1;
    layoutCaches.regular = Object.create(null);
    layoutCaches.bold = Object.create(null);
  }
  const current = doc as unknown as { _font: { layoutCache?: LayoutCache } };
  for (const name of [BOLD, REGULAR] as const) {
    doc.font(name);
    current._font.layoutCache = layoutCaches[name];
  }
}

const PAGE = { width: 595.28, height: 841.89, left: 56, right: 56, top: 48, bottomReserved: 120 };
const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const GREY = '#555555';

type Doc = InstanceType<typeof PDFDocument>;

function money(model: InvoiceModel, cents: number) {
  return formatMoney(cents, model.language);
}

function categoryText(model: InvoiceModel, category: string, rateBasisPoints: number): string {
  const t = PDF_LABELS[model.language];
  if (category === 'S') return formatPercent(rateBasisPoints, model.language);
  return t[`category${category}`] ?? category;
}

function partyAddress(party: {
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
}) {
  return [
    party.street,
    [party.postalCode, party.city].filter(Boolean).join(' '),
    party.country === 'DE' ? null : party.country,
  ].filter((line): line is string => Boolean(line));
}

function drawHeader(doc: Doc, model: InvoiceModel): number {
  const t = PDF_LABELS[model.language];
  const { seller, buyer } = model;
  doc
    .font(BOLD)
    .fontSize(16)
    .fillColor('black')
    .text(seller.name, PAGE.left, PAGE.top, { width: CONTENT_WIDTH });
  doc
    .font(REGULAR)
    .fontSize(7.5)
    .fillColor(GREY)
    .text([seller.name, ...partyAddress(seller)].join(' · '), PAGE.left, 130, { width: 260 });
  doc.fontSize(10).fillColor('black').font(BOLD).text(buyer.name, PAGE.left, 146, { width: 260 });
  doc.font(REGULAR).text(partyAddress(buyer).join('\n'), { width: 260 });

  const cancellation = model.kind === 'cancellation';
  const facts: [string, string][] = [
    [cancellation ? t.cancellationNumber! : t.number!, model.number],
    [t.issueDate!, formatDate(model.issueDate, model.language)],
    [t.customerNumber!, buyer.number],
  ];
  const reference = buyerReference(model);
  if (reference !== buyer.number) facts.push([t.buyerReference!, reference]);
  const { start, end } = model.servicePeriod;
  facts.push([start === end ? t.serviceDate! : t.servicePeriod!, formatPeriod(start, end, model.language)]);
  if (!cancellation) facts.push([t.dueDate!, formatDate(model.dueDate, model.language)]);
  if (buyer.vatId) facts.push([t.buyerVatId!, buyer.vatId]);
  let y = 130;
  for (const [label, value] of facts) {
    doc.fontSize(8.5).fillColor(GREY).text(label, 318, y, { width: 100 });
    doc.fillColor('black').text(value, 418, y, { width: PAGE.width - PAGE.right - 418, align: 'right' });
    y = Math.max(y + 13, doc.y + 2);
  }

  y = Math.max(y, doc.y) + 28;
  const title = `${cancellation ? t.cancellation : t.invoice} ${model.number}`;
  doc.font(BOLD).fontSize(14).fillColor('black').text(title, PAGE.left, y, { width: CONTENT_WIDTH });
  doc.font(REGULAR).fontSize(9.5);
  if (model.cancels) {
    doc.moveDown(0.3).text(
      fill(t.cancels!, {
        number: model.cancels.number,
        date: formatDate(model.cancels.issueDate, model.language),
      }),
      { width: CONTENT_WIDTH },
    );
  }
  return doc.y + 14;
}

const COLUMNS = { pos: 28, description: 0, quantity: 52, unitPrice: 78, vat: 72, net: 82 };
COLUMNS.description =
  CONTENT_WIDTH - COLUMNS.pos - COLUMNS.quantity - COLUMNS.unitPrice - COLUMNS.vat - COLUMNS.net;

function row(doc: Doc, y: number, cells: [string, string, string, string, string, string]): number {
  const widths = [
    COLUMNS.pos,
    COLUMNS.description,
    COLUMNS.quantity,
    COLUMNS.unitPrice,
    COLUMNS.vat,
    COLUMNS.net,
  ];
  let x = PAGE.left;
  let bottom = y;
  cells.forEach((cell, index) => {
    const width = widths[index]!;
    const align = index === 1 || index === 0 ? 'left' : 'right';
    doc.text(cell, x + (index === 1 ? 4 : 0), y, { width: index === 1 ? width - 8 : width, align });
    bottom = Math.max(bottom, doc.y);
    x += width;
  });
  return bottom;
}

function drawTableHead(doc: Doc, model: InvoiceModel, y: number): number {
  const t = PDF_LABELS[model.language];
  doc.font(BOLD).fontSize(8.5).fillColor('black');
  const bottom = row(doc, y, [t.position!, t.description!, t.quantity!, t.unitPrice!, t.vatRate!, t.net!]);
  doc
    .moveTo(PAGE.left, bottom + 3)
    .lineTo(PAGE.width - PAGE.right, bottom + 3)
    .lineWidth(0.6)
    .stroke('#333333');
  doc.font(REGULAR);
  return bottom + 8;
}

function drawLines(doc: Doc, model: InvoiceModel, top: number): number {
  let y = drawTableHead(doc, model, top);
  const limit = PAGE.height - PAGE.bottomReserved;
  for (const line of model.lines) {
    const period =
      line.serviceDateTo && line.serviceDateTo !== line.serviceDate
        ? formatPeriod(line.serviceDate, line.serviceDateTo, model.language)
        : formatDate(line.serviceDate, model.language);
    const description = `${line.description}\n${period}`;
    const height = doc.fontSize(8.5).heightOfString(description, { width: COLUMNS.description - 8 });
    if (y + height > limit) {
      doc.addPage();
      y = drawTableHead(doc, model, PAGE.top);
    }
    doc.fillColor('black');
    const bottom = row(doc, y, [
      String(line.position),
      description,
      formatQuantity(line.quantityThousandths, model.language),
      money(model, line.unitPriceCents),
      categoryText(model, line.vatCategory, line.vatRateBasisPoints),
      money(model, line.lineNetCents),
    ]);
    y = bottom + 6;
  }
  doc
    .moveTo(PAGE.left, y - 2)
    .lineTo(PAGE.width - PAGE.right, y - 2)
    .lineWidth(0.4)
    .stroke('#999999');
  return y + 4;
}

function drawTotals(doc: Doc, model: InvoiceModel, top: number): number {
  const t = PDF_LABELS[model.language];
  const entries: [string, string, boolean][] = [];
  for (const group of model.vatBreakdown) {
    const rate = categoryText(model, group.category, group.rateBasisPoints);
    entries.push([fill(t.netAt!, { rate }), money(model, group.taxableCents), false]);
    if (group.category === 'S') {
      entries.push([
        fill(t.vatAt!, { rate, base: money(model, group.taxableCents) }),
        money(model, group.vatCents),
        false,
      ]);
    } else {
      entries.push([`${t.noVat} (${rate})`, money(model, 0), false]);
    }
  }
  if (model.vatBreakdown.length > 1) entries.push([t.netTotal!, money(model, model.lineTotalCents), false]);
  entries.push([t.grossTotal!, money(model, model.grandTotalCents), true]);
  if (model.amountDueCents !== model.grandTotalCents)
    entries.push([t.amountDue!, money(model, model.amountDueCents), true]);

  let y = top;
  if (y + entries.length * 14 > PAGE.height - PAGE.bottomReserved) {
    doc.addPage();
    y = PAGE.top;
  }
  for (const [label, value, strong] of entries) {
    doc
      .font(strong ? BOLD : REGULAR)
      .fontSize(strong ? 10 : 9)
      .fillColor('black');
    doc.text(label, PAGE.left + 200, y, { width: CONTENT_WIDTH - 200 - 100, align: 'right' });
    doc.text(value, PAGE.width - PAGE.right - 100, y, { width: 100, align: 'right' });
    y += strong ? 16 : 14;
  }
  return y + 10;
}

function drawNotesAndPayment(doc: Doc, model: InvoiceModel, top: number) {
  const t = PDF_LABELS[model.language];
  doc.font(REGULAR).fontSize(9).fillColor('black');
  const paragraphs = model.notes.filter((note) => note.kind !== 'cancellation').map((note) => note.text);
  if (model.grandTotalCents < 0) paragraphs.push(t.refund!);
  else
    paragraphs.push(
      fill(t.paymentTerms!, { date: formatDate(model.dueDate, model.language), number: model.number }),
    );
  if (model.seller.invoiceFooter) paragraphs.push(model.seller.invoiceFooter);
  let y = top;
  for (const text of paragraphs) {
    const height = doc.heightOfString(text, { width: CONTENT_WIDTH });
    if (y + height > PAGE.height - PAGE.bottomReserved) {
      doc.addPage();
      y = PAGE.top;
    }
    doc.text(text, PAGE.left, y, { width: CONTENT_WIDTH });
    y = doc.y + 6;
  }
}

/** The seller's legal data at the foot of every page, with the page count. */
function drawFooters(doc: Doc, model: InvoiceModel) {
  const t = PDF_LABELS[model.language];
  const { seller } = model;
  const columns = [
    [seller.name, ...partyAddress(seller)],
    [
      seller.registerCourt || seller.registerNumber
        ? `${t.register}: ${[seller.registerCourt, seller.registerNumber].filter(Boolean).join(' ')}`
        : null,
      seller.managingDirectors.length > 0
        ? `${t.managingDirectors}: ${seller.managingDirectors.join(', ')}`
        : null,
      seller.taxNumber ? `${t.taxNumber}: ${seller.taxNumber}` : null,
      seller.vatId ? `${t.vatId}: ${seller.vatId}` : null,
    ],
    [
      `${t.bank}: ${seller.bankName ?? ''}`.trim(),
      `IBAN ${formatIban(seller.iban)}`,
      seller.bic ? `BIC ${seller.bic}` : null,
      seller.contactName ? `${t.contact}: ${seller.contactName}` : null,
      [seller.contactPhone ? `${t.phone} ${seller.contactPhone}` : null, seller.contactEmail]
        .filter(Boolean)
        .join(' · ') || null,
    ],
  ].map((lines) => lines.filter((line): line is string => Boolean(line)).join('\n'));
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const top = PAGE.height - 92;
    doc
      .moveTo(PAGE.left, top - 6)
      .lineTo(PAGE.width - PAGE.right, top - 6)
      .lineWidth(0.4)
      .stroke('#999999');
    doc.font(REGULAR).fontSize(7).fillColor(GREY);
    const width = CONTENT_WIDTH / 3;
    columns.forEach((text, column) => {
      doc.text(text, PAGE.left + column * width, top, { width: width - 8, lineBreak: true });
    });
    doc.text(
      fill(t.page!, { page: String(index + 1), pages: String(range.count) }),
      PAGE.left,
      PAGE.height - 30,
      {
        width: CONTENT_WIDTH,
        align: 'right',
        lineBreak: false,
      },
    );
    doc.page.margins.bottom = bottomMargin;
  }
}

/** The invoice PDF (PDF/A-3b), the same bytes for the same stored invoice. */
export function renderInvoicePdf(model: InvoiceModel): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const t = PDF_LABELS[model.language];
  const created = new Date(model.createdAt);
  const title = `${model.kind === 'cancellation' ? t.cancellation : t.invoice} ${model.number}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, left: PAGE.left, right: PAGE.right, bottom: 40 },
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    lang: model.language === 'de' ? 'de-DE' : 'en-GB',
    displayTitle: true,
    bufferPages: true,
    font: regular as never,
    info: {
      Title: title,
      Author: model.seller.name,
      Subject: title,
      Creator: 'channeldesk',
      Producer: 'channeldesk (pdfkit)',
      CreationDate: created,
      ModDate: created,
    },
  });
  // The file identifier (trailer /ID) from the invoice id instead of pdfkit's hash of the info.
  (doc as unknown as { _id: Uint8Array })._id = createHash('md5')
    .update(`channeldesk-invoice:${model.id}`)
    .digest();
  doc.registerFont(REGULAR, regular as never);
  doc.registerFont(BOLD, bold as never);
  shareLayoutCaches(doc);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  let y = drawHeader(doc, model);
  y = drawLines(doc, model, y);
  y = drawTotals(doc, model, y);
  drawNotesAndPayment(doc, model, y);
  drawFooters(doc, model);
  doc.end();
  return done;
}
