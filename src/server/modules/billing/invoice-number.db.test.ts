import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-db';
import { formatInvoiceNumber, type InvoiceSeries, takeInvoiceNumber } from './invoice-number';

const PER_YEAR: InvoiceSeries = { prefix: 'RE-', numbering: 'per_year' };

for (const dialect of DIALECTS) {
  describe(`gapless invoice numbers [${dialect}]`, () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
    });
    afterAll(async () => database.drop());

    /** Takes a number in a transaction that also writes a row, as issuing an invoice will. */
    const issue = (series: InvoiceSeries, date: string) =>
      database.db.transaction().execute(async (trx) => {
        const taken = await takeInvoiceNumber(trx, series, date);
        await trx
          .insertInto('counter')
          .values({ name: `issued ${series.prefix} ${taken.number}`, value: taken.sequence })
          .execute();
        return taken.number;
      });

    it('gives 50 parallel issuing transactions 50 consecutive numbers, none twice and none missing', async () => {
      const numbers = await Promise.all(Array.from({ length: 50 }, () => issue(PER_YEAR, '2026-12-07')));
      const expected = Array.from({ length: 50 }, (_, i) => formatInvoiceNumber(PER_YEAR, '2026', i + 1));
      expect([...numbers].sort()).toEqual(expected);
      const issued = await database.db
        .selectFrom('counter')
        .select('name')
        .where('name', 'like', 'issued RE- %')
        .execute();
      expect(issued).toHaveLength(50);
    });

    it('gives the number of a rolled-back transaction to the next invoice', async () => {
      const series: InvoiceSeries = { prefix: 'RB-', numbering: 'per_year' };
      expect(await issue(series, '2026-03-01')).toBe('RB-2026-000001');
      await expect(
        database.db.transaction().execute(async (trx) => {
          expect((await takeInvoiceNumber(trx, series, '2026-03-01')).number).toBe('RB-2026-000002');
          throw new Error('rendering the PDF failed');
        }),
      ).rejects.toThrow('rendering the PDF failed');
      expect(await issue(series, '2026-03-02')).toBe('RB-2026-000002');
    });

    it('hands the number of a transaction rolled back while another waited to the one that waited', async () => {
      const series: InvoiceSeries = { prefix: 'WT-', numbering: 'per_year' };
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let taken!: () => void;
      const firstTook = new Promise<void>((resolve) => {
        taken = resolve;
      });
      const first = database.db.transaction().execute(async (trx) => {
        await takeInvoiceNumber(trx, series, '2026-06-01');
        taken();
        await held;
        throw new Error('issuing failed');
      });
      await firstTook;
      // Waits on the counter row (PostgreSQL) or for the writer (SQLite) until the first ends.
      const second = issue(series, '2026-06-01');
      release();
      await expect(first).rejects.toThrow('issuing failed');
      expect(await second).toBe('WT-2026-000001');
    });

    it('numbers the committed ones of 50 parallel issues without a gap when every fifth rolls back', async () => {
      const series: InvoiceSeries = { prefix: 'MX-', numbering: 'continuous' };
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          database.db.transaction().execute(async (trx) => {
            const { number } = await takeInvoiceNumber(trx, series, '2026-07-01');
            if (i % 5 === 4) throw new Error('rolled back');
            return number;
          }),
        ),
      );
      const committed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      expect(committed).toHaveLength(40);
      expect([...committed].sort()).toEqual(
        Array.from({ length: 40 }, (_, i) => formatInvoiceNumber(series, 'all', i + 1)),
      );
    });

    it('starts each year of a per-year series at 1 and never restarts a continuous series', async () => {
      const yearly: InvoiceSeries = { prefix: 'JY-', numbering: 'per_year' };
      const continuous: InvoiceSeries = { prefix: 'CO-', numbering: 'continuous' };
      expect(await issue(yearly, '2026-12-31')).toBe('JY-2026-000001');
      expect(await issue(yearly, '2026-12-31')).toBe('JY-2026-000002');
      expect(await issue(yearly, '2027-01-01')).toBe('JY-2027-000001');
      expect(await issue(continuous, '2026-12-31')).toBe('CO-000001');
      expect(await issue(continuous, '2027-01-01')).toBe('CO-000002');
    });

    it('keeps series with different prefixes apart', async () => {
      expect(await issue({ prefix: 'GS-', numbering: 'per_year' }, '2026-05-05')).toBe('GS-2026-000001');
      expect(await issue({ prefix: 'RB-', numbering: 'per_year' }, '2026-05-05')).toBe('RB-2026-000003');
    });
  });
}
