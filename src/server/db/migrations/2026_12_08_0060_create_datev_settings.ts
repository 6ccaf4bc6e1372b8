import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect';

// The accountant's DATEV data for the export (one row, id 'default'; none until first saved):
// consultant and client number, fiscal year start, account length, the debitor numbering, the
// bank account and the revenue account per VAT treatment (JSON, so a new treatment needs no
// migration). Accounts are numbers in the accountant's chart (SKR03 by default), not code.
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('datev_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultant_number', 'integer', (c) => c.notNull())
    .addColumn('client_number', 'integer', (c) => c.notNull())
    .addColumn('fiscal_year_start_month', 'integer', (c) => c.notNull())
    .addColumn('account_length', 'integer', (c) => c.notNull())
    .addColumn('debitor_start', 'integer', (c) => c.notNull())
    .addColumn('bank_account', 'integer', (c) => c.notNull())
    .addColumn('revenue_accounts', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('datev_settings').execute();
}
