import type { Db, Trx } from '../../db/database';
import type { Scope } from '../../shared/scope';
import { caseVisibleTo, entryVisibleTo } from './access';
import type {
  CaseAttachmentRow,
  CaseCommitmentRow,
  CaseDecisionRow,
  CaseEventRow,
  CaseFactRow,
  CaseMessageRow,
  NewSupportCaseRow,
  SupportCaseRow,
  SupportCaseUpdate,
} from './case.table';
import { looksLikeCaseNumber } from './case-number';

export async function insertCase(db: Trx, row: NewSupportCaseRow): Promise<SupportCaseRow> {
  return db.insertInto('support_case').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateCaseRow(db: Trx, id: string, update: SupportCaseUpdate): Promise<SupportCaseRow> {
  return db
    .updateTable('support_case')
    .set(update)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A case by id or number, if the scope may see it. */
export async function findCase(
  db: Db | Trx,
  scope: Scope,
  idOrNumber: string,
): Promise<SupportCaseRow | undefined> {
  const column = looksLikeCaseNumber(idOrNumber) ? 'number' : 'id';
  return db
    .selectFrom('support_case')
    .selectAll()
    .where(column, '=', idOrNumber)
    .where(caseVisibleTo(scope))
    .executeTakeFirst();
}

/**
 * The case a merged duplicate lives on in: follows `merged_into_id` (also through a chain of
 * merges) as far as the scope sees the cases, so an old number shows the merged history. A case
 * that was never merged is returned as it is.
 */
export async function followMerge(db: Db | Trx, scope: Scope, row: SupportCaseRow): Promise<SupportCaseRow> {
  let current = row;
  // A merge target is never itself merged at merge time, but may be merged later: a short chain.
  for (let hop = 0; hop < 10 && current.merged_into_id; hop++) {
    const next = await findCase(db, scope, current.merged_into_id);
    if (!next) break;
    current = next;
  }
  return current;
}

/** Locks the case row for the rest of the transaction (PostgreSQL); SQLite transactions are already exclusive. */
export async function lockCase(trx: Trx, dialect: 'sqlite' | 'postgres', id: string): Promise<void> {
  if (dialect === 'postgres')
    await trx.selectFrom('support_case').select('id').where('id', '=', id).forUpdate().execute();
}

/** The case's messages the scope may read (see entryVisibleTo); the case itself is checked by the caller. */
export async function findMessages(db: Db, caseId: string, scope: Scope): Promise<CaseMessageRow[]> {
  return db
    .selectFrom('case_message')
    .selectAll()
    .where('case_id', '=', caseId)
    .where(entryVisibleTo(scope, 'case_message'))
    .orderBy('id')
    .execute();
}

export async function findEvents(db: Db, caseId: string, scope: Scope): Promise<CaseEventRow[]> {
  return db
    .selectFrom('case_event')
    .selectAll()
    .where('case_id', '=', caseId)
    .where(entryVisibleTo(scope, 'case_event'))
    .orderBy('id')
    .execute();
}

export async function findAttachmentsOfCase(
  db: Db,
  caseId: string,
  scope: Scope,
): Promise<CaseAttachmentRow[]> {
  return db
    .selectFrom('case_attachment')
    .selectAll()
    .where('case_id', '=', caseId)
    .where(entryVisibleTo(scope, 'case_attachment'))
    .orderBy('id')
    .execute();
}

export async function findFacts(db: Db | Trx, caseId: string): Promise<CaseFactRow[]> {
  return db
    .selectFrom('case_fact')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findCommitments(db: Db, caseId: string) {
  return db
    .selectFrom('case_commitment')
    .innerJoin('person', 'person.id', 'case_commitment.owner_person_id')
    .selectAll('case_commitment')
    .select(['person.name as owner_name', 'person.organisation_id as owner_organisation_id'])
    .where('case_id', '=', caseId)
    .orderBy('case_commitment.due_at')
    .execute();
}

export async function findDecisions(db: Db, caseId: string): Promise<CaseDecisionRow[]> {
  return db
    .selectFrom('case_decision')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('decided_at')
    .execute();
}

export async function findTags(db: Db | Trx, caseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('case_tag')
    .select('tag')
    .where('case_id', '=', caseId)
    .orderBy('tag')
    .execute();
  return rows.map((r) => r.tag);
}

export async function findLinks(db: Db, scope: Scope, caseId: string) {
  const outgoing = await db
    .selectFrom('case_link')
    .innerJoin('support_case', 'support_case.id', 'case_link.to_case_id')
    .select(['case_link.kind', 'support_case.id', 'support_case.number', 'support_case.subject'])
    .where('case_link.from_case_id', '=', caseId)
    .where(caseVisibleTo(scope))
    .execute();
  const incoming = await db
    .selectFrom('case_link')
    .innerJoin('support_case', 'support_case.id', 'case_link.from_case_id')
    .select(['case_link.kind', 'support_case.id', 'support_case.number', 'support_case.subject'])
    .where('case_link.to_case_id', '=', caseId)
    .where(caseVisibleTo(scope))
    .execute();
  return { outgoing, incoming };
}

export type { CaseCommitmentRow };
