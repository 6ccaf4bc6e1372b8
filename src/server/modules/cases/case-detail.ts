// The case record as the caller's audience may see it: fields, names, facts, commitments, decisions, links.
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import { billingSummaryForCase } from '../billing/service';
import { replySignatureFor } from '../mail/case-mail';
import { readCaseClocks } from '../sla/service';
import { audienceOf } from './access';
import type { SupportCaseRow } from './case.table';
import { notFound } from './change-case';
import { parseBasis } from './decision-basis';
import {
  findCase,
  findCommitments,
  findDecisions,
  findFacts,
  findLinks,
  findTags,
  followMerge,
} from './repository';
import type { CaseDetail } from './schemas';

type Named = { id: string; name: string };

function named(id: string | null, name: string | null): Named | null {
  return id === null ? null : { id, name: name ?? '' };
}

/** The names a case shows (customer, contact, partner, third party, assignee, group), in one query. */
async function namesOf(deps: Deps, row: SupportCaseRow) {
  return deps.db
    .selectFrom('support_case')
    .innerJoin('organisation as customer', 'customer.id', 'support_case.customer_id')
    .leftJoin('person as contact', 'contact.id', 'support_case.contact_id')
    .leftJoin('organisation as partner', 'partner.id', 'support_case.partner_id')
    .leftJoin('organisation as third_party', 'third_party.id', 'support_case.third_party_id')
    .leftJoin('person as assignee', 'assignee.id', 'support_case.assignee_id')
    .leftJoin('case_group', 'case_group.id', 'support_case.group_id')
    .select([
      'customer.id as customer_id',
      'customer.number as customer_number',
      'customer.name as customer_name',
      'contact.name as contact_name',
      'partner.name as partner_name',
      'third_party.name as third_party_name',
      'assignee.name as assignee_name',
      'case_group.name as group_name',
    ])
    .where('support_case.id', '=', row.id)
    .executeTakeFirstOrThrow();
}

/**
 * The case as the caller's audience may see it. A merged duplicate answers with the case it was
 * merged into (`redirectTo`), so old numbers keep working.
 */
export async function getCase(
  deps: Deps,
  scope: Scope,
  idOrNumber: string,
): Promise<CaseDetail | { redirectTo: { id: string; number: string } }> {
  const row = await findCase(deps.db, scope, idOrNumber);
  if (!row) throw notFound();
  const target = await followMerge(deps.db, scope, row);
  if (target.id !== row.id) return { redirectTo: { id: target.id, number: target.number } };
  return caseDetail(deps, scope, row);
}

async function caseDetail(deps: Deps, scope: Scope, row: SupportCaseRow): Promise<CaseDetail> {
  const audience = audienceOf(scope);
  const now = deps.clock.now().toISOString();
  const names = await namesOf(deps, row);
  const facts = await findFacts(deps.db, row.id);
  const factById = new Map(facts.map((f) => [f.id, f]));
  const commitments = await findCommitments(deps.db, row.id);
  const decisions = await findDecisions(deps.db, row.id);
  const links = await findLinks(deps.db, scope, row.id);
  const mergedInto = row.merged_into_id ? await findCase(deps.db, scope, row.merged_into_id) : undefined;
  const detail: CaseDetail = {
    id: row.id,
    number: row.number,
    type: row.type,
    status: row.status,
    priority: row.priority,
    subject: row.subject,
    customer: { id: names.customer_id, number: names.customer_number, name: names.customer_name },
    partner: named(row.partner_id, names.partner_name),
    assignee: named(row.assignee_id, names.assignee_name),
    channel: row.channel,
    breaching: row.breaching === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    contact: named(row.contact_id, names.contact_name),
    thirdParty: named(row.third_party_id, names.third_party_name),
    mergedInto: mergedInto ? { id: mergedInto.id, number: mergedInto.number } : null,
    firstResponseAt: row.first_response_at,
    lastPublicReplyAt: row.last_public_reply_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    facts: facts.map((f) => ({
      id: f.id,
      key: f.key,
      label: f.label,
      value: f.value,
      source: f.source,
      state: f.state,
      note: f.note,
      updatedBy: f.updated_by_label,
      updatedAt: f.updated_at,
    })),
    commitments: commitments.map((c) => ({
      id: c.id,
      description: c.description,
      dueAt: c.due_at,
      owner: { id: c.owner_person_id, name: c.owner_name },
      status: c.status,
      overdue: c.status === 'broken' || (c.status === 'open' && c.due_at < now),
      createdAt: c.created_at,
      resolvedAt: c.resolved_at,
      outcomeReason: c.outcome_reason,
      ownerOrganisationId: c.owner_organisation_id,
    })),
    decisions: decisions.map((d) => ({
      id: d.id,
      outcome: d.outcome,
      policy: d.policy,
      conditions: d.conditions,
      // What the decision was made on, beside what the facts say now.
      citedFacts: parseBasis(d.basis).map((b) => {
        const now = factById.get(b.factId);
        return {
          id: b.factId,
          label: b.label,
          value: b.value,
          currentValue: now?.value ?? null,
          changed: now?.value !== b.value,
        };
      }),
      basisChangedAt: d.basis_changed_at,
      decidedBy: d.decided_by_label,
      decidedAt: d.decided_at,
    })),
    links: [
      ...links.outgoing.map((l) => ({
        kind: l.kind,
        direction: 'outgoing' as const,
        case: { id: l.id, number: l.number, subject: l.subject },
      })),
      ...links.incoming.map((l) => ({
        kind: l.kind,
        direction: 'incoming' as const,
        case: { id: l.id, number: l.number, subject: l.subject },
      })),
    ],
  };
  if (audience !== 'customer') {
    // Who writes a public reply signs it: the same name the message is filed under (messages.ts).
    const author = scope.kind === 'user' ? scope.name : scope.label;
    detail.replySignature = await replySignatureFor(deps.db, row, author);
  }
  if (audience === 'operator') {
    detail.group = named(row.group_id, names.group_name);
    detail.tags = await findTags(deps.db, row.id);
    detail.cause = row.cause_id ? await causeLabel(deps, row.cause_id) : null;
    detail.clocks = await readCaseClocks(deps, row.id);
    // Partners and customer users never get it: the block and the balance are the operator's.
    detail.billing = await billingSummaryForCase(deps, names.customer_id);
  }
  return detail;
}

async function causeLabel(deps: Deps, causeId: string) {
  const cause = await deps.db
    .selectFrom('cause as c')
    .leftJoin('cause as p', 'p.id', 'c.parent_id')
    .select(['c.id', 'c.name_de', 'p.name_de as parent_name'])
    .where('c.id', '=', causeId)
    .executeTakeFirst();
  if (!cause) return null;
  return {
    id: cause.id,
    label: cause.parent_name ? `${cause.parent_name} › ${cause.name_de}` : cause.name_de,
  };
}
