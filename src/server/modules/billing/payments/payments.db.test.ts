import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceCharge } from '../../../../../test/billing';
import { startChannelServer } from '../../../../../test/channel-server';
import { DIALECTS } from '../../../../../test/dialects';
import type { Channel } from '../../../../../test/factories';
import type { Session, TestServer } from '../../../../../test/test-server';
import { seedDemoBilling } from '../demo-seed';
import type { Payment } from './schemas';

type Entry = { ref: string; cents: number; name?: string; iban?: string; text?: string; debit?: boolean };
type Imported = {
  imported: number;
  duplicates: number;
  matched: number;
  partial: number;
  unmatched: number;
  payments: Payment[];
};

const amount = (cents: number) => (cents / 100).toFixed(2);
/** A camt.053.001.08 statement with one entry per payment, each with its bank reference. */
function camt(entries: Entry[]): string {
  const ntry = entries
    .map(
      (e) => `
      <Ntry>
        <Amt Ccy="EUR">${amount(e.cents)}</Amt><CdtDbtInd>${e.debit ? 'DBIT' : 'CRDT'}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-12-04</Dt></BookgDt><ValDt><Dt>2026-12-04</Dt></ValDt>
        <AcctSvcrRef>${e.ref}</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties><Dbtr><Pty><Nm>${e.name ?? 'Unbekannt'}</Nm></Pty></Dbtr>${
            e.iban ? `<DbtrAcct><Id><IBAN>${e.iban}</IBAN></Id></DbtrAcct>` : ''
          }</RltdPties>
          <RmtInf><Ustrd>${e.text ?? ''}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt>
  <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>${ntry}
</Stmt></BkToCstmrStmt></Document>`;
}

for (const dialect of DIALECTS) {
  describe(`payments [${dialect}]`, { timeout: 60_000 }, () => {
    let server: TestServer;
    let channel: Channel;
    let clerk: Session;
    let agent: Session;
    let partner: Session;
    let customer: Session;
    let statement = 0;
    const nextRef = () => `BANKREF-${dialect}-${++statement}`;

    const invoiceFor = async (customerId: string, netCents: number) => {
      const invoice = await invoiceCharge(clerk, customerId, {
        amountCents: netCents,
        description: 'Wartung',
      });
      return { id: invoice.id, number: invoice.number, dueCents: invoice.amountDueCents };
    };
    const importBody = (body: string, type = 'application/xml', by = clerk) =>
      by.request({
        method: 'POST',
        url: '/api/payments/import',
        headers: { 'content-type': type },
        payload: body,
      });
    const importOk = async (body: string, type = 'application/xml') => {
      const response = await importBody(body, type);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<Imported>();
    };
    const account = async (customerId: string) =>
      (await clerk.request({ method: 'GET', url: `/api/accounts/${customerId}` })).json();
    const counts = async () => ({
      payments: (await server.deps.db.selectFrom('payment').select('id').execute()).length,
      allocations: (await server.deps.db.selectFrom('payment_allocation').select('payment_id').execute())
        .length,
      audit: (await server.deps.db.selectFrom('audit_log').select('id').execute()).length,
    });

    beforeAll(async () => {
      ({ server, channel, clerk, agent, partner, customer } = await startChannelServer(dialect, {
        clerk: 'billing_clerk',
        agent: 'agent',
        partner: 'partner_admin',
        customer: 'customer_user',
      }));
      await seedDemoBilling(server.deps);
    });
    afterAll(async () => server.close());

    it('matches by reference and by amount and payer, puts a short payment on the worklist, and the balance falls', async () => {
      const sommer = await invoiceFor(channel.customerA1.id, 10000);
      const ahrens = await invoiceFor(channel.customerA2.id, 7300);
      const brandl = await invoiceFor(channel.customerB1.id, 5000);
      const before = await account(channel.customerA1.id);
      const spaced = sommer.number.replaceAll('-', ' ').toLowerCase();
      const result = await importOk(
        camt([
          { ref: nextRef(), cents: sommer.dueCents, name: 'Bäckerei Sommer', text: `Rechnung ${spaced}` },
          { ref: nextRef(), cents: ahrens.dueCents, name: 'KANZLEI AHRENS', text: 'Danke fuer die Wartung' },
          { ref: nextRef(), cents: brandl.dueCents - 1000, name: 'Autohaus Brandl', text: brandl.number },
          { ref: nextRef(), cents: 4242, name: 'Wer auch immer', text: 'Spende' },
        ]),
      );
      expect(result).toMatchObject({ imported: 4, duplicates: 0, matched: 2, partial: 1, unmatched: 1 });
      expect(
        result.payments.map((p) => [
          p.customer?.name ?? null,
          p.status,
          p.allocations.map((a) => a.invoiceNumber),
        ]),
      ).toEqual([
        ['Bäckerei Sommer GmbH', 'matched', [sommer.number]],
        ['Kanzlei Ahrens', 'matched', [ahrens.number]],
        ['Autohaus Brandl', 'partial', [brandl.number]],
        [null, 'unmatched', []],
      ]);
      const after = await account(channel.customerA1.id);
      expect(after.balanceCents).toBe(before.balanceCents - sommer.dueCents);
      expect(after.payments[0]).toMatchObject({ amountCents: sommer.dueCents, status: 'matched' });

      const worklist = await clerk.request({ method: 'GET', url: '/api/payments?status=unmatched,partial' });
      expect(
        worklist
          .json()
          .items.map((p: Payment) => p.amountCents)
          .sort(),
      ).toEqual([brandl.dueCents - 1000, 4242].sort());
      const open = await clerk.request({
        method: 'GET',
        url: `/api/payments/open-invoices?customerId=${channel.customerB1.id}`,
      });
      expect(open.json().items).toEqual([
        expect.objectContaining({ number: brandl.number, openCents: 1000 }),
      ]);
    });

    it('changes nothing when the same statement is imported again, also twice at once', async () => {
      const invoice = await invoiceFor(channel.customerA2.id, 2000);
      const file = camt([
        { ref: nextRef(), cents: invoice.dueCents, text: invoice.number },
        { ref: nextRef(), cents: 999, text: 'irgendwas' },
      ]);
      const [first, second] = await Promise.all([importBody(file), importBody(file)]);
      expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
      expect([first.json().imported, second.json().imported].sort()).toEqual([0, 2]);
      expect(first.json().duplicates + second.json().duplicates).toBe(2);
      const before = await counts();
      const again = await importOk(file);
      expect(again).toMatchObject({ imported: 0, duplicates: 2, matched: 0, payments: [] });
      const after = await counts();
      expect(after.payments).toBe(before.payments);
      expect(after.allocations).toBe(before.allocations);
      // Only the import itself is in the log; no payment changed.
      expect(after.audit - before.audit).toBe(1);
    });

    it('takes a return debit from a CSV back from the invoice it names and reopens it', async () => {
      const invoice = await invoiceFor(channel.customerA1.id, 3000);
      const euro = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');
      const csv = `\uFEFFBuchungstag;Valuta;Auftraggeber/Empfänger;IBAN;Verwendungszweck;Betrag\n04.12.2026;04.12.2026;Bäckerei Sommer GmbH;DE02 1203 0000 0000 2020 51;${invoice.number};${euro(invoice.dueCents)}\n`;
      const paid = await importOk(csv, 'text/csv; charset=utf-8');
      expect(paid).toMatchObject({ imported: 1, matched: 1 });
      const settled = await account(channel.customerA1.id);
      const returned = await importOk(
        `${csv}05.12.2026;05.12.2026;Bäckerei Sommer GmbH;DE02120300000000202051;Rücklastschrift ${invoice.number} MD07;-${euro(invoice.dueCents)}\n`,
        'text/csv',
      );
      expect(returned).toMatchObject({ imported: 1, duplicates: 1, matched: 1 });
      expect(returned.payments[0]!.allocations).toEqual([
        { invoiceId: invoice.id, invoiceNumber: invoice.number, amountCents: -invoice.dueCents },
      ]);
      expect((await account(channel.customerA1.id)).balanceCents).toBe(
        settled.balanceCents + invoice.dueCents,
      );
      const open = await clerk.request({
        method: 'GET',
        url: `/api/payments/open-invoices?customerId=${channel.customerA1.id}`,
      });
      expect(open.json().items.map((i: { number: string }) => i.number)).toContain(invoice.number);
    });

    it('lets the clerk allocate a worklist payment by hand or ignore it, audited', async () => {
      const invoice = await invoiceFor(channel.customerB1.id, 4000);
      const result = await importOk(
        camt([
          { ref: nextRef(), cents: invoice.dueCents, name: 'Brandl Privat', text: 'Werkstatt' },
          { ref: nextRef(), cents: 1500, name: 'Lieferant GmbH', text: 'Gutschrift' },
        ]),
      );
      const [unknown, refund] = result.payments;
      expect(unknown!.status).toBe('unmatched');
      const tooMuch = await clerk.request({
        method: 'POST',
        url: `/api/payments/${unknown!.id}/allocate`,
        payload: {
          customerId: channel.customerB1.id,
          allocations: [{ invoiceId: invoice.id, amountCents: invoice.dueCents + 1 }],
        },
      });
      expect(tooMuch.statusCode).toBe(400);
      expect(tooMuch.json().errors[0].field).toBe('allocations.0.amountCents');
      const allocated = await clerk.request({
        method: 'POST',
        url: `/api/payments/${unknown!.id}/allocate`,
        payload: {
          customerId: channel.customerB1.id,
          allocations: [{ invoiceId: invoice.id, amountCents: invoice.dueCents }],
        },
      });
      expect(allocated.statusCode, allocated.body).toBe(200);
      expect(allocated.json()).toMatchObject({
        status: 'matched',
        customer: { id: channel.customerB1.id },
        unallocatedCents: 0,
      });
      const again = await clerk.request({
        method: 'POST',
        url: `/api/payments/${unknown!.id}/ignore`,
        payload: { reason: 'doppelt' },
      });
      expect([again.statusCode, again.json().code]).toEqual([409, 'payment_not_open']);

      const ignored = await clerk.request({
        method: 'POST',
        url: `/api/payments/${refund!.id}/ignore`,
        payload: { reason: 'Gutschrift eines Lieferanten' },
      });
      expect(ignored.json()).toMatchObject({ status: 'ignored', note: 'Gutschrift eines Lieferanten' });
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select(['action', 'actor_person_id'])
        .where('entity_id', 'in', [unknown!.id, refund!.id])
        .orderBy('at')
        .execute();
      expect(audit.map((a) => a.action).sort()).toEqual([
        'payment.allocated',
        'payment.ignored',
        'payment.recorded',
        'payment.recorded',
      ]);
      expect(audit.every((a) => a.actor_person_id === channel.users.billing_clerk.id)).toBe(true);
    });

    it('records a manual payment against the invoices named, a later one from the same IBAN is a known payer', async () => {
      const first = await invoiceFor(channel.customerA2.id, 1100);
      const second = await invoiceFor(channel.customerA2.id, 1700);
      const manual = await clerk.request({
        method: 'POST',
        url: '/api/payments',
        payload: {
          customerId: channel.customerA2.id,
          amountCents: first.dueCents + second.dueCents,
          bookingDate: '2026-12-04',
          payerName: 'Bar bezahlt',
          invoiceIds: [second.id, first.id],
        },
      });
      expect(manual.statusCode, manual.body).toBe(201);
      expect(manual.json()).toMatchObject({
        status: 'matched',
        source: 'manual',
        customer: { id: channel.customerA2.id },
      });
      expect(
        manual
          .json()
          .allocations.map((a: { invoiceId: string }) => a.invoiceId)
          .sort(),
      ).toEqual([first.id, second.id].sort());

      const third = await invoiceFor(channel.customerA2.id, 2100);
      const iban = 'DE75512108001245126199';
      await importOk(
        camt([{ ref: nextRef(), cents: 55, name: 'RA Ahrens privat', iban, text: third.number }]),
      );
      const byIban = await importOk(
        camt([{ ref: nextRef(), cents: third.dueCents - 55, name: 'RA Ahrens privat', iban, text: 'Rest' }]),
      );
      expect(byIban.payments[0]).toMatchObject({
        status: 'matched',
        customer: { id: channel.customerA2.id },
      });
    });

    it('lifts a dunning block as soon as an imported payment settles the account', async () => {
      const hotel = channel.directCustomer.id;
      const invoice = await invoiceFor(hotel, 8000);
      await server.deps.db
        .insertInto('billing_account')
        .values({
          customer_id: hotel,
          dunning_level: 3,
          blocked_at: '2026-11-30T08:00:00.000Z',
          blocked_reason: 'Mahnstufe 3',
          dunning_cycle: 0,
          block_source: 'dunning',
          updated_at: '2026-11-30T08:00:00.000Z',
        })
        .execute();
      expect((await account(hotel)).blocked).toBe(true);
      await importOk(
        camt([{ ref: nextRef(), cents: invoice.dueCents, name: 'Hotel Lindenhof', text: invoice.number }]),
      );
      const after = await account(hotel);
      expect([after.blocked, after.dunningLevel, after.balanceCents]).toEqual([false, 0, 0]);
    });

    it('refuses a bad statement naming the line, and imports nothing of it', async () => {
      const before = await counts();
      const bad = await importBody('Buchungstag;Betrag\n04.12.2026;10,00\n05.12.2026;elf\n', 'text/csv');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().detail).toContain('line 3');
      const missing = await importBody('Datum;Text\n04.12.2026;x\n', 'text/csv');
      expect(missing.json().detail).toContain('Betrag');
      const broken = await importBody(
        camt([{ ref: nextRef(), cents: 100 }]).replace('</Ntry>', ''),
        'application/xml',
      );
      expect(broken.statusCode).toBe(400);
      const json = await clerk.request({ method: 'POST', url: '/api/payments/import', payload: { a: 1 } });
      expect(json.statusCode).toBe(400);
      expect(await counts()).toEqual(before);
    });

    it('shows a customer only its own payments; agents and partners get no payment list', async () => {
      const own = await customer.request({ method: 'GET', url: `/api/accounts/${channel.customerA1.id}` });
      expect(own.statusCode).toBe(200);
      expect(own.json().payments.length).toBeGreaterThan(0);
      expect(own.json().payments.every((p: Payment) => p.customer?.id === channel.customerA1.id)).toBe(true);
      expect(
        (await customer.request({ method: 'GET', url: `/api/accounts/${channel.customerB1.id}` })).statusCode,
      ).toBe(404);
      for (const session of [customer, agent, partner]) {
        expect((await session.request({ method: 'GET', url: '/api/payments' })).statusCode).toBe(403);
      }
      expect(
        (await partner.request({ method: 'GET', url: `/api/accounts/${channel.customerA1.id}` })).statusCode,
      ).toBe(403);
      const missing = await clerk.request({
        method: 'POST',
        url: '/api/payments/00000000-0000-7000-8000-000000000000/ignore',
        payload: { reason: 'x' },
      });
      expect(missing.statusCode).toBe(404);
    });
  });
}
