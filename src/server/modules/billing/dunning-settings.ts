import { BILLING_ROLES } from '../../../shared/roles';
import type { Db, Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { findChargeType } from './charge-types';
import type { DunningSettingsRow } from './dunning.table';
import type { DunningSettings, DunningSettingsBody } from './dunning-schemas';

// The dunning settings: one row ('default') edited in the web app by the billing roles and
// audited. Until saved, the defaults below apply: a free reminder a week after the due date, then
// two notices of 5,00 € two weeks apart, the second blocking the service.

export const DUNNING_ROLES = BILLING_ROLES;

export const DEFAULT_DUNNING_SETTINGS: Omit<DunningSettingsRow, 'updated_at'> = {
  id: 'default',
  level1_days: 7,
  level2_days: 14,
  level3_days: 14,
  level1_fee_cents: 0,
  level2_fee_cents: 500,
  level3_fee_cents: 500,
  block_level: 3,
  fee_charge_type_code: 'fee_dunning',
};

export type DunningRules = {
  /** Index 1..3 (0 unused). */
  days: [number, number, number, number];
  feeCents: [number, number, number, number];
  blockLevel: number | null;
  feeChargeType: string;
};

export async function readDunningRules(db: Db | Trx): Promise<DunningRules> {
  const row =
    (await db.selectFrom('dunning_settings').selectAll().where('id', '=', 'default').executeTakeFirst()) ??
    DEFAULT_DUNNING_SETTINGS;
  return {
    days: [0, row.level1_days, row.level2_days, row.level3_days],
    feeCents: [0, row.level1_fee_cents, row.level2_fee_cents, row.level3_fee_cents],
    blockLevel: row.block_level,
    feeChargeType: row.fee_charge_type_code,
  };
}

function toSettings(row: Omit<DunningSettingsRow, 'updated_at'> & { updated_at?: string }): DunningSettings {
  const level = (n: 1 | 2 | 3) => ({
    level: n,
    days: row[`level${n}_days`],
    feeCents: row[`level${n}_fee_cents`],
  });
  return {
    levels: [level(1), level(2), level(3)],
    blockLevel: (row.block_level ?? null) as 1 | 2 | 3 | null,
    feeChargeType: row.fee_charge_type_code,
    updatedAt: row.updated_at ?? null,
  };
}

export async function getDunningSettings(deps: Pick<Deps, 'db'>, scope: Scope): Promise<DunningSettings> {
  requireRole(scope, DUNNING_ROLES);
  const row = await deps.db
    .selectFrom('dunning_settings')
    .selectAll()
    .where('id', '=', 'default')
    .executeTakeFirst();
  return toSettings(row ?? DEFAULT_DUNNING_SETTINGS);
}

/** Replaces the settings (audited with before and after); the fee's charge type must exist. */
export async function saveDunningSettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  scope: Scope,
  input: DunningSettingsBody,
): Promise<DunningSettings> {
  requireRole(scope, DUNNING_ROLES);
  const type = await findChargeType(deps.db, input.feeChargeType);
  if (!type) throw AppError.field('feeChargeType', `there is no charge type ${input.feeChargeType}`);
  if (type.active !== 1) {
    throw AppError.field('feeChargeType', `the charge type ${input.feeChargeType} is deactivated`);
  }
  const [l1, l2, l3] = input.levels as [
    DunningSettingsBody['levels'][number],
    DunningSettingsBody['levels'][number],
    DunningSettingsBody['levels'][number],
  ];
  const row: DunningSettingsRow = {
    id: 'default',
    level1_days: l1.days,
    level2_days: l2.days,
    level3_days: l3.days,
    level1_fee_cents: l1.feeCents,
    level2_fee_cents: l2.feeCents,
    level3_fee_cents: l3.feeCents,
    block_level: input.blockLevel,
    fee_charge_type_code: type.code,
    updated_at: isoNow(deps.clock),
  };
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('dunning_settings')
      .selectAll()
      .where('id', '=', 'default')
      .executeTakeFirst();
    const { id: _id, ...changes } = row;
    await trx
      .insertInto('dunning_settings')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(changes))
      .execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'dunning_settings.saved',
      entityType: 'dunning_settings',
      entityId: 'default',
      before: before ?? null,
      after: row,
    });
  });
  return toSettings(row);
}
