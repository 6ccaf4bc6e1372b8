import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialect';

// A serial is one serial whatever its case: "SN-ab12" and "sn-AB12" name the same device (people
// type serials off labels, import files shout them). A unique index on upper(serial) makes the
// database refuse the second one, on SQLite and PostgreSQL alike; lookups by serial use it too.
//
// Existing data is kept as it is: should two assets already differ only in case, the oldest of each
// group stays in the index and the later ones are left out of it by id (a new asset with that
// serial still meets the oldest one and is refused), so the migration never fails on old data
// and never rewrites a serial someone recorded.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  const { rows } = await sql<{ id: string }>`
    select a.id from asset a
    where exists (
      select 1 from asset b
      where upper(b.serial) = upper(a.serial)
        and (b.created_at < a.created_at or (b.created_at = a.created_at and b.id < a.id))
    )`.execute(db);
  const exempt =
    rows.length === 0 ? sql`` : sql` where id not in (${sql.join(rows.map((row) => sql.lit(row.id)))})`;
  await sql`create unique index asset_serial_ignoring_case on asset (upper(serial))${exempt}`.execute(db);
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await sql`drop index asset_serial_ignoring_case`.execute(db);
}
