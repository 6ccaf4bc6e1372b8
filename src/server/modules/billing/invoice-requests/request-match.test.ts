import { describe, expect, it } from 'vitest';
import {
  decideInvoiceRequest,
  invoiceNumberKey,
  mentionedInvoiceNumbers,
  namedKinds,
  type RequestFacts,
  type RequestInvoice,
} from './request-match';

const invoice = (over: Partial<RequestInvoice> & { id: string; number: string }): RequestInvoice => ({
  kind: 'invoice',
  status: 'issued',
  issueDate: '2026-11-20',
  typeCodes: ['topup'],
  ...over,
});

const facts = (over: Partial<RequestFacts>): RequestFacts => ({
  text: '',
  invoices: [],
  foreignNumberKeys: [],
  uninvoicedCharges: [],
  seriesPrefix: 'RE-',
  today: '2026-12-08',
  ...over,
});

describe('reading invoice numbers from a request', () => {
  it('reads the number however it was typed', () => {
    const key = invoiceNumberKey('RE-2026-000042');
    expect(key).toBe('RE 2026 42');
    for (const written of ['re-2026-42', 'RE 2026/000042', 'RE2026000042', 'RE-2026 - 42', 'Re.2026.42']) {
      expect(invoiceNumberKey(written)).toBe(key);
    }
  });

  it('finds the numbers in a sentence and leaves ordinary numbers alone', () => {
    expect(
      mentionedInvoiceNumbers(
        'Mir fehlt die Rechnung RE-2026-000042 (und RE 2026/43), Seite 2, am 12.11.',
      ).map((n) => n.key),
    ).toEqual(['RE 2026 42', 'RE 2026 43']);
    expect(mentionedInvoiceNumbers('Bitte senden Sie mir eine Rechnung für die Gebühr')).toEqual([]);
  });
});

describe('naming a kind of charge', () => {
  it('takes Gebühr and its compounds as fees, Aufladung and top-up as top-ups', () => {
    expect(namedKinds('eine Rechnung für die Gebühr').map((k) => k.kind)).toEqual(['fee']);
    expect(namedKinds('Rechnung für die Rücklastschriftgebühr').map((k) => k.kind)).toEqual(['fee']);
    expect(namedKinds('RECHNUNG FUER DIE GEBUEHREN').map((k) => k.kind)).toEqual(['fee']);
    expect(namedKinds('invoice for the top-up').map((k) => k.kind)).toEqual(['topup']);
    expect(namedKinds('Rechnung für die Guthabenaufladung').map((k) => k.kind)).toEqual(['topup']);
    expect(namedKinds('Bitte eine Rechnung')).toEqual([]);
  });
});

describe('deciding what answers an invoice request', () => {
  const charges = [
    { id: 'c-topup', typeCode: 'topup' },
    { id: 'c-fee', typeCode: 'fee_return_debit' },
    { id: 'c-dunning', typeCode: 'fee_dunning' },
  ];

  it('invoices the uninvoiced fees when the customer asks for the invoice for the fee (S2)', () => {
    expect(
      decideInvoiceRequest(
        facts({ text: 'Bitte senden Sie mir eine Rechnung für die Gebühr', uninvoicedCharges: charges }),
      ),
    ).toEqual({ action: 'issue', chargeIds: ['c-fee', 'c-dunning'], kinds: ['fee'] });
  });

  it('invoices every uninvoiced charge when no kind is named', () => {
    expect(decideInvoiceRequest(facts({ text: 'Rechnung fehlt', uninvoicedCharges: charges }))).toMatchObject(
      {
        action: 'issue',
        chargeIds: ['c-topup', 'c-fee', 'c-dunning'],
      },
    );
  });

  it('sends the invoices the customer names, when they are its own', () => {
    const own = invoice({ id: 'i-42', number: 'RE-2026-000042' });
    expect(
      decideInvoiceRequest(
        facts({ text: 'Mir fehlt re 2026/42', invoices: [own], uninvoicedCharges: charges }),
      ),
    ).toEqual({ action: 'send_invoices', invoiceIds: ['i-42'], because: 'numbers' });
  });

  it('hands a number of another customer to the clerks, saying only what the customer wrote', () => {
    const decision = decideInvoiceRequest(
      facts({
        text: 'Bitte senden Sie mir RE-2026-000099',
        invoices: [invoice({ id: 'i-42', number: 'RE-2026-000042' })],
        foreignNumberKeys: ['RE 2026 99'],
        uninvoicedCharges: charges,
      }),
    );
    expect(decision).toEqual({
      action: 'hand_over',
      missing:
        'Die genannte Rechnungsnummer „RE-2026-000099“ ist keine Rechnung dieses Kunden; nichts wurde verschickt.',
    });
  });

  it('hands over a number of the series that does not exist, even when the customer has no invoices yet', () => {
    expect(
      decideInvoiceRequest(facts({ text: 'Rechnung RE-2026-000777 fehlt', uninvoicedCharges: charges })),
    ).toMatchObject({ action: 'hand_over' });
  });

  it('sends the recent invoices of the named kind when nothing is left to invoice', () => {
    const feeInvoice = invoice({ id: 'i-fee', number: 'RE-2026-000050', typeCodes: ['fee_return_debit'] });
    const old = invoice({
      id: 'i-old',
      number: 'RE-2026-000001',
      typeCodes: ['fee_dunning'],
      issueDate: '2026-08-01',
    });
    const cancelled = invoice({
      id: 'i-c',
      number: 'RE-2026-000051',
      typeCodes: ['fee_dunning'],
      status: 'cancelled',
    });
    const topup = invoice({ id: 'i-t', number: 'RE-2026-000052' });
    expect(
      decideInvoiceRequest(
        facts({ text: 'Rechnung für die Gebühr fehlt', invoices: [topup, cancelled, feeInvoice, old] }),
      ),
    ).toEqual({ action: 'send_invoices', invoiceIds: ['i-fee'], because: 'recent' });
  });

  it('hands over with what was missing when nothing matches', () => {
    expect(decideInvoiceRequest(facts({ text: 'Rechnung für die Gebühr fehlt' }))).toEqual({
      action: 'hand_over',
      missing:
        'Keine unberechneten Posten zu „Gebühr“ und keine Rechnung zu „Gebühr“ der letzten 90 Tage dieses Kunden gefunden.',
    });
    // Without a kind, old invoices are not guessed at.
    expect(
      decideInvoiceRequest(
        facts({ text: 'Rechnung fehlt', invoices: [invoice({ id: 'i', number: 'RE-2026-000052' })] }),
      ),
    ).toMatchObject({ action: 'hand_over' });
  });
});
