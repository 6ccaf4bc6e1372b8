import { expect } from 'vitest';
import type { Session } from './test-server';

// Charges and invoices as the billing clerk makes them through the API, for tests of what reads or
// acts on invoices (files, payments, dunning, account statements).

export type ChargeInput = { type?: string; amountCents: number; description: string };

/** Books a charge (a service unless `type` says otherwise, served 2026-11-20); returns its id. */
export async function bookCharge(clerk: Session, customerId: string, charge: ChargeInput): Promise<string> {
  const response = await clerk.request({
    method: 'POST',
    url: `/api/accounts/${customerId}/charges`,
    payload: { type: 'service', ...charge, serviceDate: '2026-11-20' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

/** Books one charge and invoices it on its own; returns the invoice as the API lists it. */
export async function invoiceCharge<Invoice = { id: string; number: string; amountDueCents: number }>(
  clerk: Session,
  customerId: string,
  charge: ChargeInput,
): Promise<Invoice> {
  const chargeId = await bookCharge(clerk, customerId, charge);
  const issued = await clerk.request({
    method: 'POST',
    url: '/api/invoices',
    payload: { customerId, chargeIds: [chargeId] },
  });
  expect(issued.statusCode, issued.body).toBe(201);
  return issued.json<{ invoices: Invoice[] }>().invoices[0]!;
}
