import { describe, expect, it } from 'vitest';
import { invoiceState } from './invoice-state';

const invoice = { kind: 'invoice', status: 'issued', amountDueCents: 5950 } as const;

describe('the state an account shows for an invoice', () => {
  it('says paid when nothing is open', () => {
    expect(invoiceState({ ...invoice, openCents: 0 })).toBe('paid');
  });
  it('says open when nothing is paid, partly paid when some is', () => {
    expect(invoiceState({ ...invoice, openCents: 5950 })).toBe('open');
    expect(invoiceState({ ...invoice, openCents: 950 })).toBe('partial');
  });
  it('says cancelled for a cancelled invoice and names a cancellation document as such', () => {
    expect(invoiceState({ ...invoice, status: 'cancelled', openCents: 0 })).toBe('cancelled');
    expect(invoiceState({ ...invoice, kind: 'cancellation', amountDueCents: -5950, openCents: 0 })).toBe(
      'cancellation',
    );
  });
});
