import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';
import { DATEV_SKR03_DEFAULTS } from '../../../shared/datev';
import { seedDemoBilling } from './demo-seed';
import type { Invoice } from './invoice-schemas';

const SETTINGS = {
  consultantNumber: 1234567,
  clientNumber: 42,
  fiscalYearStartMonth: 1,
  accountLength: 4,
  debitorStart: 10000,
  bankAccount: 1200,
  revenueAccounts: DATEV_SKR03_DEFAULTS.revenueAccounts,
};

/** The batch as DATEV reads it: header fields, column headings and the bookings by column name. */
function readBatch(body: Buffer) {
  const text = iconv.decode(body, 'windows-1252');
  const records = parse(text, {
    delimiter: ';',
    relax_column_count: true,
    record_delimiter: '\r\n',
  }) as string[][];
  const [header, columns, ...rows] = records as [string[], string[], ...string[][]];
  return {
    text,
    header,
    columns,
    rows: rows.map((row) => Object.fromEntries(columns.map((name, i) => [name, row[i] ?? '']))),
  };
}

for (const dialect of DIALECTS) {
  describe(`DATEV export [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let clerk: Session;
    let admin: Session;
    let agent: Session;
    let partner: Session;
    let customer: Session;
    let november: Invoice[] = [];
    let cancellation: Invoice;
    let december: Invoice;

    const charge = async (type: string, amountCents: number, customerId = channel.customerA1.id) => {
      const response = await clerk.request({
        method: 'POST',
        url: `/api/accounts/${customerId}/charges`,
        payload: { type, amountCents, description: `${type} ${amountCents}`, serviceDate: '2026-11-20' },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const issue = async (chargeIds: string[], customerId = channel.customerA1.id) => {
      const response = await clerk.request({
        method: 'POST',
        url: '/api/invoices',
        payload: { customerId, chargeIds },
      });
      expect(response.statusCode, response.body).toBe(201);
      return (response.json() as { invoices: Invoice[] }).invoices;
    };
    const exportDatev = (query: string, by = clerk) =>
      by.request({ method: 'GET', url: `/api/exports/datev?${query}` });

    beforeAll(async () => {
      ({ server, channel, clerk, admin, agent, partner, customer } = await startChannelServer(dialect, {
        clerk: 'billing_clerk',
        admin: 'operator_admin',
        agent: 'agent',
        partner: 'partner_admin',
        customer: 'customer_user',
      }));
      await seedDemoBilling(server.deps);

      // November (the clock starts 2026-11-24): a taxed invoice and the fees on their own; a
      // second customer's invoice, cancelled the same month.
      november = await issue([await charge('topup', 50_00), await charge('fee_return_debit', 3_00)]);
      const [other] = await issue(
        [await charge('device', 100_00, channel.customerA2.id)],
        channel.customerA2.id,
      );
      const cancelled = await clerk.request({
        method: 'POST',
        url: `/api/invoices/${other!.id}/cancel`,
        payload: { reason: 'Falscher Preis' },
      });
      expect(cancelled.statusCode, cancelled.body).toBe(201);
      cancellation = cancelled.json().cancellation;
      november.push(other!);
      // The customer pays the taxed invoice and 10 € more (left on its account as a credit).
      const paid = await clerk.request({
        method: 'POST',
        url: '/api/payments',
        payload: {
          customerId: channel.customerA1.id,
          amountCents: 69_50,
          bookingDate: '2026-11-26',
          payerName: 'Bäckerei Sommer',
          invoiceIds: [november[0]!.id],
        },
      });
      expect(paid.statusCode, paid.body).toBe(201);
      // December: outside the period exported below.
      server.clock.advanceMinutes(8 * 24 * 60);
      [december] = (await issue([await charge('service', 20_00)])) as [Invoice];
      const paidLater = await clerk.request({
        method: 'POST',
        url: '/api/payments',
        payload: {
          customerId: channel.customerA1.id,
          amountCents: december.grandTotalCents,
          bookingDate: '2026-12-03',
          invoiceIds: [december.id],
        },
      });
      expect(paidLater.statusCode, paidLater.body).toBe(201);
    });
    afterAll(async () => server.close());

    it('keeps agents, partners and customer users out of the export and the settings', async () => {
      for (const session of [agent, partner, customer]) {
        expect((await exportDatev('from=2026-11-01&to=2026-11-30', session)).statusCode).toBe(403);
        expect(
          (await session.request({ method: 'GET', url: '/api/billing/datev-settings' })).statusCode,
        ).toBe(403);
        const put = await session.request({
          method: 'PUT',
          url: '/api/billing/datev-settings',
          payload: SETTINGS,
        });
        expect(put.statusCode).toBe(403);
      }
    });

    it('refuses to export before the DATEV settings are saved, and starts the form from SKR03', async () => {
      const response = await exportDatev('from=2026-11-01&to=2026-11-30');
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('datev_settings_missing');
      const settings = await clerk.request({ method: 'GET', url: '/api/billing/datev-settings' });
      expect(settings.json()).toMatchObject({
        configured: false,
        consultantNumber: null,
        accountLength: 4,
        bankAccount: 1200,
        revenueAccounts: { standard: 8400, reduced: 8300, not_subject: 2742, reverse_charge: 8337 },
      });
    });

    it('refuses settings whose accounts do not fit the account length, naming the field', async () => {
      const response = await admin.request({
        method: 'PUT',
        url: '/api/billing/datev-settings',
        payload: {
          ...SETTINGS,
          bankAccount: 12000,
          revenueAccounts: { ...SETTINGS.revenueAccounts, reduced: 83000 },
        },
      });
      expect(response.statusCode).toBe(400);
      const fields = (response.json().errors as { field: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual(['bankAccount', 'revenueAccounts.reduced']);
    });

    it('saves the settings for the billing clerk and audits the change', async () => {
      const response = await clerk.request({
        method: 'PUT',
        url: '/api/billing/datev-settings',
        payload: SETTINGS,
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        configured: true,
        consultantNumber: 1234567,
        clientNumber: 42,
      });
      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'datev_settings.updated')
        .execute();
      expect(audit).toHaveLength(1);
    });

    it('refuses bad periods with a 400 naming from or to', async () => {
      const cases: [string, string][] = [
        ['from=2026-11-31&to=2026-12-01', 'from'],
        ['from=2026-11-01&to=30.11.2026', 'to'],
        ['from=2026-11-30&to=2026-11-01', 'to'],
        ['from=2026-12-01&to=2027-01-31', 'to'],
        ['from=2025-01-01&to=2026-12-31', 'to'],
        ['to=2026-11-30', 'from'],
      ];
      for (const [query, field] of cases) {
        const response = await exportDatev(query);
        expect(response.statusCode, query).toBe(400);
        expect(
          (response.json().errors as { field: string }[]).map((e) => e.field),
          query,
        ).toContain(field);
      }
    });

    it('exports the period’s invoices as a DATEV batch: Windows-1252, CRLF, one booking per VAT category, cancellation reversed', async () => {
      const response = await exportDatev('from=2026-11-01&to=2026-11-30');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=windows-1252');
      expect(response.headers['content-disposition']).toBe(
        'attachment; filename="EXTF_Buchungsstapel_2026-11-01_2026-11-30.csv"',
      );
      const body = response.rawPayload;
      // "ü" of "Gegenkonto (ohne BU-Schlüssel)" is the single byte 0xFC, never UTF-8's two bytes.
      expect(body.includes(Buffer.from([0xfc]))).toBe(true);
      expect(body.includes(Buffer.from('ü', 'utf8'))).toBe(false);
      const batch = readBatch(body);
      expect(batch.text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
      expect(batch.header.slice(0, 5)).toEqual(['EXTF', '700', '21', 'Buchungsstapel', '13']);
      expect(batch.header.slice(10, 16)).toEqual(['1234567', '42', '20260101', '4', '20261101', '20261130']);
      expect(batch.columns).toHaveLength(125);

      const [taxed, fees, other] = november as [Invoice, Invoice, Invoice];
      const debitorA1 = String(10000 + Number(taxed.buyer.number.replace(/\D/g, '')));
      const debitorA2 = String(10000 + Number(other.buyer.number.replace(/\D/g, '')));
      const pick = (row: Record<string, string>) => [
        row['Umsatz (ohne Soll/Haben-Kz)'],
        row['Soll/Haben-Kennzeichen'],
        row.Konto,
        row['Gegenkonto (ohne BU-Schlüssel)'],
        row.Belegdatum,
        row['Belegfeld 1'],
      ];
      expect(batch.rows.map(pick)).toEqual(
        [
          ['59,50', 'S', debitorA1, '8400', '2411', taxed.number],
          ['3,00', 'S', debitorA1, '2742', '2411', fees.number],
          ['119,00', 'S', debitorA2, '8400', '2411', other.number],
          ['119,00', 'H', debitorA2, '8400', '2411', cancellation.number],
        ]
          .sort((a, b) => a[5]!.localeCompare(b[5]!))
          .concat([
            // Payments after the invoices: the allocated part names the invoice, the rest does not.
            ['59,50', 'S', '1200', debitorA1, '2611', taxed.number],
            ['10,00', 'S', '1200', debitorA1, '2611', ''],
          ]),
      );
      expect(batch.rows.map((row) => row['Belegfeld 1'])).not.toContain(december.number);
      const storno = batch.rows.find((row) => row['Belegfeld 1'] === cancellation.number)!;
      expect(storno.Buchungstext).toContain(`Storno ${other.number}`);

      const audit = await server.deps.db
        .selectFrom('audit_log')
        .select(['entity_id', 'after', 'actor_label'])
        .where('action', '=', 'datev.exported')
        .execute();
      expect(audit.at(-1)).toMatchObject({ entity_id: '2026-11-01..2026-11-30' });
      expect(JSON.parse(audit.at(-1)!.after!)).toMatchObject({
        format: 'csv',
        invoices: 4,
        payments: 1,
        bookings: 6,
      });
      expect(audit.at(-1)!.actor_label).toContain(channel.users.billing_clerk.email);
    });

    it('exports December alone when asked for December, its invoice and its payment', async () => {
      const batch = readBatch((await exportDatev('from=2026-12-01&to=2026-12-31')).rawPayload);
      expect(
        batch.rows.map((row) => [
          row['Belegfeld 1'],
          row.Konto,
          row['Gegenkonto (ohne BU-Schlüssel)'],
          row.Belegdatum,
        ]),
      ).toEqual([
        [december.number, expect.stringMatching(/^1\d{4}$/), '8400', '0212'],
        [december.number, '1200', expect.stringMatching(/^1\d{4}$/), '0312'],
      ]);
    });

    it('zips the batch, an index and every document of the period’s invoices, the same bytes twice', async () => {
      const response = await exportDatev('from=2026-11-01&to=2026-11-30&format=zip', admin);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('application/zip');
      expect(response.headers['content-disposition']).toBe(
        'attachment; filename="DATEV_2026-11-01_2026-11-30.zip"',
      );
      const entries = unzipSync(new Uint8Array(response.rawPayload));
      const names = Object.keys(entries);
      const numbers = [...november.map((i) => i.number), cancellation.number].sort();
      expect(names).toEqual([
        'EXTF_Buchungsstapel_2026-11-01_2026-11-30.csv',
        'Rechnungsverzeichnis.csv',
        ...numbers.flatMap((number) => [
          `Belege/${number}.pdf`,
          `Belege/${number}-xrechnung-cii.xml`,
          `Belege/${number}-xrechnung-ubl.xml`,
          `Belege/${number}-zugferd.pdf`,
        ]),
      ]);
      expect(Buffer.from(entries[`Belege/${numbers[0]}.pdf`]!.subarray(0, 5)).toString('latin1')).toBe(
        '%PDF-',
      );
      const xml = Buffer.from(entries[`Belege/${numbers[0]}-xrechnung-cii.xml`]!).toString('utf8');
      expect(xml).toContain(numbers[0]);
      const index = iconv
        .decode(Buffer.from(entries['Rechnungsverzeichnis.csv']!), 'windows-1252')
        .split('\r\n');
      expect(index[0]).toMatch(/^Rechnungsnummer;Art;Rechnungsdatum/);
      for (const number of numbers) expect(index.some((line) => line.startsWith(`"${number}"`))).toBe(true);
      expect(index.some((line) => line.includes(december.number))).toBe(false);
      const storno = index.find((line) => line.startsWith(`"${cancellation.number}"`));
      expect(storno).toContain('Stornorechnung');
      expect(storno).toContain(`${cancellation.number}.pdf`);
      expect(readBatch(Buffer.from(entries[names[0]!]!)).rows).toHaveLength(6);

      const again = await exportDatev('from=2026-11-01&to=2026-11-30&format=zip', admin);
      expect(Buffer.compare(again.rawPayload, response.rawPayload)).toBe(0);
    });
  });
}
