import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { prepareEInvoice, renderEInvoice } from './invoice-einvoice';
import { TEST_BUYER, TEST_SELLER, testCharge, testModel } from './invoice-fixtures';
import type { InvoiceModel } from './invoice-model';

// The generated XRechnung read back with an XML parser and checked against the EN 16931 and
// XRechnung business rules that can be stated on the figures (no official XSD or Schematron
// ships in an npm package, so the structure is checked here and by the library's own schema).

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) =>
    [
      'IncludedSupplyChainTradeLineItem',
      'ApplicableTradeTax',
      'SpecifiedTaxRegistration',
      'InvoiceLine',
      'TaxSubtotal',
      'PartyTaxScheme',
      'IncludedNote',
      'Note',
    ].includes(name),
});

// biome-ignore lint/suspicious/noExplicitAny: parsed XML is walked by its element names
type Node = Record<string, any>;
const text = (node: unknown): string =>
  (typeof node === 'object' && node !== null ? (node as Node)['#text'] : node) as string;
const cents = (value: unknown) => Math.round(Number(text(value)) * 100);

async function cii(model: InvoiceModel) {
  const xml = (await renderEInvoice(model, 'xrechnung_cii')).toString('utf8');
  const root = parser.parse(xml).CrossIndustryInvoice as Node;
  const trade = root.SupplyChainTradeTransaction as Node;
  const settlement = trade.ApplicableHeaderTradeSettlement as Node;
  return {
    xml,
    root,
    agreement: trade.ApplicableHeaderTradeAgreement as Node,
    delivery: trade.ApplicableHeaderTradeDelivery as Node,
    settlement,
    lines: trade.IncludedSupplyChainTradeLineItem as Node[],
    taxes: settlement.ApplicableTradeTax as Node[],
    totals: settlement.SpecifiedTradeSettlementHeaderMonetarySummation as Node,
  };
}

async function ubl(model: InvoiceModel) {
  const xml = (await renderEInvoice(model, 'xrechnung_ubl')).toString('utf8');
  return { xml, invoice: parser.parse(xml).Invoice as Node };
}

/** BR-CO-10/13/14/15, BR-S-8/9 (and the zero-VAT rules' BR-x-8/9), on the CII. */
function expectConsistentCii(doc: Awaited<ReturnType<typeof cii>>, model: InvoiceModel) {
  const lineNets = doc.lines.map((line) =>
    cents(line.SpecifiedLineTradeSettlement.SpecifiedTradeSettlementLineMonetarySummation.LineTotalAmount),
  );
  expect(cents(doc.totals.LineTotalAmount)).toBe(lineNets.reduce((a, b) => a + b, 0)); // BR-CO-10
  expect(cents(doc.totals.TaxBasisTotalAmount)).toBe(cents(doc.totals.LineTotalAmount)); // BR-CO-13, no allowances
  expect(cents(doc.totals.TaxTotalAmount)).toBe(
    doc.taxes.reduce((sum, tax) => sum + cents(tax.CalculatedAmount), 0),
  ); // BR-CO-14
  expect(cents(doc.totals.GrandTotalAmount)).toBe(
    cents(doc.totals.TaxBasisTotalAmount) + cents(doc.totals.TaxTotalAmount),
  ); // BR-CO-15
  expect(cents(doc.totals.DuePayableAmount)).toBe(model.amountDueCents);
  for (const tax of doc.taxes) {
    const sameGroup = doc.lines.filter((line) => {
      const lineTax = line.SpecifiedLineTradeSettlement.ApplicableTradeTax[0];
      return (
        lineTax.CategoryCode === tax.CategoryCode &&
        (lineTax.RateApplicablePercent ?? '') === (tax.RateApplicablePercent ?? '')
      );
    });
    const basis = sameGroup.reduce(
      (sum, line) =>
        sum +
        cents(
          line.SpecifiedLineTradeSettlement.SpecifiedTradeSettlementLineMonetarySummation.LineTotalAmount,
        ),
      0,
    );
    expect(cents(tax.BasisAmount)).toBe(basis); // BR-S-8, BR-AE-8, BR-E-8, BR-O-8
    if (tax.CategoryCode === 'S') {
      const rate = Math.round(Number(tax.RateApplicablePercent) * 100);
      const expected = Math.sign(basis) * Math.round((Math.abs(basis) * rate) / 10_000);
      expect(cents(tax.CalculatedAmount)).toBe(expected); // BR-S-9
    } else {
      expect(cents(tax.CalculatedAmount)).toBe(0); // BR-AE-9, BR-E-9, BR-O-9
      expect(tax.ExemptionReason || tax.ExemptionReasonCode).toBeTruthy(); // BR-AE-10, BR-E-10, BR-O-10
    }
  }
}

/** BR-DE-1/2/3/4/5/6/7/8/9/15/21 on the CII. */
function expectXRechnungFields(doc: Awaited<ReturnType<typeof cii>>) {
  expect(doc.root.ExchangedDocumentContext.GuidelineSpecifiedDocumentContextParameter.ID).toBe(
    'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
  );
  const seller = doc.agreement.SellerTradeParty;
  expect(seller.DefinedTradeContact).toMatchObject({
    PersonName: TEST_SELLER.contactName,
    TelephoneUniversalCommunication: { CompleteNumber: TEST_SELLER.contactPhone },
    EmailURIUniversalCommunication: { URIID: TEST_SELLER.contactEmail },
  });
  expect(seller.PostalTradeAddress).toMatchObject({
    PostcodeCode: '20099',
    CityName: 'Hamburg',
    CountryID: 'DE',
  });
  expect(doc.agreement.BuyerTradeParty.PostalTradeAddress).toMatchObject({
    PostcodeCode: '28195',
    CityName: 'Bremen',
  });
  expect(doc.agreement.BuyerReference).toBe('K-10003');
  const means = doc.settlement.SpecifiedTradeSettlementPaymentMeans;
  expect(means.TypeCode).toBe('58');
  expect(means.PayeePartyCreditorFinancialAccount.IBANID).toBe('DE89370400440532013000');
}

// The first render compiles the library's schema (seconds on a busy machine).
describe('XRechnung CII and UBL', { timeout: 60_000 }, () => {
  it('carries a 19 % and a 7 % line with their own breakdown, consistent totals and the XRechnung fields', async () => {
    const model = testModel([
      testCharge({ id: 'a', quantityThousandths: 1500, unitPriceCents: 3333 }),
      testCharge({
        id: 'b',
        treatment: 'reduced',
        description: 'Fachbuch',
        unitPriceCents: 1999,
        serviceDate: '2026-11-02',
        serviceDateTo: '2026-11-30',
      }),
    ]);
    const doc = await cii(model);
    expect(doc.root.ExchangedDocument).toMatchObject({ ID: 'RE-2026-000042', TypeCode: '380' });
    expect(
      doc.taxes.map((t) => [t.CategoryCode, t.RateApplicablePercent, t.BasisAmount, t.CalculatedAmount]),
    ).toEqual([
      ['S', '19', '50.00', '9.50'],
      ['S', '7', '19.99', '1.40'],
    ]);
    expect(doc.totals).toMatchObject({
      LineTotalAmount: '69.99',
      TaxTotalAmount: { '#text': '10.90' },
      GrandTotalAmount: '80.89',
    });
    expect(text(doc.settlement.SpecifiedTradePaymentTerms.DueDateDateTime.DateTimeString)).toBe('20261220');
    // CII needs a delivery date: the last day of the supply; the period is BG-14.
    expect(text(doc.delivery.ActualDeliverySupplyChainEvent.OccurrenceDateTime.DateTimeString)).toBe(
      '20261130',
    );
    expect(text(doc.settlement.BillingSpecifiedPeriod.StartDateTime.DateTimeString)).toBe('20261102');
    expectConsistentCii(doc, model);
    expectXRechnungFields(doc);
    const registrations = doc.agreement.SellerTradeParty.SpecifiedTaxRegistration.map((r: Node) => [
      r.ID['@schemeID'],
      text(r.ID),
    ]);
    expect(registrations).toEqual([
      ['VA', 'DE812345678'],
      ['FC', '43/123/45678'],
    ]); // BR-DE-16, BR-S-2

    const { invoice } = await ubl(model);
    expect(invoice.CustomizationID).toBe(
      'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
    );
    expect(invoice.InvoiceTypeCode).toBe('380');
    expect(invoice.BuyerReference).toBe('K-10003');
    expect(text(invoice.LegalMonetaryTotal.PayableAmount)).toBe('80.89');
    expect(
      invoice.TaxTotal.TaxSubtotal.map((s: Node) => [
        s.TaxCategory.ID,
        s.TaxCategory.Percent,
        text(s.TaxAmount),
      ]),
    ).toEqual([
      ['S', '19', '9.50'],
      ['S', '7', '1.40'],
    ]);
    expect(invoice.AccountingSupplierParty.Party.Contact).toMatchObject({
      Name: 'Maren Lüders',
      Telephone: '+49 40 3344 5500',
    });
    expect(invoice.InvoiceLine.map((l: Node) => text(l.InvoicedQuantity))).toEqual(['1.5', '1']);
  });

  it('puts a not-subject fee under O without a rate and without any VAT ID (BR-O-2..5)', async () => {
    const model = testModel([
      testCharge({
        id: 'f',
        treatment: 'not_subject',
        description: 'Rücklastschriftgebühr',
        unitPriceCents: 300,
      }),
    ]);
    const doc = await cii(model);
    expect(doc.taxes).toHaveLength(1);
    expect(doc.taxes[0]).toMatchObject({
      CategoryCode: 'O',
      BasisAmount: '3.00',
      CalculatedAmount: '0.00',
      ExemptionReasonCode: 'VATEX-EU-O',
    });
    expect(doc.taxes[0]!.RateApplicablePercent).toBeUndefined();
    expect(doc.xml).not.toContain('DE812345678');
    expect(doc.xml).not.toContain('DE298765432');
    expect(doc.xml).toContain('43/123/45678'); // the tax number stays
    expectConsistentCii(doc, model);
  });

  it('marks reverse charge as AE with both VAT IDs, 0 % and the note (BR-AE-2, -5, -10)', async () => {
    const model = testModel([testCharge({ id: 'r', treatment: 'reverse_charge', unitPriceCents: 120000 })], {
      language: 'en',
    });
    const doc = await cii(model);
    expect(doc.taxes[0]).toMatchObject({
      CategoryCode: 'AE',
      RateApplicablePercent: '0',
      CalculatedAmount: '0.00',
      ExemptionReasonCode: 'VATEX-EU-AE',
    });
    expect(doc.taxes[0]!.ExemptionReason).toBe(
      'Reverse charge: the recipient of the supply is liable for the VAT',
    );
    expect(doc.agreement.BuyerTradeParty.SpecifiedTaxRegistration[0].ID['#text']).toBe('DE298765432');
    expectConsistentCii(doc, model);
  });

  it('gives an exemption its legal basis as the reason (BR-E-10)', async () => {
    const basis = 'Steuerfrei nach § 4 Nr. 8 UStG';
    const model = testModel([
      testCharge({ id: 'e', treatment: 'exempt', exemptionNote: basis, unitPriceCents: 2500 }),
    ]);
    const doc = await cii(model);
    expect(doc.taxes[0]).toMatchObject({
      CategoryCode: 'E',
      RateApplicablePercent: '0',
      ExemptionReason: basis,
    });
    expectConsistentCii(doc, model);
  });

  it('issues a cancellation as 384 with negative amounts referencing the original (BR-DE-26)', async () => {
    const model = testModel([testCharge({ id: 'a', quantityThousandths: 2000 })], {
      cancels: { number: 'RE-2026-000041', issueDate: '2026-12-01' },
      number: 'RE-2026-000043',
    });
    const doc = await cii(model);
    expect(doc.root.ExchangedDocument.TypeCode).toBe('384');
    expect(doc.settlement.InvoiceReferencedDocument.IssuerAssignedID).toBe('RE-2026-000041');
    expect(doc.totals).toMatchObject({
      LineTotalAmount: '-99.80',
      GrandTotalAmount: '-118.76',
      DuePayableAmount: '-118.76',
    });
    expect(text(doc.lines[0]!.SpecifiedLineTradeDelivery.BilledQuantity)).toBe('-2');
    expect(doc.lines[0]!.SpecifiedLineTradeAgreement.NetPriceProductTradePrice.ChargeAmount).toBe('49.90'); // BR-27
    expectConsistentCii(doc, model);
    const { invoice } = await ubl(model);
    expect(invoice.InvoiceTypeCode).toBe('384');
    expect(invoice.BillingReference.InvoiceDocumentReference.ID).toBe('RE-2026-000041');
  });

  it('renders an invoice issued before the seller contact and buyer reference were stored', async () => {
    const { contactName: _n, contactPhone: _p, contactEmail: _e, ...seller } = TEST_SELLER;
    const { reference: _r, ...buyer } = TEST_BUYER;
    const doc = await cii(testModel([testCharge({ id: 'a' })], { seller, buyer }));
    expect(doc.agreement.BuyerReference).toBe('K-10003');
    expect(doc.agreement.SellerTradeParty.DefinedTradeContact.PersonName).toBe('Printwerk Systeme AG');
  });

  it("writes the very text the library's own XML writer would, special characters included", async () => {
    const { contactName: _n, contactPhone: _p, contactEmail: _e, ...oldSeller } = TEST_SELLER;
    const models = [
      testModel([
        testCharge({
          id: 'a',
          description: 'Wartung & Pflege „Büro“ <A4> "Duplex" \'s',
          quantityThousandths: 2500,
        }),
        testCharge({ id: 'b', treatment: 'reduced', unitPriceCents: 1999, serviceDateTo: '2026-11-30' }),
      ]),
      testModel([testCharge({ id: 'r', treatment: 'reverse_charge', unitPriceCents: 120000 })], {
        language: 'en',
        buyer: { ...TEST_BUYER, name: 'Smith & Sons <Ltd> "UK"', country: 'AT', vatId: 'ATU12345678' },
      }),
      testModel([testCharge({ id: 'n', treatment: 'not_subject' })], { seller: oldSeller }),
    ];
    for (const model of models) {
      for (const syntax of ['xrechnung_cii', 'xrechnung_ubl'] as const) {
        const { formatter, data, options } = prepareEInvoice(model, syntax);
        delete (formatter as { renderXML?: unknown }).renderXML;
        const library = String(await formatter.generate(data, options));
        expect((await renderEInvoice(model, syntax)).toString('utf8')).toBe(library);
      }
    }
  });

  it('gives the same bytes for the same invoice', async () => {
    const model = testModel([testCharge({ id: 'a' })]);
    for (const syntax of ['xrechnung_cii', 'xrechnung_ubl'] as const) {
      expect((await renderEInvoice(model, syntax)).equals(await renderEInvoice(model, syntax))).toBe(true);
    }
  });
});
