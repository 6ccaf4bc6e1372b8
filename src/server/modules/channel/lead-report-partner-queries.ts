// Read-only queries of the leads report about partners: offers and answers from the lead steps,
// outcomes, what each holds now, deal registrations. Counts in SQL on both dialects; PostgreSQL
// returns count and sum as strings, so every number goes through num().

import { sql } from 'kysely';
import type { Db, Trx } from '../../db/database';
import {
  OFFER_ACTIONS,
  type PartnerName,
  type PartnerOutcomes,
  type PartnerPipeline,
  type PartnerRegistrations,
  type PartnerResponse,
  type PartnerStepCounts,
  type PeriodBounds,
  RESPONSE_ACTIONS,
} from './lead-report';

type Reader = Db | Trx;

const num = (value: unknown): number => Number(value ?? 0);

const inList = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql.lit(v)),
    sql`, `,
  );

/** Offers and answers per partner, by the time of the step. */
export async function countPartnerSteps(db: Reader, bounds: PeriodBounds): Promise<PartnerStepCounts[]> {
  const rows = await db
    .selectFrom('lead_step')
    .select([
      'partner_id',
      sql<number>`sum(case when action in (${inList(OFFER_ACTIONS)}) then 1 else 0 end)`.as('offered'),
      sql<number>`sum(case when action = 'accepted' then 1 else 0 end)`.as('accepted'),
      sql<number>`sum(case when action = 'declined' then 1 else 0 end)`.as('declined'),
      sql<number>`sum(case when action = 'timed_out' then 1 else 0 end)`.as('timed_out'),
    ])
    .where('partner_id', 'is not', null)
    .where('at', '>=', bounds.start)
    .where('at', '<', bounds.end)
    .where('action', 'in', [...OFFER_ACTIONS, 'accepted', 'declined', 'timed_out'])
    .groupBy('partner_id')
    .execute();
  return rows.map((row) => ({
    partnerId: row.partner_id as string,
    offered: num(row.offered),
    accepted: num(row.accepted),
    declined: num(row.declined),
    timedOut: num(row.timed_out),
  }));
}

/** Each answer in the period with the latest offer of the same lead to the same partner before it. */
export async function listPartnerResponses(db: Reader, bounds: PeriodBounds): Promise<PartnerResponse[]> {
  const rows = await db
    .selectFrom('lead_step as answer')
    .select([
      'answer.partner_id',
      'answer.at',
      (eb) =>
        eb
          .selectFrom('lead_step as offer')
          .select((inner) => inner.fn.max('offer.at').as('at'))
          .whereRef('offer.lead_id', '=', 'answer.lead_id')
          .whereRef('offer.partner_id', '=', 'answer.partner_id')
          .where('offer.action', 'in', [...OFFER_ACTIONS])
          .whereRef('offer.at', '<=', 'answer.at')
          .as('offered_at'),
    ])
    .where('answer.partner_id', 'is not', null)
    .where('answer.action', 'in', [...RESPONSE_ACTIONS])
    .where('answer.at', '>=', bounds.start)
    .where('answer.at', '<', bounds.end)
    .execute();
  return rows.map((row) => ({
    partnerId: row.partner_id as string,
    offeredAt: (row.offered_at as string | null) ?? null,
    respondedAt: row.at,
  }));
}

/** Won and lost leads per partner, closed in the period (closed_at, else the last change). */
export async function countPartnerOutcomes(db: Reader, bounds: PeriodBounds): Promise<PartnerOutcomes[]> {
  const closed = sql<string>`coalesce(lead.closed_at, lead.updated_at)`;
  const rows = await db
    .selectFrom('lead')
    .select([
      'lead.partner_id',
      sql<number>`sum(case when lead.status = 'won' then 1 else 0 end)`.as('won'),
      sql<number>`sum(case when lead.status = 'lost' then 1 else 0 end)`.as('lost'),
      sql<number>`sum(case when lead.status = 'won' then coalesce(lead.outcome_value_cents, 0) else 0 end)`.as(
        'won_value',
      ),
    ])
    .where('lead.partner_id', 'is not', null)
    .where('lead.status', 'in', ['won', 'lost'])
    .where(closed, '>=', bounds.start)
    .where(closed, '<', bounds.end)
    .groupBy('lead.partner_id')
    .execute();
  return rows.map((row) => ({
    partnerId: row.partner_id as string,
    won: num(row.won),
    lost: num(row.lost),
    wonValueCents: num(row.won_value),
  }));
}

/** What each partner holds now (offered or accepted) and its expected value; not bound to the period. */
export async function countPartnerPipeline(db: Reader): Promise<PartnerPipeline[]> {
  const rows = await db
    .selectFrom('lead')
    .select([
      'lead.partner_id',
      (eb) => eb.fn.countAll().as('open'),
      sql<number>`sum(coalesce(lead.expected_value_cents, 0))`.as('expected'),
    ])
    .where('lead.partner_id', 'is not', null)
    .where('lead.status', 'in', ['offered', 'accepted'])
    .groupBy('lead.partner_id')
    .execute();
  return rows.map((row) => ({
    partnerId: row.partner_id as string,
    openLeads: num(row.open),
    expectedValueCents: num(row.expected),
  }));
}

/** Deal registrations made in the period per partner, and how they were decided. */
export async function countPartnerRegistrations(
  db: Reader,
  bounds: PeriodBounds,
): Promise<PartnerRegistrations[]> {
  const rows = await db
    .selectFrom('deal_registration')
    .select([
      'partner_id',
      (eb) => eb.fn.countAll().as('registered'),
      sql<number>`sum(case when status = 'approved' then 1 else 0 end)`.as('approved'),
      sql<number>`sum(case when status = 'rejected' then 1 else 0 end)`.as('rejected'),
      sql<number>`sum(case when status = 'approved' then expected_value_cents else 0 end)`.as(
        'approved_value',
      ),
    ])
    .where('created_at', '>=', bounds.start)
    .where('created_at', '<', bounds.end)
    .groupBy('partner_id')
    .execute();
  return rows.map((row) => ({
    partnerId: row.partner_id,
    registered: num(row.registered),
    approved: num(row.approved),
    rejected: num(row.rejected),
    approvedValueCents: num(row.approved_value),
  }));
}

export async function findPartnerNames(db: Reader, ids: readonly string[]): Promise<PartnerName[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('organisation')
    .select(['id', 'number', 'name'])
    .where('id', 'in', [...ids])
    .execute();
}
