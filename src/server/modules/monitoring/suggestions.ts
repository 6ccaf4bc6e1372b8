import { ACTIVE_STATUSES } from '../../../shared/cases';
import { OPERATOR_ROLES } from '../../../shared/roles';
import type { Db, Trx } from '../../db/database';
import type { Deps } from '../../shared/deps';
import { requireRole, type Scope } from '../../shared/scope';
import { resolveCaseForScope } from '../cases/service';
import { isSharedMailDomain } from '../mail/senders';
import { caseNumbersIn, domainAndParents, emailDomainsIn, linkDomain, tellingName } from './mention-clues';
import type { MentionSuggestionTable } from './monitoring.table';
import type { MentionSuggestion } from './schemas';
import { compileTerms, matchTerms } from './term-match';

// Which existing cases a mention may be about. A case number names the case; a customer found by
// an e-mail domain (in the text, or the post's own address) or by its name brings its open cases.
// Stored as suggestions: an agent decides with one click whether to link them.

export type Suggestion = Pick<MentionSuggestionTable, 'case_id' | 'reason' | 'detail'>;

/** Open cases per matched customer that are suggested; the newest first. */
const CASES_PER_CUSTOMER = 5;

type Clues = { text: string; link: string | null; prefix: string; ignoreCustomerIds: string[] };

async function customersByDomain(db: Db, domains: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const domain of domains) {
    if (isSharedMailDomain(domain)) continue;
    const pattern = `%@${domain}`;
    const organisations = await db
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'customer')
      .where('email', 'like', pattern)
      .execute();
    const people = await db
      .selectFrom('person')
      .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
      .select('organisation.id')
      .where('organisation.kind', '=', 'customer')
      .where('person.email', 'like', pattern)
      .execute();
    for (const row of [...organisations, ...people]) if (!found.has(row.id)) found.set(row.id, domain);
  }
  return found;
}

async function customersByName(db: Db, text: string): Promise<Map<string, string>> {
  const customers = await db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('kind', '=', 'customer')
    .where('active', '=', 1)
    .execute();
  const found = new Map<string, string>();
  for (const customer of customers) {
    const name = tellingName(customer.name);
    if (name && matchTerms(text, compileTerms([name])).length > 0) found.set(customer.id, customer.name);
  }
  return found;
}

/** The suggestions for a mention's text and link; each case once, a case number first. */
export async function findSuggestions(db: Db, clues: Clues): Promise<Suggestion[]> {
  const out = new Map<string, Suggestion>();
  const numbers = caseNumbersIn(clues.text, clues.prefix);
  if (numbers.length > 0) {
    const named = await db
      .selectFrom('support_case')
      .select(['id', 'number', 'merged_into_id'])
      .where('number', 'in', numbers)
      .execute();
    for (const row of named)
      out.set(row.merged_into_id ?? row.id, {
        case_id: row.merged_into_id ?? row.id,
        reason: 'case_number',
        detail: row.number,
      });
  }
  const host = linkDomain(clues.link);
  const domains = [...new Set([...emailDomainsIn(clues.text), ...(host ? domainAndParents(host) : [])])];
  const byDomain = await customersByDomain(db, domains);
  const byName = await customersByName(db, clues.text);
  const customers = new Map<string, Suggestion['reason']>();
  for (const id of byDomain.keys()) customers.set(id, 'email_domain');
  for (const id of byName.keys()) if (!customers.has(id)) customers.set(id, 'customer_name');
  for (const ignored of clues.ignoreCustomerIds) customers.delete(ignored);
  for (const [customerId, reason] of customers) {
    const open = await db
      .selectFrom('support_case')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('status', 'in', ACTIVE_STATUSES)
      .where('merged_into_id', 'is', null)
      .where('type', '!=', 'mention')
      .orderBy('created_at', 'desc')
      .limit(CASES_PER_CUSTOMER)
      .execute();
    const detail = reason === 'email_domain' ? byDomain.get(customerId)! : byName.get(customerId)!;
    for (const row of open) if (!out.has(row.id)) out.set(row.id, { case_id: row.id, reason, detail });
  }
  return [...out.values()];
}

export async function storeSuggestions(
  trx: Trx,
  mentionCaseId: string,
  suggestions: Suggestion[],
  now: string,
): Promise<void> {
  if (suggestions.length === 0) return;
  await trx
    .insertInto('mention_suggestion')
    .values(suggestions.map((s) => ({ ...s, mention_case_id: mentionCaseId, created_at: now })))
    .onConflict((oc) => oc.columns(['mention_case_id', 'case_id']).doNothing())
    .execute();
}

/** The cases a mention case suggests linking, for the case page (operator roles). */
export async function listMentionSuggestions(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
): Promise<MentionSuggestion[]> {
  requireRole(scope, OPERATOR_ROLES);
  const mention = await resolveCaseForScope(deps, scope, caseIdOrNumber);
  const rows = await deps.db
    .selectFrom('mention_suggestion')
    .innerJoin('support_case', 'support_case.id', 'mention_suggestion.case_id')
    .innerJoin('organisation', 'organisation.id', 'support_case.customer_id')
    .select([
      'support_case.id',
      'support_case.number',
      'support_case.subject',
      'support_case.status',
      'organisation.name as customer_name',
      'mention_suggestion.reason',
      'mention_suggestion.detail',
    ])
    .where('mention_suggestion.mention_case_id', '=', mention.id)
    .orderBy('mention_suggestion.reason')
    .orderBy('support_case.created_at', 'desc')
    .execute();
  if (rows.length === 0) return [];
  const links = await deps.db
    .selectFrom('case_link')
    .select(['from_case_id', 'to_case_id'])
    .where((eb) => eb.or([eb('from_case_id', '=', mention.id), eb('to_case_id', '=', mention.id)]))
    .execute();
  const linked = new Set(links.map((l) => (l.from_case_id === mention.id ? l.to_case_id : l.from_case_id)));
  return rows.map((row) => ({
    caseId: row.id,
    number: row.number,
    subject: row.subject,
    status: row.status,
    customerName: row.customer_name,
    reason: row.reason,
    detail: row.detail,
    linked: linked.has(row.id),
  }));
}
