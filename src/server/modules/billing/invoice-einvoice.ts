import { FormatFactoryService, type Invoice, invoiceSchema, type Logger } from '@e-invoice-eu/core';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019';
import { basisPointsToPercent, centsToDecimal, formatDate, thousandthsToDecimal } from './invoice-format';
import { buyerReference, type InvoiceModel } from './invoice-model';
import { fill, PDF_LABELS } from './invoice-pdf-labels';
import { writeXml } from './invoice-xml';
import { embedFacturX } from './invoice-zugferd';

// The e-invoices of an issued invoice, built with @e-invoice-eu/core from the stored figures
// (the library computes nothing: every amount, the VAT breakdown and the totals come from the
// row as issued). XRechnung 3.0 in CII and UBL; ZUGFeRD/Factur-X (EN 16931 profile) embeds the
// CII as factur-x.xml into our own PDF/A-3.
//
// Document type: an invoice is 380. A cancellation (Stornorechnung) carries the original's lines
// with negated quantities and amounts, so it is 384 "corrected invoice" referencing the original
// (BG-3, BT-25), not 381: a 381 credit note states the credited amounts as positive figures (in
// UBL it becomes a CreditNote document) and negative amounts there would read as a charge again;
// 384 keeps the invoice semantics, in which negative amounts are a credit, and XRechnung allows it
// (BR-DE-17) and asks for the preceding invoice reference with it (BR-DE-26).

export type EInvoiceSyntax = 'xrechnung_cii' | 'xrechnung_ubl' | 'zugferd';

const FORMAT_NAMES: Record<EInvoiceSyntax, string> = {
  xrechnung_cii: 'XRECHNUNG-CII',
  xrechnung_ubl: 'XRECHNUNG-UBL',
  zugferd: 'Factur-X-EN16931',
};

/** UNTDID 5305 exemption reason codes (BT-121) for the categories we issue without VAT. */
const EXEMPTION_CODES: Record<string, string> = { AE: 'VATEX-EU-AE', O: 'VATEX-EU-O' };

function amount(cents: number): string {
  return centsToDecimal(cents);
}

/** The VAT category as EN 16931 wants it: O has no rate (BR-O-5, BR-O-10), the others have one. */
function category(code: string, rateBasisPoints: number) {
  return {
    'cbc:ID': code,
    ...(code === 'O' ? {} : { 'cbc:Percent': basisPointsToPercent(rateBasisPoints) }),
    'cac:TaxScheme': { 'cbc:ID': 'VAT' },
  };
}

function address(party: {
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
}) {
  return {
    ...(party.street ? { 'cbc:StreetName': party.street } : {}),
    ...(party.city ? { 'cbc:CityName': party.city } : {}),
    ...(party.postalCode ? { 'cbc:PostalZone': party.postalCode } : {}),
    'cac:Country': { 'cbc:IdentificationCode': party.country },
  };
}

/** The invoice in the library's input form (UBL-shaped JSON), every figure from the stored row. */
export function toEInvoiceData(model: InvoiceModel): Invoice {
  const { seller, buyer } = model;
  const t = PDF_LABELS[model.language];
  const onlyNotSubject = model.vatBreakdown.every((group) => group.category === 'O');
  // BR-O-2/3/4: a not-subject document names no VAT ID of seller or buyer; the tax number may stay.
  const sellerTaxSchemes = [
    ...(seller.vatId && !onlyNotSubject
      ? [{ 'cbc:CompanyID': seller.vatId, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } }]
      : []),
    ...(seller.taxNumber ? [{ 'cbc:CompanyID': seller.taxNumber, 'cac:TaxScheme': { 'cbc:ID': 'FC' } }] : []),
  ].slice(0, 2);
  const legalInformation = [
    seller.registerCourt || seller.registerNumber
      ? `${t.register}: ${[seller.registerCourt, seller.registerNumber].filter(Boolean).join(' ')}`
      : null,
    seller.managingDirectors.length > 0
      ? `${t.managingDirectors}: ${seller.managingDirectors.join(', ')}`
      : null,
  ].filter((part): part is string => Boolean(part));
  // Older invoices were issued before the seller contact was required: their e-invoice names the
  // seller's legal name as contact point so that it stays renderable (BR-DE-2).
  const contactEmail = seller.contactEmail ?? buyer.email ?? '';
  const { start, end } = model.servicePeriod;
  const notes = model.notes.map((note) => note.text);
  const paymentNote =
    model.amountDueCents < 0
      ? t.refund!
      : fill(t.paymentTerms!, { date: formatDate(model.dueDate, model.language), number: model.number });

  const data = {
    'ubl:Invoice': {
      'cbc:ID': model.number,
      'cbc:IssueDate': model.issueDate,
      'cbc:DueDate': model.dueDate,
      'cbc:InvoiceTypeCode': model.kind === 'cancellation' ? '384' : '380',
      ...(notes.length > 0 ? { 'cbc:Note': notes } : {}),
      'cbc:DocumentCurrencyCode': model.currency,
      'cbc:BuyerReference': buyerReference(model),
      ...(start !== end ? { 'cac:InvoicePeriod': { 'cbc:StartDate': start, 'cbc:EndDate': end } } : {}),
      ...(model.cancels
        ? { 'cac:BillingReference': [{ 'cac:InvoiceDocumentReference': { 'cbc:ID': model.cancels.number } }] }
        : {}),
      'cac:AccountingSupplierParty': {
        'cac:Party': {
          'cbc:EndpointID': contactEmail,
          'cbc:EndpointID@schemeID': 'EM',
          'cac:PostalAddress': address(seller),
          ...(sellerTaxSchemes.length > 0 ? { 'cac:PartyTaxScheme': sellerTaxSchemes } : {}),
          'cac:PartyLegalEntity': {
            'cbc:RegistrationName': seller.name,
            ...(seller.registerNumber ? { 'cbc:CompanyID': seller.registerNumber } : {}),
            ...(legalInformation.length > 0 ? { 'cbc:CompanyLegalForm': legalInformation.join('; ') } : {}),
          },
          'cac:Contact': {
            'cbc:Name': seller.contactName ?? seller.name,
            'cbc:Telephone': seller.contactPhone ?? '-',
            'cbc:ElectronicMail': contactEmail,
          },
        },
      },
      'cac:AccountingCustomerParty': {
        'cac:Party': {
          'cbc:EndpointID': buyer.email ?? contactEmail,
          'cbc:EndpointID@schemeID': 'EM',
          'cac:PartyIdentification': { 'cbc:ID': buyer.number },
          'cac:PostalAddress': address(buyer),
          ...(buyer.vatId && !onlyNotSubject
            ? { 'cac:PartyTaxScheme': { 'cbc:CompanyID': buyer.vatId, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } } }
            : {}),
          'cac:PartyLegalEntity': { 'cbc:RegistrationName': buyer.name },
        },
      },
      // CII needs a delivery date: the last day of the supply (the period is BG-14 above).
      'cac:Delivery': { 'cbc:ActualDeliveryDate': end },
      'cac:PaymentMeans': [
        {
          'cbc:PaymentMeansCode': '58',
          'cbc:PaymentID': model.number,
          'cac:PayeeFinancialAccount': {
            'cbc:ID': seller.iban,
            'cbc:Name': seller.name,
            ...(seller.bic ? { 'cac:FinancialInstitutionBranch': { 'cbc:ID': seller.bic } } : {}),
          },
        },
      ],
      'cac:PaymentTerms': { 'cbc:Note': paymentNote },
      'cac:TaxTotal': [
        {
          'cbc:TaxAmount': amount(model.vatTotalCents),
          'cbc:TaxAmount@currencyID': model.currency,
          'cac:TaxSubtotal': model.vatBreakdown.map((group) => ({
            'cbc:TaxableAmount': amount(group.taxableCents),
            'cbc:TaxableAmount@currencyID': model.currency,
            'cbc:TaxAmount': amount(group.vatCents),
            'cbc:TaxAmount@currencyID': model.currency,
            'cac:TaxCategory': {
              ...category(group.category, group.rateBasisPoints),
              ...(EXEMPTION_CODES[group.category]
                ? { 'cbc:TaxExemptionReasonCode': EXEMPTION_CODES[group.category] }
                : {}),
              ...(group.category === 'E'
                ? { 'cbc:TaxExemptionReason': group.exemptionNote ?? '' }
                : group.category !== 'S'
                  ? {
                      'cbc:TaxExemptionReason':
                        model.notes.find(
                          (note) =>
                            note.kind === (group.category === 'AE' ? 'reverse_charge' : 'not_subject'),
                        )?.text ?? '',
                    }
                  : {}),
            },
          })),
        },
      ],
      'cac:LegalMonetaryTotal': {
        'cbc:LineExtensionAmount': amount(model.lineTotalCents),
        'cbc:LineExtensionAmount@currencyID': model.currency,
        'cbc:TaxExclusiveAmount': amount(model.lineTotalCents),
        'cbc:TaxExclusiveAmount@currencyID': model.currency,
        'cbc:TaxInclusiveAmount': amount(model.grandTotalCents),
        'cbc:TaxInclusiveAmount@currencyID': model.currency,
        ...(model.grandTotalCents !== model.amountDueCents
          ? {
              'cbc:PrepaidAmount': amount(model.grandTotalCents - model.amountDueCents),
              'cbc:PrepaidAmount@currencyID': model.currency,
            }
          : {}),
        'cbc:PayableAmount': amount(model.amountDueCents),
        'cbc:PayableAmount@currencyID': model.currency,
      },
      'cac:InvoiceLine': model.lines.map((line) => ({
        'cbc:ID': String(line.position),
        'cbc:InvoicedQuantity': thousandthsToDecimal(line.quantityThousandths),
        'cbc:InvoicedQuantity@unitCode': 'C62',
        'cbc:LineExtensionAmount': amount(line.lineNetCents),
        'cbc:LineExtensionAmount@currencyID': model.currency,
        ...(line.serviceDateTo && line.serviceDateTo !== line.serviceDate
          ? { 'cac:InvoicePeriod': { 'cbc:StartDate': line.serviceDate, 'cbc:EndDate': line.serviceDateTo } }
          : {}),
        'cac:Item': {
          'cbc:Name': line.description,
          'cac:ClassifiedTaxCategory': category(line.vatCategory, line.vatRateBasisPoints),
        },
        'cac:Price': {
          'cbc:PriceAmount': amount(line.unitPriceCents),
          'cbc:PriceAmount@currencyID': model.currency,
        },
      })),
    },
  };
  return data as unknown as Invoice;
}

const quietLogger: Logger = { log: () => {}, warn: () => {}, error: () => {} };

/**
 * The library's Factur-X formatter builds the CII (with the EN 16931 profile's guideline and
 * field mask) and then loads, extends and saves the finished PDF with pdf-lib, stamping the time
 * of generation into it. Only the first step is taken from it here: the CII generation of its
 * CII base class, run on the Factur-X formatter; the XML goes into our own PDF as an
 * incremental update (invoice-zugferd.ts), dated at issue.
 */
function facturXml(formatter: object, data: Invoice, options: object): Promise<string> {
  let proto = Object.getPrototypeOf(formatter);
  while (proto && !Object.hasOwn(proto, 'syntax')) proto = Object.getPrototypeOf(proto);
  if (!proto) throw new Error('e-invoice library: no CII formatter behind Factur-X');
  return (proto as { generate(data: Invoice, options: object): Promise<string> }).generate.call(
    formatter,
    data,
    options,
  );
}

// The library's InvoiceService compiles its JSON schema on every call (most of a second); the
// same steps (schema patched for the format, validation, defaults, generation) run here with
// the compiled validator kept per format, so rendering thousands of invoices stays fast.
const factory = new FormatFactoryService();
const validators = new Map<string, ValidateFunction>();

function validatorFor(format: string, formatter: { patchSchema(schema: unknown): void }): ValidateFunction {
  let validate = validators.get(format);
  if (!validate) {
    const schema = structuredClone(invoiceSchema);
    formatter.patchSchema(schema);
    validate = new Ajv2019({ strict: true, allErrors: true, useDefaults: true }).compile(schema);
    validators.set(format, validate);
  }
  return validate;
}

/**
 * XRechnung (CII or UBL) as XML bytes, or ZUGFeRD as the given PDF with the CII embedded. The
 * input is validated against the library's schema first; a missing field throws.
 */
export async function renderEInvoice(
  model: InvoiceModel,
  syntax: EInvoiceSyntax,
  pdf?: Buffer,
): Promise<Buffer> {
  if (syntax === 'zugferd' && !pdf) throw new Error('ZUGFeRD needs the invoice PDF to embed the XML into');
  const { formatter, data, options } = prepareEInvoice(model, syntax);
  if (syntax === 'zugferd') {
    const xml = Buffer.from(await facturXml(formatter, data, options), 'utf8');
    return embedFacturX(pdf!, xml, { createdAt: model.createdAt, conformanceLevel: 'EN 16931' });
  }
  const output = await formatter.generate(data, options);
  return typeof output === 'string' ? Buffer.from(output, 'utf8') : Buffer.from(output);
}

type LibraryXmlWriter = {
  renderXML(data: Record<string, unknown>): string;
  cleanAttributes(data: Record<string, unknown>): void;
};

/**
 * The formatter's last step, its object to XML text, done by `writeXml` (invoice-xml.ts) instead
 * of building an xmlbuilder2 DOM: the same text (compared in the tests), several times faster.
 * An object it does not know how to write goes to the library's own writer.
 */
function writeXmlDirectly(formatter: LibraryXmlWriter) {
  const library = formatter.renderXML.bind(formatter);
  formatter.renderXML = (data) => {
    formatter.cleanAttributes(data);
    try {
      return writeXml(data);
    } catch {
      return library(data);
    }
  };
}

/** The library's formatter for the syntax with the invoice's input, validated and completed. */
export function prepareEInvoice(model: InvoiceModel, syntax: EInvoiceSyntax) {
  const format = factory.normalizeFormat(FORMAT_NAMES[syntax]);
  const formatter = factory.createFormatService(format, quietLogger);
  writeXmlDirectly(formatter as unknown as LibraryXmlWriter);
  const data = toEInvoiceData(model);
  const validate = validatorFor(format, formatter);
  if (!validate(data)) {
    throw new Error(`e-invoice data of ${model.number} invalid: ${JSON.stringify(validate.errors)}`);
  }
  if (syntax !== 'xrechnung_ubl' && model.cancels) {
    // The library's CII mapping reads the preceding invoice (BT-25/26) from the BillingReference
    // item itself, not from its InvoiceDocumentReference as the schema has it; given there after
    // validation, the CII carries the reference (BR-DE-26) and the UBL stays as the schema says.
    const references = (
      data as unknown as { 'ubl:Invoice': { 'cac:BillingReference': Record<string, unknown>[] } }
    )['ubl:Invoice']['cac:BillingReference'];
    Object.assign(references[0]!, {
      'cbc:ID': model.cancels.number,
      'cbc:IssueDate': model.cancels.issueDate,
    });
  }
  formatter.fillInvoiceDefaults(data);
  const options = { format, lang: model.language === 'de' ? 'de-de' : 'en-gb', noWarnings: true };
  return { formatter, data, options };
}
