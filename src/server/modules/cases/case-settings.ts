// The operator's case settings (one row, 'default'; none until first saved): for now whether a
// cause is required to resolve a case, so the cause report covers every resolved case.
import type { Db, Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';

export const CASE_SETTINGS_MANAGE_ROLES = ['operator_admin'] as const;

export type CaseSettings = { causeRequiredToResolve: boolean; updatedAt: string | null };

export async function readCaseSettings(db: Db | Trx): Promise<CaseSettings> {
  const row = await db.selectFrom('case_settings').selectAll().where('id', '=', 'default').executeTakeFirst();
  // Off until an admin turns it on: existing installations keep resolving as before.
  return row
    ? { causeRequiredToResolve: row.cause_required_to_resolve === 1, updatedAt: row.updated_at }
    : { causeRequiredToResolve: false, updatedAt: null };
}

export async function getCaseSettings(deps: Pick<Deps, 'db'>): Promise<CaseSettings> {
  return readCaseSettings(deps.db);
}

/** Changes the settings (audited); fields left out keep their value. */
export async function updateCaseSettings(
  deps: Pick<Deps, 'db' | 'clock' | 'dialect'>,
  scope: Scope,
  input: { causeRequiredToResolve?: boolean | undefined },
): Promise<CaseSettings> {
  requireRole(scope, CASE_SETTINGS_MANAGE_ROLES);
  return deps.db.transaction().execute(async (trx) => {
    const before = await readCaseSettings(trx);
    const next = input.causeRequiredToResolve ?? before.causeRequiredToResolve;
    const now = isoNow(deps.clock);
    const values = { cause_required_to_resolve: next ? 1 : 0, updated_at: now };
    await trx
      .insertInto('case_settings')
      .values({ id: 'default', ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'case_settings.updated',
      entityType: 'case_settings',
      entityId: 'default',
      before: { causeRequiredToResolve: before.causeRequiredToResolve },
      after: { causeRequiredToResolve: next },
    });
    return { causeRequiredToResolve: next, updatedAt: now };
  });
}

/** Refuses a resolution without a cause while the setting asks for one; the problem names causeId. */
export async function requireCauseToResolve(trx: Trx, causeId: string | null): Promise<void> {
  if (causeId) return;
  if ((await readCaseSettings(trx)).causeRequiredToResolve)
    throw AppError.field('causeId', 'is required to resolve a case: choose the cause first');
}
