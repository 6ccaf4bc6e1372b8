import { expect, test } from '@playwright/test';
import { apiSession, DESKTOP, logIn, pageSettled, SCREENSHOTS, shootBoth } from './support';

// Payments in the browser on the demo data: the billing clerk uploads a CAMT.053 statement, one
// payment is matched by the invoice number in its reference, the other (an unknown payer) lands
// on the worklist, and the clerk allocates it by hand to the customer's open invoice.

const CLERK = 'billing@printwerk.example';
const SHOTS = `${SCREENSHOTS}/billing`;
const stamp = Date.now();

type Invoice = { id: string; number: string; amountDueCents: number };

async function invoiceFor(
  session: Awaited<ReturnType<typeof apiSession>>,
  customerId: string,
  amountCents: number,
): Promise<Invoice> {
  const headers = { 'x-csrf-token': session.csrf };
  const charge = await session.api.post(`/api/accounts/${customerId}/charges`, {
    headers,
    data: { type: 'service', amountCents, description: `Wartung ${stamp}`, serviceDate: '2026-11-20' },
  });
  expect(charge.status(), await charge.text()).toBe(201);
  const issued = await session.api.post('/api/invoices', {
    headers,
    data: { customerId, chargeIds: [(await charge.json()).id] },
  });
  expect(issued.status(), await issued.text()).toBe(201);
  return (await issued.json()).invoices[0];
}

function camt(entries: { ref: string; cents: number; name: string; text: string }[]): string {
  const ntry = entries
    .map(
      (e) => `<Ntry><Amt Ccy="EUR">${(e.cents / 100).toFixed(2)}</Amt><CdtDbtInd>CRDT</CdtDbtInd>
  <Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-12-04</Dt></BookgDt><ValDt><Dt>2026-12-04</Dt></ValDt>
  <AcctSvcrRef>${e.ref}</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>${e.name}</Nm></Pty></Dbtr></RltdPties>
  <RmtInf><Ustrd>${e.text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt>
<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
${ntry}
</Stmt></BkToCstmrStmt></Document>`;
}

test('the billing clerk uploads a CAMT statement, sees one payment matched and allocates the other', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const clerk = await apiSession(CLERK);
  const customers = (await (await clerk.api.get('/api/organisations?kind=customer&limit=200')).json())
    .items as {
    id: string;
    name: string;
  }[];
  const sommer = customers.find((c) => c.name.startsWith('Bäckerei Sommer'))!;
  const other = customers.find((c) => c.id !== sommer.id)!;
  const byReference = await invoiceFor(clerk, sommer.id, 4990);
  const byHand = await invoiceFor(clerk, other.id, 12000);
  const payer = `Privatkonto ${stamp}`;
  const statement = camt([
    {
      ref: `E2E-${stamp}-1`,
      cents: byReference.amountDueCents,
      name: 'Baeckerei Sommer',
      text: `Rechnung ${byReference.number}`,
    },
    { ref: `E2E-${stamp}-2`, cents: byHand.amountDueCents, name: payer, text: 'Wartung Dezember' },
  ]);

  await page.setViewportSize(DESKTOP);
  await logIn(page, CLERK);
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Zahlungen' })
    .click();
  await expect(page).toHaveURL(/\/billing\/payments$/);
  await pageSettled(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Zahlungen' })).toBeVisible();

  await page.locator('input[type="file"]').setInputFiles({
    name: `auszug-${stamp}.xml`,
    mimeType: 'application/xml',
    buffer: Buffer.from(statement),
  });
  await page.getByRole('button', { name: 'Einlesen' }).click();
  await expect(page.getByRole('status')).toContainText(
    '2 neue Zahlungen (0 schon eingelesen): 1 zugeordnet, 0 teilweise zugeordnet, 1 nicht zugeordnet.',
  );
  const row = page.getByRole('row', { name: new RegExp(payer) });
  await expect(row).toBeVisible();
  await expect(page.getByRole('row', { name: /Baeckerei Sommer/ })).toHaveCount(0);
  await shootBoth(page, { dir: SHOTS, name: 'payments-worklist', fitsPhone: true });

  await row.getByRole('button', { name: /zuordnen/ }).click();
  const form = page.getByRole('region', { name: /zuordnen/ });
  await form.getByRole('textbox', { name: 'Kunde' }).fill(other.name.slice(0, 6));
  await page.getByRole('option', { name: new RegExp(other.name) }).click();
  await form.getByRole('checkbox', { name: new RegExp(byHand.number) }).check();
  await shootBoth(page, { dir: SHOTS, name: 'payments-allocate', fitsPhone: true, accessible: 'desktop' });
  await form.getByRole('button', { name: 'Zuordnen', exact: true }).click();
  await expect(page.getByText('Die Zahlung ist zugeordnet.')).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(payer) })).toHaveCount(0);

  const account = await (await clerk.api.get(`/api/accounts/${other.id}`)).json();
  expect(account.payments[0]).toMatchObject({ status: 'matched', amountCents: byHand.amountDueCents });
});
