import type { Clock } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { systemScope } from '../../shared/scope';
import { createCharge } from './accounts';
import { runDunning } from './dunning-run';
import { berlinDate } from './invoice-document';
import { issueInvoices } from './invoice-issue';
import { createPayment } from './payments/service';

// Scenario S2 on the demo data: Bäckerei Sommer GmbH's direct debit for a top-up bounced. The
// history is written as it would have happened, each step with the clock set back to its day, so
// every date, number, notice and audit entry is what the live system would have made:
//   50 days ago  top-up 50,00 € net, invoiced (due 14 days later)
//   36 days ago  the SEPA direct debit pays it
//   33 days ago  the bank returns the debit (the invoice is open again); return-debit fee 3,00 €
//   28 days ago  dunning level 1 (Zahlungserinnerung, free)
//   14 days ago  level 2 (1. Mahnung, dunning fee 5,00 €)
// The two fees stay uninvoiced: the customer asks for their invoice in the portal. Level 3 (the
// 2. Mahnung that blocks the service) is due on the seeding day, so the next dunning run, by the
// billing clerk's button or the nightly timer, blocks the customer.

export const S2_CUSTOMER_NAME = 'Bäckerei Sommer GmbH';

const DAY_MS = 86_400_000;
const TOPUP_NET_CENTS = 5000;
const RETURN_DEBIT_FEE_CENTS = 300;

/** Writes S2's history for the demo's Bäckerei Sommer; nothing when it or the seller settings are missing. */
export async function seedDemoS2(deps: Deps): Promise<void> {
  const customer = await deps.db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('kind', '=', 'customer')
    .where('name', '=', S2_CUSTOMER_NAME)
    .executeTakeFirst();
  if (!customer) return;
  const scope = systemScope('demo seed');
  const now = deps.clock.now().getTime();
  const daysAgo = (days: number): Deps => {
    const clock: Clock = { now: () => new Date(now - days * DAY_MS) };
    return { ...deps, clock };
  };
  const dayOf = (days: number) => berlinDate(daysAgo(days).clock.now());

  const topup = await createCharge(daysAgo(50), scope, customer.id, {
    type: 'topup',
    amountCents: TOPUP_NET_CENTS,
    description: 'Guthabenaufladung Druckkontingent (5.000 Seiten)',
    serviceDate: dayOf(50),
  });
  const issued = await issueInvoices(daysAgo(50), scope, { customerId: customer.id, chargeIds: [topup.id] });
  const invoice = issued.invoices[0]!;

  await createPayment(daysAgo(36), scope, {
    customerId: customer.id,
    amountCents: invoice.amountDueCents,
    bookingDate: dayOf(36),
    reference: 'SEPA-Lastschrift',
    payerName: customer.name,
    invoiceIds: [invoice.id],
  });
  await createPayment(daysAgo(33), scope, {
    customerId: customer.id,
    amountCents: -invoice.amountDueCents,
    bookingDate: dayOf(33),
    reference: 'Rücklastschrift: Konto erloschen',
    payerName: customer.name,
    invoiceIds: [invoice.id],
  });
  await createCharge(daysAgo(33), scope, customer.id, {
    type: 'fee_return_debit',
    amountCents: RETURN_DEBIT_FEE_CENTS,
    description: `Rücklastschriftgebühr zu ${invoice.number}`,
    serviceDate: dayOf(33),
  });

  await runDunning(daysAgo(28), { today: dayOf(28) });
  await runDunning(daysAgo(14), { today: dayOf(14) });
}
