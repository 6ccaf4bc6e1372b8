import type { Db, Trx } from '../../db/database';
import type { DialectName } from '../../db/dialect';
import { appendCaseSearchText, type CaseSearchText, replaceCaseSearchText } from '../search/case-search';
import type { SearchTables } from '../search/case-search.table';

// What of a case is searchable, and by whom: the number, subject (also a mail's full subject),
// customer and contact names and the facts are on the table for everyone on the case (public);
// a message, and the subject of the mail it came as, are read by whoever reads the message.

/** The searchable texts of cases, by case id; a case that does not exist is missing. */
async function searchTextsOf(
  db: Db | Trx,
  caseIds: readonly string[],
): Promise<Map<string, CaseSearchText[]>> {
  const texts = new Map<string, CaseSearchText[]>();
  if (caseIds.length === 0) return texts;
  const heads = await db
    .selectFrom('support_case')
    .innerJoin('organisation as customer', 'customer.id', 'support_case.customer_id')
    .leftJoin('person as contact', 'contact.id', 'support_case.contact_id')
    .select([
      'support_case.id',
      'support_case.number',
      'support_case.subject',
      'support_case.full_subject',
      'customer.name as customer_name',
      'contact.name as contact_name',
    ])
    .where('support_case.id', 'in', caseIds)
    .execute();
  for (const head of heads) {
    const text = [
      head.number,
      head.subject,
      head.full_subject ?? '',
      head.customer_name,
      head.contact_name ?? '',
    ];
    texts.set(head.id, [{ text: text.join('\n'), visibility: 'public' }]);
  }
  const facts = await db
    .selectFrom('case_fact')
    .select(['case_id', 'label', 'value'])
    .where('case_id', 'in', caseIds)
    .orderBy('case_id')
    .orderBy('id')
    .execute();
  for (const fact of facts)
    texts.get(fact.case_id)?.push({ text: `${fact.label} ${fact.value}`, visibility: 'public' });
  const messages = await db
    .selectFrom('case_message')
    .leftJoin('inbound_mail', 'inbound_mail.id', 'case_message.inbound_mail_id')
    .select([
      'case_message.case_id',
      'case_message.body_text',
      'case_message.visibility',
      'case_message.partner_organisation_id',
      'inbound_mail.subject as mail_subject',
    ])
    .where('case_message.case_id', 'in', caseIds)
    .orderBy('case_message.case_id')
    .orderBy('case_message.id')
    .execute();
  for (const message of messages)
    texts.get(message.case_id)?.push({
      text: message.mail_subject ? `${message.mail_subject}\n${message.body_text}` : message.body_text,
      visibility: message.visibility,
      partnerOrganisationId: message.partner_organisation_id,
    });
  return texts;
}

/**
 * Rebuilds a case's search documents from its number, subject, names, facts and all messages.
 * For changes that remove or alter text (subject, contact, fact correction, merge); a new
 * message or fact only appends.
 */
export async function rebuildCaseSearch(trx: Trx, dialect: DialectName, caseId: string): Promise<void> {
  const texts = (await searchTextsOf(trx, [caseId])).get(caseId);
  if (texts) await replaceCaseSearchText(trx, dialect, caseId, texts);
}

/**
 * Adds new text to a case's search for those who may read it: by default everyone on the case
 * (a fact); give the visibility (and partner organisation) of the entry it belongs to otherwise.
 * The case's first text of a visibility rebuilds its search.
 */
export async function appendToCaseSearch(
  trx: Trx,
  dialect: DialectName,
  caseId: string,
  text: string,
  readers: Omit<CaseSearchText, 'text'> = { visibility: 'public' },
): Promise<void> {
  if (!(await appendCaseSearchText(trx, dialect, caseId, { text, ...readers })))
    await rebuildCaseSearch(trx, dialect, caseId);
}

/**
 * Makes a new message searchable for those who may read it, with the subject of the mail it
 * came as (a reply's subject, which may name a third party's ticket).
 */
export async function indexCaseMessage(
  trx: Trx,
  dialect: DialectName,
  caseId: string,
  messageId: string,
  mailSubject?: string | null,
): Promise<void> {
  const message = await trx
    .selectFrom('case_message')
    .select(['body_text', 'visibility', 'partner_organisation_id'])
    .where('id', '=', messageId)
    .executeTakeFirstOrThrow();
  const text = mailSubject ? `${mailSubject}\n${message.body_text}` : message.body_text;
  await appendToCaseSearch(trx, dialect, caseId, text, {
    visibility: message.visibility,
    partnerOrganisationId: message.partner_organisation_id,
  });
}

const INDEX_BATCH = 200;

/** Told how far a rebuild of the case search has come: cases indexed so far, of how many. */
export type SearchRebuildProgress = (done: number, total: number) => void;

/**
 * Builds the search of the cases that have none, oldest first, a batch per transaction: after a
 * migration emptied the search because what it holds changed, and to finish such a rebuild if it
 * was interrupted. Every case has search documents from its creation on, except a merged
 * duplicate (its text moved to the case it was merged into); so when the newest other case has
 * them, all have, and the check costs two index lookups. Returns how many cases were indexed.
 * `onProgress` hears of each batch (cases done, cases to do), for a progress bar on a big rebuild.
 */
export async function indexUnsearchedCases(
  db: Db,
  dialect: DialectName,
  onProgress?: SearchRebuildProgress,
): Promise<number> {
  const search = db.withTables<SearchTables>();
  const newest = await db
    .selectFrom('support_case')
    .select('id')
    .where('merged_into_id', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!newest) return 0;
  const indexed = (id: string) =>
    search.selectFrom('case_search').select('case_id').where('case_id', '=', id).limit(1).executeTakeFirst();
  if (await indexed(newest.id)) return 0;
  // Cases are indexed in id order (UUIDv7: creation order), so the last one indexed is where an
  // interrupted rebuild resumes.
  const last = await search
    .selectFrom('case_search')
    .select('case_id')
    .orderBy('case_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  let after = last?.case_id ?? '';
  let count = 0;
  const total = onProgress
    ? Number(
        (
          await db
            .selectFrom('support_case')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('id', '>', after)
            .where('merged_into_id', 'is', null)
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0;
  onProgress?.(0, total);
  for (;;) {
    const batch = await db
      .selectFrom('support_case')
      .select('id')
      .where('id', '>', after)
      .where('merged_into_id', 'is', null)
      .orderBy('id')
      .limit(INDEX_BATCH)
      .execute();
    if (batch.length === 0) return count;
    await db.transaction().execute(async (trx) => {
      const texts = await searchTextsOf(
        trx,
        batch.map((row) => row.id),
      );
      for (const [caseId, caseTexts] of texts) await replaceCaseSearchText(trx, dialect, caseId, caseTexts);
    });
    count += batch.length;
    after = batch.at(-1)!.id;
    onProgress?.(count, Math.max(total, count));
  }
}
