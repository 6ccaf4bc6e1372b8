import type { Db, Trx } from '../../db/database';
import type { PartnerGradeRow, PartnerProfileRow, PartnerProfileTable } from './partner-profile.table';

export async function findPartnerGrades(db: Db | Trx): Promise<PartnerGradeRow[]> {
  return db.selectFrom('partner_grade').selectAll().orderBy('weight', 'desc').orderBy('code').execute();
}

export async function findPartnerProfile(
  db: Db | Trx,
  organisationId: string,
): Promise<PartnerProfileRow | undefined> {
  return db
    .selectFrom('partner_profile')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

/** Inserts or replaces a partner's profile. */
export async function upsertPartnerProfile(
  db: Db | Trx,
  row: PartnerProfileTable,
): Promise<PartnerProfileRow> {
  const { organisation_id: _id, ...update } = row;
  return db
    .insertInto('partner_profile')
    .values(row)
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet(update))
    .returningAll()
    .executeTakeFirstOrThrow();
}
