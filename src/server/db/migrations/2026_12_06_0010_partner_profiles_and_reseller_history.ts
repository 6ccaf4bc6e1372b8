import { type Kysely, sql } from 'kysely';
import { newId } from '../../shared/ids';
import type { DialectName } from '../dialect';

// The reseller of record keeps its history: a change closes the current period (valid_to) and
// opens a new one, with who changed it and why. The current record is the open period of the
// customer (asset_id null); per-asset records come with the installed base. Existing rows become
// current records, valid from the time of this migration, reason 'initial'.
//
// Partners get a profile beside their organisation (grade, capacity, service radius, product
// lines, lead contacts, coordinates of the postal code) and a configurable list of grades.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  const now = new Date().toISOString();
  await db.schema
    .createTable('reseller_of_record_period')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('organisation.id'))
    // No foreign key yet: the asset table comes with the installed base.
    .addColumn('asset_id', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('changed_by_person_id', 'text')
    .addColumn('changed_by_label', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  const rows = await sql<{ customer_id: string; partner_id: string }>`
    select customer_id, partner_id from reseller_of_record`.execute(db);
  for (const row of rows.rows) {
    await sql`insert into reseller_of_record_period
        (id, customer_id, partner_id, asset_id, valid_from, valid_to, changed_by_person_id, changed_by_label, reason)
      values (${newId()}, ${row.customer_id}, ${row.partner_id}, null, ${now}, null, null, 'system', 'initial')`.execute(
      db,
    );
  }
  await db.schema.dropTable('reseller_of_record').execute();
  await db.schema.alterTable('reseller_of_record_period').renameTo('reseller_of_record').execute();
  await db.schema
    .createIndex('reseller_of_record_partner')
    .on('reseller_of_record')
    .columns(['partner_id', 'valid_to'])
    .execute();
  await db.schema
    .createIndex('reseller_of_record_customer')
    .on('reseller_of_record')
    .columns(['customer_id', 'valid_from'])
    .execute();
  // At most one current record per customer and per asset: two concurrent changes collide here.
  await sql`create unique index reseller_of_record_current_customer on reseller_of_record (customer_id)
    where valid_to is null and asset_id is null`.execute(db);
  await sql`create unique index reseller_of_record_current_asset on reseller_of_record (asset_id)
    where valid_to is null and asset_id is not null`.execute(db);

  await db.schema
    .createTable('partner_grade')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_de', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    // Higher weight wins a tie between equally near partners.
    .addColumn('weight', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into partner_grade (code, name_de, name_en, weight) values
    ('gold', 'Gold', 'Gold', 3), ('silver', 'Silber', 'Silver', 2), ('bronze', 'Bronze', 'Bronze', 1)`.execute(
    db,
  );

  await db.schema
    .createTable('partner_profile')
    .addColumn('organisation_id', 'text', (c) =>
      c.primaryKey().references('organisation.id').onDelete('cascade'),
    )
    // active/inactive is organisation.active; a suspended partner stays active but gets no leads.
    .addColumn('suspended', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('grade_code', 'text', (c) => c.references('partner_grade.code'))
    .addColumn('capacity', 'integer')
    .addColumn('service_radius_km', 'integer')
    .addColumn('product_lines', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('lead_contact_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('location_approximate', 'integer')
    // The postal code the coordinates were found for: a moved partner is located again.
    .addColumn('location_postal_code', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
