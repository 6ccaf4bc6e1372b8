import { sql } from 'kysely';
import type { Db, Trx } from '../../db/database';
import { AppError, type AppErrorCode } from '../../shared/app-error';
import type { Scope } from '../../shared/scope';
import { audienceOf } from '../cases/access';
import type { LeadDeps } from './lead-placement';
import {
  findLeadSteps,
  findOrganisationNames,
  type LeadWithNames,
  leadsOfferedTo,
  selectLeads,
} from './lead-repository';
import type { RoutingCandidate } from './lead-routing';
import type { Lead, LeadList, ListLeadsQuery } from './lead-schemas';
import { type LeadViewer, toLead } from './lead-view';

// Leads: created by the operator, a partner (for its own customers) or the renewal job, routed to
// a partner or the channel manager's queue, worked by the holding partner. Who sees a lead: the
// operator all; a partner those it holds or held; anyone else none (404 on one, 403 on the list).
// Steps of the holding partner: partner_admin and partner_agent of that partner; another partner
// gets 404, the operator 403. Every step is in the lead's history.

export const LEAD_CREATE_ROLES = [
  'operator_admin',
  'channel_manager',
  'agent',
  'partner_admin',
  'partner_agent',
] as const;
export const LEAD_PARTNER_ROLES = ['partner_admin', 'partner_agent'] as const;
export const LEAD_MANAGE_ROLES = ['operator_admin', 'channel_manager'] as const;
export const LEAD_LIST_ROLES = [
  'operator_admin',
  'agent',
  'channel_manager',
  'billing_clerk',
  'partner_admin',
  'partner_agent',
] as const;

export function viewerOf(scope: Scope): LeadViewer | null {
  const audience = audienceOf(scope);
  if (audience === 'operator') return { kind: 'operator' };
  if (audience === 'partner' && scope.kind === 'user')
    return { kind: 'partner', partnerId: scope.organisationId };
  return null;
}

export function leadVisibleTo(viewer: LeadViewer) {
  if (viewer.kind === 'operator') return sql<boolean>`1 = 1`;
  return sql<boolean>`(lead.partner_id = ${viewer.partnerId} or lead.id in ${leadsOfferedTo(viewer.partnerId)})`;
}

async function namesFor(db: Db | Trx, rows: LeadWithNames[]): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const row of rows) {
    for (const candidate of JSON.parse(row.routing_candidates) as RoutingCandidate[])
      ids.add(candidate.partnerId);
  }
  return findOrganisationNames(db, [...ids]);
}

/** One lead as the scope sees it, with its history; not_found when it may not see it. */
export async function getLead(
  deps: LeadDeps,
  scope: Scope,
  id: string,
  db: Db | Trx = deps.db,
): Promise<Lead> {
  const viewer = viewerOf(scope);
  if (!viewer) throw AppError.notFound('Lead');
  const row = await selectLeads(db).where('lead.id', '=', id).where(leadVisibleTo(viewer)).executeTakeFirst();
  if (!row) throw AppError.notFound('Lead');
  const [names, steps] = await Promise.all([namesFor(db, [row]), findLeadSteps(db, id)]);
  return toLead(row, viewer, names, steps);
}

/** Leads the scope may see, newest first; filters status, kind, partnerId, customerId. */
export async function listLeads(deps: LeadDeps, scope: Scope, query: ListLeadsQuery): Promise<LeadList> {
  const viewer = viewerOf(scope);
  if (!viewer) throw new AppError('forbidden', 'Your role does not allow this action');
  let base = selectLeads(deps.db).where(leadVisibleTo(viewer));
  if (query.status) base = base.where('lead.status', '=', query.status);
  if (query.kind) base = base.where('lead.kind', '=', query.kind);
  if (query.partnerId) base = base.where('lead.partner_id', '=', query.partnerId);
  if (query.customerId) base = base.where('lead.customer_id', '=', query.customerId);
  const [rows, count] = await Promise.all([
    base
      .orderBy('lead.created_at', 'desc')
      .orderBy('lead.number', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  const names = await namesFor(deps.db, rows);
  return {
    items: rows.map((row) => toLead(row, viewer, names)),
    total: Number(count.total),
    limit: query.limit,
    offset: query.offset,
  };
}

const STATE_ERRORS: Record<string, { code: AppErrorCode; message: string }> = {
  offered: { code: 'lead_not_offered', message: 'The lead is not (or no longer) offered to you.' },
  accepted: {
    code: 'lead_not_accepted',
    message: 'The lead is not accepted; accept it before reporting an outcome.',
  },
  open: {
    code: 'lead_closed',
    message: 'The lead is closed (won, lost or cancelled); it no longer changes.',
  },
};

export function stateError(expected: keyof typeof STATE_ERRORS): AppError {
  const { code, message } = STATE_ERRORS[expected]!;
  return new AppError(code, message);
}
