// Checklist definitions: an operator admin configures them per case type and product line.
import type { ChecklistDefinition } from '../../../shared/checklists';
import type { Db, Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import type { Checklist, ChecklistBody, ChecklistPatch } from './schemas';
import type { ChecklistRow } from './triage.table';

export const CHECKLIST_ADMIN_ROLES = ['operator_admin'] as const;

type Joined = ChecklistRow & { third_party_name: string | null };

function selectChecklists(db: Db | Trx) {
  return db
    .selectFrom('checklist')
    .leftJoin('organisation as tp', 'tp.id', 'checklist.third_party_id')
    .selectAll('checklist')
    .select('tp.name as third_party_name');
}

function toChecklist(row: Joined): Checklist {
  return {
    id: row.id,
    name: row.name,
    caseType: row.case_type,
    productLine: row.product_line,
    thirdParty: row.third_party_id ? { id: row.third_party_id, name: row.third_party_name ?? '' } : null,
    active: row.active === 1,
    definition: JSON.parse(row.definition) as ChecklistDefinition,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listChecklists(
  deps: Deps,
  query: { caseType?: string | undefined; productLine?: string | undefined },
): Promise<Checklist[]> {
  let q = selectChecklists(deps.db).orderBy('checklist.name').orderBy('checklist.id');
  if (query.caseType) q = q.where('checklist.case_type', '=', query.caseType);
  if (query.productLine)
    q = q.where((eb) =>
      eb.or([
        eb('checklist.product_line', 'is', null),
        eb('checklist.product_line', '=', query.productLine ?? ''),
      ]),
    );
  return (await q.execute()).map(toChecklist);
}

export async function getChecklist(db: Db | Trx, id: string): Promise<Checklist> {
  const row = await selectChecklists(db).where('checklist.id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound('Checklist');
  return toChecklist(row);
}

async function checkThirdParty(db: Db | Trx, id: string | null | undefined): Promise<void> {
  if (!id) return;
  const org = await db.selectFrom('organisation').select('kind').where('id', '=', id).executeTakeFirst();
  if (org?.kind !== 'third_party') throw AppError.field('thirdPartyId', 'is not a third party');
}

export async function createChecklist(deps: Deps, scope: Scope, input: ChecklistBody): Promise<Checklist> {
  requireRole(scope, CHECKLIST_ADMIN_ROLES);
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    await checkThirdParty(trx, input.thirdPartyId);
    const now = isoNow(deps.clock);
    const row = {
      id,
      name: input.name,
      case_type: input.caseType,
      product_line: input.productLine,
      third_party_id: input.thirdPartyId,
      definition: JSON.stringify(input.definition),
      active: input.active ? 1 : 0,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('checklist').values(row).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'checklist.created',
      entityType: 'checklist',
      entityId: id,
      after: row,
    });
  });
  return getChecklist(deps.db, id);
}

export async function updateChecklist(
  deps: Deps,
  scope: Scope,
  id: string,
  input: ChecklistPatch,
): Promise<Checklist> {
  requireRole(scope, CHECKLIST_ADMIN_ROLES);
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('checklist').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw AppError.notFound('Checklist');
    await checkThirdParty(trx, input.thirdPartyId);
    const after = {
      name: input.name,
      case_type: input.caseType,
      product_line: input.productLine,
      third_party_id: input.thirdPartyId,
      // Runs keep their answers; a changed definition re-routes them on their next answer.
      definition: input.definition ? JSON.stringify(input.definition) : undefined,
      active: input.active === undefined ? undefined : input.active ? 1 : 0,
      updated_at: isoNow(deps.clock),
    };
    await trx.updateTable('checklist').set(after).where('id', '=', id).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'checklist.updated',
      entityType: 'checklist',
      entityId: id,
      before,
      after,
    });
  });
  return getChecklist(deps.db, id);
}
