import { VAT_TREATMENT_RULES } from '../../../shared/billing';
import { BILLING_ROLES } from '../../../shared/roles';
import type { Db, Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import type { ChargeTypeRow } from './billing.table';
import type { ChargeType, CreateChargeTypeBody, UpdateChargeTypeBody } from './schemas';

// Charge types are data, not code: whether a dunning fee is taxable is the type's VAT treatment,
// which the billing clerk sets. A type is never deleted (charges refer to it); it is deactivated.
// Charges keep the treatment they were made with (see billing.table.ts).

export const CHARGE_TYPE_ROLES = BILLING_ROLES;

export function toChargeType(row: ChargeTypeRow): ChargeType {
  const rule = VAT_TREATMENT_RULES[row.vat_treatment];
  return {
    code: row.code,
    nameDe: row.name_de,
    nameEn: row.name_en,
    vatTreatment: row.vat_treatment,
    vatCategory: rule.category,
    vatRateBasisPoints: rule.rateBasisPoints,
    exemptionNote: row.exemption_note,
    active: row.active === 1,
    updatedAt: row.updated_at,
  };
}

export async function findChargeType(db: Db | Trx, code: string): Promise<ChargeTypeRow | undefined> {
  return db.selectFrom('charge_type').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listChargeTypes(
  deps: Pick<Deps, 'db'>,
  scope: Scope,
): Promise<{ items: ChargeType[] }> {
  requireRole(scope, CHARGE_TYPE_ROLES);
  const rows = await deps.db.selectFrom('charge_type').selectAll().orderBy('code').execute();
  return { items: rows.map(toChargeType) };
}

/** Creates a charge type; an existing code is a 409 (change it with PATCH). */
export async function createChargeType(
  deps: Pick<Deps, 'db' | 'clock'>,
  scope: Scope,
  code: string,
  input: CreateChargeTypeBody,
): Promise<ChargeType> {
  requireRole(scope, CHARGE_TYPE_ROLES);
  return deps.db.transaction().execute(async (trx) => {
    if (await findChargeType(trx, code)) {
      throw new AppError('charge_type_exists', `code: a charge type ${code} exists; change it with PATCH`, [
        { field: 'code', message: 'exists already' },
      ]);
    }
    const now = isoNow(deps.clock);
    const row: ChargeTypeRow = {
      code,
      name_de: input.nameDe,
      name_en: input.nameEn,
      vat_treatment: input.vatTreatment,
      exemption_note: input.vatTreatment === 'exempt' ? input.exemptionNote : null,
      active: input.active ? 1 : 0,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('charge_type').values(row).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'charge_type.created',
      entityType: 'charge_type',
      entityId: code,
      after: row,
    });
    return toChargeType(row);
  });
}

/** Changes a charge type (audited); fields left out keep their value. */
export async function updateChargeType(
  deps: Pick<Deps, 'db' | 'clock'>,
  scope: Scope,
  code: string,
  input: UpdateChargeTypeBody,
): Promise<ChargeType> {
  requireRole(scope, CHARGE_TYPE_ROLES);
  return deps.db.transaction().execute(async (trx) => {
    const before = await findChargeType(trx, code);
    if (!before) throw AppError.notFound('Charge type');
    const treatment = input.vatTreatment ?? before.vat_treatment;
    // Leaving exempt drops the note; becoming or staying exempt needs one.
    const note =
      treatment === 'exempt'
        ? input.exemptionNote === undefined
          ? before.exemption_note
          : input.exemptionNote || null
        : null;
    if (treatment === 'exempt' && !note) {
      throw AppError.field('exemptionNote', 'is required for an exempt charge type: name the legal basis');
    }
    if (treatment !== 'exempt' && input.exemptionNote) {
      throw AppError.field('exemptionNote', 'is only for exempt charge types');
    }
    const after: ChargeTypeRow = {
      ...before,
      name_de: input.nameDe ?? before.name_de,
      name_en: input.nameEn ?? before.name_en,
      vat_treatment: treatment,
      exemption_note: note,
      active: input.active === undefined ? before.active : input.active ? 1 : 0,
      updated_at: isoNow(deps.clock),
    };
    const { code: _code, created_at: _created, ...update } = after;
    await trx.updateTable('charge_type').set(update).where('code', '=', code).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'charge_type.updated',
      entityType: 'charge_type',
      entityId: code,
      before,
      after,
    });
    return toChargeType(after);
  });
}
