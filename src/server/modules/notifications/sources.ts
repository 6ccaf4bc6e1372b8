// What a notice source (`created:<case id>`, `message:<id>`, `event:<id>`) means: the case, the
// candidates (who might be told, and which entry it rests on) and what the notice shows.

import type { DecisionOutcome } from '../../../shared/cases';
import type { Trx } from '../../db/database';
import { PARTNER_HIDDEN_CASE_TYPE } from '../cases/access';
import type { SupportCaseRow, Visibility } from '../cases/case.table';
import { excerptOf } from './notice-mail';
import { type Candidate, groupLeadOf, partnerOfCase, partnerPeople } from './recipients';

/** What a notice shows besides the case: only what its entry says, so it is no more than the reader may see. */
export type NoticeDetail = {
  description?: string;
  dueAt?: string;
  outcome?: DecisionOutcome;
  policy?: string;
  conditions?: string | null;
  excerpt?: string;
  /** Why a commitment was dropped (the customer reads it on the timeline too). */
  reason?: string;
  /** The automatic change an open commitment held back: `closed` or `resolved`. */
  heldTo?: string;
};

export type ResolvedSource = {
  kase: SupportCaseRow;
  candidates: Candidate[];
  detail: NoticeDetail;
  /** Who caused it: never told of their own doing. */
  actorPersonId: string | null;
};

const PUBLIC: Candidate['entry'] = { visibility: 'public', partnerOrganisationId: null };

async function caseById(trx: Trx, id: string): Promise<SupportCaseRow | undefined> {
  return trx.selectFrom('support_case').selectAll().where('id', '=', id).executeTakeFirst();
}

async function partnerCandidates(
  trx: Trx,
  kase: SupportCaseRow,
  kind: 'partner_new_case' | 'partner_public_reply',
): Promise<Candidate[]> {
  // An invoice request is between the operator and the customer (caseVisibleTo says so too).
  if (kase.type === PARTNER_HIDDEN_CASE_TYPE) return [];
  const partnerId = await partnerOfCase(trx, kase);
  if (!partnerId) return [];
  return (await partnerPeople(trx, partnerId)).map((personId) => ({ personId, kind, entry: PUBLIC }));
}

function contactCandidate(kase: SupportCaseRow, kind: Candidate['kind'], entry = PUBLIC): Candidate[] {
  return kase.contact_id ? [{ personId: kase.contact_id, kind, entry }] : [];
}

async function fromCreated(trx: Trx, caseId: string): Promise<ResolvedSource | null> {
  const kase = await caseById(trx, caseId);
  if (!kase) return null;
  return {
    kase,
    candidates: [
      ...contactCandidate(kase, 'case_received'),
      ...(await partnerCandidates(trx, kase, 'partner_new_case')),
    ],
    detail: {},
    actorPersonId: kase.created_by_id,
  };
}

async function fromMessage(trx: Trx, messageId: string): Promise<ResolvedSource | null> {
  const message = await trx
    .selectFrom('case_message')
    .select([
      'case_id',
      'direction',
      'visibility',
      'partner_organisation_id',
      'author_person_id',
      'body_text',
    ])
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!message) return null;
  const kase = await caseById(trx, message.case_id);
  if (!kase) return null;
  const entry = { visibility: message.visibility, partnerOrganisationId: message.partner_organisation_id };
  const detail = { excerpt: excerptOf(message.body_text) };
  // The hooks queue an operator's public reply (outbound) and a customer's message (inbound).
  if (message.direction === 'outbound') {
    if (message.visibility !== 'public') return null;
    return {
      kase,
      candidates: await partnerCandidates(trx, kase, 'partner_public_reply'),
      detail,
      actorPersonId: message.author_person_id,
    };
  }
  return {
    kase,
    candidates: kase.assignee_id ? [{ personId: kase.assignee_id, kind: 'customer_reply', entry }] : [],
    detail,
    actorPersonId: message.author_person_id,
  };
}

async function fromEvent(trx: Trx, eventId: string): Promise<ResolvedSource | null> {
  const event = await trx
    .selectFrom('case_event')
    .select(['case_id', 'type', 'visibility', 'partner_organisation_id', 'actor_person_id', 'data'])
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (!event) return null;
  const kase = await caseById(trx, event.case_id);
  if (!kase) return null;
  const data = JSON.parse(event.data) as Record<string, unknown>;
  const entry = {
    visibility: event.visibility as Visibility,
    partnerOrganisationId: event.partner_organisation_id,
  };
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  const base = { kase, actorPersonId: event.actor_person_id };
  switch (event.type) {
    case 'commitment_made':
    case 'commitment_kept':
    case 'commitment_missed': {
      const commitment = text('commitmentId')
        ? await trx
            .selectFrom('case_commitment')
            .select('due_at')
            .where('id', '=', text('commitmentId')!)
            .executeTakeFirst()
        : undefined;
      const kind =
        event.type === 'commitment_missed'
          ? 'commitment_broken'
          : (event.type as 'commitment_made' | 'commitment_kept');
      return {
        ...base,
        candidates: contactCandidate(kase, kind, entry),
        detail: { description: text('description'), dueAt: text('dueAt') ?? commitment?.due_at },
      };
    }
    case 'commitment_dropped':
      return {
        ...base,
        candidates: contactCandidate(kase, 'commitment_dropped', entry),
        detail: { description: text('description'), reason: text('reason') },
      };
    case 'held_for_commitments': {
      // The people who can settle the commitments: their owners and the case's assignee.
      const owners = Array.isArray(data.ownerIds)
        ? data.ownerIds.filter((id): id is string => typeof id === 'string')
        : [];
      const ids = [...new Set([...owners, kase.assignee_id].filter((id): id is string => id !== null))];
      return {
        ...base,
        candidates: ids.map((personId) => ({ personId, kind: 'held_for_commitments' as const, entry })),
        detail: { description: text('description'), heldTo: text('to') },
      };
    }
    case 'decision_made':
      return {
        ...base,
        candidates: contactCandidate(kase, 'decision_made', entry),
        detail: {
          outcome: text('outcome') as DecisionOutcome | undefined,
          policy: text('policy'),
          conditions: text('conditions') ?? null,
        },
      };
    case 'status_changed':
      if (data.to !== 'resolved') return null;
      return { ...base, candidates: contactCandidate(kase, 'case_resolved', entry), detail: {} };
    case 'assignee_changed':
      if (typeof data.to !== 'string') return null;
      return { ...base, candidates: [{ personId: data.to, kind: 'case_assigned', entry }], detail: {} };
    case 'sla_breached': {
      const lead = await groupLeadOf(trx, kase);
      const ids = [...new Set([kase.assignee_id, lead].filter((id): id is string => id !== null))];
      return {
        ...base,
        candidates: ids.map((personId) => ({ personId, kind: 'sla_breached' as const, entry })),
        detail: { description: text('clock') },
      };
    }
    default:
      return null;
  }
}

/** The case, candidates and detail of a source; null when it concerns nobody (or is gone). */
export async function resolveNoticeSource(trx: Trx, source: string): Promise<ResolvedSource | null> {
  const [type, id] = source.split(':') as [string, string | undefined];
  if (!id) return null;
  if (type === 'created') return fromCreated(trx, id);
  if (type === 'message') return fromMessage(trx, id);
  if (type === 'event') return fromEvent(trx, id);
  return null;
}
