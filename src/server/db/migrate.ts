import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { indexUnsearchedCases, type SearchRebuildProgress } from '../modules/cases/search-document';
import type { Database } from './database';
import type { DialectName } from './dialect';
import * as m0001 from './migrations/2026_11_24_0001_create_foundation';
import * as m0002 from './migrations/2026_11_24_0002_create_cases';
import * as m0003 from './migrations/2026_11_24_0003_create_case_search';
import * as m0004 from './migrations/2026_11_24_0004_add_case_sort_indexes';
import * as m0005 from './migrations/2026_11_24_0005_create_mail';
import * as m20261206_0001 from './migrations/2026_12_06_0001_case_search_per_reader';
import * as m20261206_0002 from './migrations/2026_12_06_0002_partner_entries_and_status_links';
import * as m20261206_0005 from './migrations/2026_12_06_0005_keep_full_mail_subject';
import * as m20261206_0006 from './migrations/2026_12_06_0006_add_attachment_content_id';
import * as m20261206_0010 from './migrations/2026_12_06_0010_partner_profiles_and_reseller_history';
import * as m20261206_0011 from './migrations/2026_12_06_0011_create_assets';
import * as m20261206_0020 from './migrations/2026_12_06_0020_create_leads';
import * as m20261207_0001 from './migrations/2026_12_07_0001_create_billing';
import * as m20261207_0010 from './migrations/2026_12_07_0010_create_invoices';
import * as m20261208_0010 from './migrations/2026_12_08_0010_invoice_documents_and_seller_contact';
import * as m20261208_0020 from './migrations/2026_12_08_0020_create_payments';
import * as m20261208_0030 from './migrations/2026_12_08_0030_create_dunning';
import * as m20261208_0040 from './migrations/2026_12_08_0040_create_invoice_requests';
import * as m20261208_0050 from './migrations/2026_12_08_0050_asset_serial_ignoring_case';
import * as m20261208_0060 from './migrations/2026_12_08_0060_create_datev_settings';
import * as m20261208_0070 from './migrations/2026_12_08_0070_create_feed_monitoring';
import * as m20261208_0100 from './migrations/2026_12_08_0100_create_returns';
import * as m20261208_0110 from './migrations/2026_12_08_0110_create_triage';
import * as m20261208_0120 from './migrations/2026_12_08_0120_create_surveys_and_case_settings';
import * as m20261209_0010 from './migrations/2026_12_09_0010_survey_resolver';
import * as m20261209_0020 from './migrations/2026_12_09_0020_create_case_replacements';
import * as m20261209_0050 from './migrations/2026_12_09_0050_decision_basis_and_commitment_outcomes';
import * as m20261209_0070 from './migrations/2026_12_09_0070_create_notifications';
import * as m20261210_0010 from './migrations/2026_12_10_0010_person_salutation';
import * as m20261210_0040 from './migrations/2026_12_10_0040_text_module_last_used';

type MigrationModule = {
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
  down?(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
};

// Listed explicitly (not read from disk) so the set is the same under tsx, bundlers and tests.
const MIGRATIONS: Record<string, MigrationModule> = {
  '2026_11_24_0001_create_foundation': m0001,
  '2026_11_24_0002_create_cases': m0002,
  '2026_11_24_0003_create_case_search': m0003,
  '2026_11_24_0004_add_case_sort_indexes': m0004,
  '2026_11_24_0005_create_mail': m0005,
  '2026_12_06_0001_case_search_per_reader': m20261206_0001,
  '2026_12_06_0002_partner_entries_and_status_links': m20261206_0002,
  '2026_12_06_0005_keep_full_mail_subject': m20261206_0005,
  '2026_12_06_0006_add_attachment_content_id': m20261206_0006,
  '2026_12_06_0010_partner_profiles_and_reseller_history': m20261206_0010,
  '2026_12_06_0011_create_assets': m20261206_0011,
  '2026_12_06_0020_create_leads': m20261206_0020,
  '2026_12_07_0001_create_billing': m20261207_0001,
  '2026_12_07_0010_create_invoices': m20261207_0010,
  '2026_12_08_0010_invoice_documents_and_seller_contact': m20261208_0010,
  '2026_12_08_0020_create_payments': m20261208_0020,
  '2026_12_08_0030_create_dunning': m20261208_0030,
  '2026_12_08_0060_create_datev_settings': m20261208_0060,
  '2026_12_08_0040_create_invoice_requests': m20261208_0040,
  '2026_12_08_0050_asset_serial_ignoring_case': m20261208_0050,
  '2026_12_08_0070_create_feed_monitoring': m20261208_0070,
  '2026_12_08_0110_create_triage': m20261208_0110,
  '2026_12_08_0100_create_returns': m20261208_0100,
  '2026_12_08_0120_create_surveys_and_case_settings': m20261208_0120,
  '2026_12_09_0010_survey_resolver': m20261209_0010,
  '2026_12_09_0020_create_case_replacements': m20261209_0020,
  '2026_12_09_0050_decision_basis_and_commitment_outcomes': m20261209_0050,
  '2026_12_09_0070_create_notifications': m20261209_0070,
  '2026_12_10_0010_person_salutation': m20261210_0010,
  '2026_12_10_0040_text_module_last_used': m20261210_0040,
};

// Migrations written side by side can land in another order than their names sort; a database
// that already ran a later-named one still gets an earlier-named newcomer (allowUnorderedMigrations).
function provider(dialect: DialectName): MigrationProvider {
  return {
    getMigrations: async () => {
      const entries = Object.entries(MIGRATIONS).map(([name, module]): [string, Migration] => [
        name,
        {
          up: (db) => module.up(db, dialect),
          down: module.down ? (db) => module.down!(db, dialect) : undefined,
        },
      ]);
      return Object.fromEntries(entries);
    },
  };
}

/**
 * Applies all pending migrations; returns the names applied. Throws on the first failure.
 * `onSearchRebuild` hears the progress when a migration made the case search be rebuilt.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: DialectName,
  onSearchRebuild?: SearchRebuildProgress,
): Promise<string[]> {
  const migrator = new Migrator({ db, provider: provider(dialect), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Derived data: a migration that changes what the case search holds empties it, and it is
  // rebuilt from the cases once the whole schema is in place (a no-op when every case has it).
  await indexUnsearchedCases(db, dialect, onSearchRebuild);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(db: Kysely<Database>, dialect: DialectName): Promise<string[]> {
  const migrator = new Migrator({ db, provider: provider(dialect), allowUnorderedMigrations: true });
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
