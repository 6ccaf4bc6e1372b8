import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { buildOrganisation } from '../../../../test/factories';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-db';
import * as migration from '../../db/migrations/2026_12_08_0050_asset_serial_ignoring_case';
import { systemClock } from '../../shared/clock';

for (const dialect of DIALECTS) {
  describe(`asset serial ignoring case, migration [${dialect}]`, () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
    });
    afterAll(async () => database.drop());

    it('keeps assets whose serials already differ only in case, and refuses a new one', async () => {
      const db = database.db as unknown as Kysely<unknown>;
      const customer = await buildOrganisation({ db: database.db, clock: systemClock }, { kind: 'customer' });
      // The database as it was before: the index not there yet, two serials differing in case.
      await migration.down(db, dialect);
      const insert = (id: string, serial: string, at: string) =>
        sql`insert into asset (id, serial, product_model, product_line, customer_id, specs, created_at, updated_at)
          values (${id}, ${serial}, 'M', 'printers', ${customer.id}, '{}', ${at}, ${at})`.execute(db);
      await insert('a-old', 'SN-ab12', '2026-01-01T00:00:00.000Z');
      await insert('a-new', 'sn-AB12', '2026-02-01T00:00:00.000Z');

      await migration.up(db, dialect);

      const kept = await database.db.selectFrom('asset').select(['id', 'serial']).orderBy('id').execute();
      expect(kept).toEqual([
        { id: 'a-new', serial: 'sn-AB12' },
        { id: 'a-old', serial: 'SN-ab12' },
      ]);
      await expect(insert('a-third', 'Sn-Ab12', '2026-03-01T00:00:00.000Z')).rejects.toThrow(/unique/i);
      await insert('a-other', 'SN-OTHER', '2026-03-01T00:00:00.000Z');
      await expect(insert('a-other-2', 'sn-other', '2026-03-02T00:00:00.000Z')).rejects.toThrow(/unique/i);
    });
  });
}
