import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { buildOrganisation } from '../../../../test/factories';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-db';
import * as migration from '../../db/migrations/2026_12_06_0010_partner_profiles_and_reseller_history';
import { systemClock } from '../../shared/clock';
import { currentResellerOf } from '../cases/access';

for (const dialect of DIALECTS) {
  describe(`reseller-of-record history migration [${dialect}]`, () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
    });
    afterAll(async () => database.drop());

    it('keeps every existing reseller of record as the current record, reason initial', async () => {
      const db = database.db as unknown as Kysely<unknown>;
      const deps = { db: database.db, clock: systemClock };
      const partner = await buildOrganisation(deps, { kind: 'partner' });
      const customer = await buildOrganisation(deps, { kind: 'customer' });
      // The schema as it was before: one row per customer, no history, no profiles.
      await db.schema.dropTable('partner_profile').execute();
      await db.schema.dropTable('partner_grade').execute();
      await db.schema.dropTable('reseller_of_record').execute();
      await db.schema
        .createTable('reseller_of_record')
        .addColumn('customer_id', 'text', (c) => c.primaryKey())
        .addColumn('partner_id', 'text', (c) => c.notNull())
        .addColumn('since', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into reseller_of_record (customer_id, partner_id, since)
        values (${customer.id}, ${partner.id}, '2025-03-01T00:00:00.000Z')`.execute(db);

      await migration.up(db, dialect);

      const rows = await database.db.selectFrom('reseller_of_record').selectAll().execute();
      expect(rows).toMatchObject([
        {
          customer_id: customer.id,
          partner_id: partner.id,
          valid_to: null,
          asset_id: null,
          reason: 'initial',
        },
      ]);
      expect(await currentResellerOf(database.db, customer.id)).toBe(partner.id);
      const grades = await database.db.selectFrom('partner_grade').select(['code', 'weight']).execute();
      expect(grades).toEqual(
        expect.arrayContaining([
          { code: 'gold', weight: 3 },
          { code: 'silver', weight: 2 },
          { code: 'bronze', weight: 1 },
        ]),
      );
    });
  });
}
