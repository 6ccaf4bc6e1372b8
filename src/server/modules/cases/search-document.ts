import type { Trx } from '../../db/database';
import type { DialectName } from '../../db/dialect';
import { appendCaseSearchText, replaceCaseSearchText } from '../search/case-search';

/**
 * Rebuilds a case's search document from number, subject, customer and contact names, facts and
 * all messages. For changes that remove or alter text (subject, contact, fact correction, merge);
 * a new message or fact only appends.
 */
export async function rebuildCaseSearch(trx: Trx, dialect: DialectName, caseId: string): Promise<void> {
  const head = await trx
    .selectFrom('support_case')
    .innerJoin('organisation as customer', 'customer.id', 'support_case.customer_id')
    .leftJoin('person as contact', 'contact.id', 'support_case.contact_id')
    .select([
      'support_case.number',
      'support_case.subject',
      'customer.name as customer_name',
      'contact.name as contact_name',
    ])
    .where('support_case.id', '=', caseId)
    .executeTakeFirst();
  if (!head) return;
  const facts = await trx
    .selectFrom('case_fact')
    .select(['label', 'value'])
    .where('case_id', '=', caseId)
    .execute();
  const messages = await trx
    .selectFrom('case_message')
    .select('body_text')
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  const text = [
    head.number,
    head.subject,
    head.customer_name,
    head.contact_name ?? '',
    ...facts.map((f) => `${f.label} ${f.value}`),
    ...messages.map((m) => m.body_text),
  ].join('\n');
  await replaceCaseSearchText(trx, dialect, caseId, text);
}

/** Adds new text (a message, a fact) to a case's search document. */
export async function appendToCaseSearch(
  trx: Trx,
  dialect: DialectName,
  caseId: string,
  text: string,
): Promise<void> {
  await appendCaseSearchText(trx, dialect, caseId, text);
}
