import { DATEV_SKR03_DEFAULTS, type DatevRevenueKey } from '../../../shared/datev';
import { BILLING_ROLES } from '../../../shared/roles';
import type { Db, Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import type { DatevSettingsRow } from './datev.table';
import type { DatevBatchSettings } from './datev-format';
import type { DatevSettings, DatevSettingsBody } from './datev-schemas';

// The accountant's DATEV data: one row ('default') the billing roles edit in the web app, audited
// with before and after. Until it is saved the form starts from the SKR03 defaults and the export
// is refused (409 datev_settings_missing): without the consultant and client number DATEV would
// not take the file.

export const DATEV_ROLES = BILLING_ROLES;

function toSettings(row: DatevSettingsRow | undefined): DatevSettings {
  if (!row) {
    return {
      configured: false,
      consultantNumber: null,
      clientNumber: null,
      fiscalYearStartMonth: DATEV_SKR03_DEFAULTS.fiscalYearStartMonth,
      accountLength: DATEV_SKR03_DEFAULTS.accountLength,
      debitorStart: DATEV_SKR03_DEFAULTS.debitorStart,
      bankAccount: DATEV_SKR03_DEFAULTS.bankAccount,
      revenueAccounts: { ...DATEV_SKR03_DEFAULTS.revenueAccounts },
      updatedAt: null,
    };
  }
  return {
    configured: true,
    consultantNumber: row.consultant_number,
    clientNumber: row.client_number,
    fiscalYearStartMonth: row.fiscal_year_start_month,
    accountLength: row.account_length,
    debitorStart: row.debitor_start,
    bankAccount: row.bank_account,
    // A key added after the row was saved falls back to its default.
    revenueAccounts: {
      ...DATEV_SKR03_DEFAULTS.revenueAccounts,
      ...(JSON.parse(row.revenue_accounts) as Partial<Record<DatevRevenueKey, number>>),
    },
    updatedAt: row.updated_at,
  };
}

async function findRow(db: Db | Trx): Promise<DatevSettingsRow | undefined> {
  return db.selectFrom('datev_settings').selectAll().where('id', '=', 'default').executeTakeFirst();
}

export async function getDatevSettings(deps: Pick<Deps, 'db'>, scope: Scope): Promise<DatevSettings> {
  requireRole(scope, DATEV_ROLES);
  return toSettings(await findRow(deps.db));
}

/** The settings a batch is built with; 409 datev_settings_missing until they are saved. */
export async function requireDatevBatchSettings(db: Db | Trx): Promise<DatevBatchSettings> {
  const settings = toSettings(await findRow(db));
  if (!settings.configured || settings.consultantNumber === null || settings.clientNumber === null) {
    throw new AppError(
      'datev_settings_missing',
      'Save the DATEV settings (consultant and client number) before exporting',
    );
  }
  return { ...settings, consultantNumber: settings.consultantNumber, clientNumber: settings.clientNumber };
}

/** Replaces the DATEV settings as a whole (audited with before and after). */
export async function saveDatevSettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  scope: Scope,
  input: DatevSettingsBody,
): Promise<DatevSettings> {
  requireRole(scope, DATEV_ROLES);
  return deps.db.transaction().execute(async (trx) => {
    const before = await findRow(trx);
    const row: DatevSettingsRow = {
      id: 'default',
      consultant_number: input.consultantNumber,
      client_number: input.clientNumber,
      fiscal_year_start_month: input.fiscalYearStartMonth,
      account_length: input.accountLength,
      debitor_start: input.debitorStart,
      bank_account: input.bankAccount,
      revenue_accounts: JSON.stringify(input.revenueAccounts),
      updated_at: isoNow(deps.clock),
    };
    const { id: _id, ...update } = row;
    await trx
      .insertInto('datev_settings')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(update))
      .execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'datev_settings.updated',
      entityType: 'datev_settings',
      entityId: 'default',
      before: before ? toSettings(before) : null,
      after: toSettings(row),
    });
    return toSettings(row);
  });
}
