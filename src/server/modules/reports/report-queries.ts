// The reads behind the cause and survey reports. Operator only (the service checks the role), so
// no scope filter: the operator sees every case. Merged duplicates are left out: their case counts.
import type { Db } from '../../db/database';
import type { CauseCase } from './cause-report';

/** Cases created in [createdFrom, end) or resolved in [resolvedFrom, end). */
export async function listCauseCases(
  db: Db,
  range: { createdFrom: string; resolvedFrom: string; end: string },
): Promise<CauseCase[]> {
  const rows = await db
    .selectFrom('support_case')
    .select(['id', 'customer_id', 'cause_id', 'created_at', 'resolved_at'])
    .where('merged_into_id', 'is', null)
    .where('created_at', '<', range.end)
    .where((eb) =>
      eb.or([
        eb('created_at', '>=', range.createdFrom),
        eb.and([eb('resolved_at', '>=', range.resolvedFrom), eb('resolved_at', '<', range.end)]),
      ]),
    )
    .execute();
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    causeId: r.cause_id,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
  }));
}

export type CauseLabel = { id: string; nameDe: string; nameEn: string };

/** Every cause with its category in front ("Versand › Paket in Filiale"). */
export async function listCauseLabels(db: Db): Promise<CauseLabel[]> {
  const rows = await db
    .selectFrom('cause')
    .leftJoin('cause as category', 'category.id', 'cause.parent_id')
    .select([
      'cause.id',
      'cause.name_de',
      'cause.name_en',
      'category.name_de as category_de',
      'category.name_en as category_en',
    ])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    nameDe: r.category_de ? `${r.category_de} › ${r.name_de}` : r.name_de,
    nameEn: r.category_en ? `${r.category_en} › ${r.name_en}` : r.name_en,
  }));
}

export async function findCaseNumbers(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('support_case')
    .innerJoin('organisation', 'organisation.id', 'support_case.customer_id')
    .select(['support_case.id', 'support_case.number', 'organisation.name as customer_name'])
    .where('support_case.id', 'in', ids)
    .execute();
}

export async function findNames(
  db: Db,
  ids: { people: string[]; groups: string[]; organisations: string[] },
) {
  const [people, groups, organisations] = await Promise.all([
    ids.people.length
      ? db.selectFrom('person').select(['id', 'name']).where('id', 'in', ids.people).execute()
      : [],
    ids.groups.length
      ? db.selectFrom('case_group').select(['id', 'name']).where('id', 'in', ids.groups).execute()
      : [],
    ids.organisations.length
      ? db.selectFrom('organisation').select(['id', 'name']).where('id', 'in', ids.organisations).execute()
      : [],
  ]);
  return new Map<string, string>([...people, ...groups, ...organisations].map((r) => [r.id, r.name]));
}
