// The reads behind the cause and survey reports. Operator only (the service checks the role), so
// no scope filter: the operator sees every case. Merged duplicates are left out: their case counts.
import type { Db } from '../../db/database';
import type { CauseCase } from './cause-report';
import type { SurveyAnswer } from './survey-report';

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

export type SurveyAnswerRow = SurveyAnswer & {
  caseNumber: string;
  answeredAt: string;
  comment: string | null;
};

/** Answers given in [start, end), newest first, with the case's agent, group, partner, cause and type. */
export async function listSurveyAnswers(db: Db, start: string, end: string): Promise<SurveyAnswerRow[]> {
  const rows = await db
    .selectFrom('case_survey')
    .innerJoin('support_case', 'support_case.id', 'case_survey.case_id')
    .select([
      'case_survey.score',
      'case_survey.comment',
      'case_survey.answered_at',
      'support_case.number',
      'support_case.assignee_id',
      'support_case.group_id',
      'support_case.partner_id',
      'support_case.cause_id',
      'support_case.type',
    ])
    .where('case_survey.answered_at', '>=', start)
    .where('case_survey.answered_at', '<', end)
    .orderBy('case_survey.answered_at', 'desc')
    .execute();
  return rows.map((r) => ({
    score: Number(r.score),
    comment: r.comment,
    answeredAt: r.answered_at as string,
    caseNumber: r.number,
    assigneeId: r.assignee_id,
    groupId: r.group_id,
    partnerId: r.partner_id,
    causeId: r.cause_id,
    type: r.type,
  }));
}

/** Surveys sent (made on resolution) in [start, end): the base of the answer rate. */
export async function countSurveysSent(db: Db, start: string, end: string): Promise<number> {
  const row = await db
    .selectFrom('case_survey')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
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

// The returns module has no counts of its own to offer; the report reads its tables as the leads
// report reads the leads: only counts, only for operator roles.
/** Returns inspected in [start, end) by outcome, plus those rejected before inspection as `rejected`. */
export async function countReturnsByOutcome(db: Db, start: string, end: string) {
  const rows = await db
    .selectFrom('case_return')
    .select(['outcome', 'state', 'inspected_at', 'rejected_at'])
    .where((eb) =>
      eb.or([
        eb.and([eb('inspected_at', '>=', start), eb('inspected_at', '<', end)]),
        eb.and([eb('inspected_at', 'is', null), eb('rejected_at', '>=', start), eb('rejected_at', '<', end)]),
      ]),
    )
    .execute();
  const counts = new Map<string, number>();
  for (const row of rows) {
    const outcome = row.outcome ?? (row.state === 'rejected' ? 'rejected' : null);
    if (outcome) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([outcome, count]) => ({ outcome, count }))
    .sort((a, b) => b.count - a.count || a.outcome.localeCompare(b.outcome));
}

/** Items of returns inspected in [start, end) by the condition the inspection found. */
export async function countReturnItemsByCondition(db: Db, start: string, end: string) {
  const rows = await db
    .selectFrom('case_return_item')
    .innerJoin('case_return', 'case_return.id', 'case_return_item.return_id')
    .select(['case_return_item.condition'])
    .select((eb) => eb.fn.countAll().as('count'))
    .where('case_return.inspected_at', '>=', start)
    .where('case_return.inspected_at', '<', end)
    .where('case_return_item.condition', 'is not', null)
    .groupBy('case_return_item.condition')
    .execute();
  return rows
    .map((r) => ({ condition: r.condition as string, count: Number(r.count) }))
    .sort((a, b) => b.count - a.count || a.condition.localeCompare(b.condition));
}
