import { LEAD_HELD_STATUSES } from '../../../shared/channel';
import type { Db, Trx } from '../../db/database';
import { currentResellerOfRecordPeriod } from '../cases/access';
import type { Protection } from './protection';

// The facts behind protection.ts, read-only. The lead table belongs to the leads service: it is
// only read here. The current reseller of record is asked of cases/access.ts, its one definition.

/**
 * Everybody who protects `customerId` at `now`: its active (not suspended) current reseller of
 * record, partners holding a lead for it, approved registrations that have not run out. With
 * `productLine`, registrations of other lines do not count (leads of other lines neither, but a
 * lead without a line does); without it, every line counts.
 */
export async function findProtections(
  db: Db | Trx,
  customerId: string,
  now: string,
  productLine?: string,
): Promise<Protection[]> {
  const protections: Protection[] = [];

  const period = await currentResellerOfRecordPeriod(db, customerId);
  if (period) {
    const reseller = await db
      .selectFrom('organisation')
      .leftJoin('partner_profile', 'partner_profile.organisation_id', 'organisation.id')
      .select(['organisation.id', 'organisation.name', 'organisation.active', 'partner_profile.suspended'])
      .where('organisation.id', '=', period.partner_id)
      .executeTakeFirst();
    if (reseller && reseller.active === 1 && reseller.suspended !== 1) {
      protections.push({
        source: 'reseller_of_record',
        partner: { id: reseller.id, name: reseller.name },
        subjectId: null,
        productLine: null,
        until: null,
      });
    }
  }

  let leads = db
    .selectFrom('lead')
    .innerJoin('organisation as partner', 'partner.id', 'lead.partner_id')
    .select([
      'lead.id',
      'lead.product_line',
      'lead.status',
      'lead.protected_until',
      'partner.id as partner_id',
      'partner.name as partner_name',
    ])
    .where('lead.customer_id', '=', customerId)
    .where('lead.status', 'in', [...LEAD_HELD_STATUSES]);
  if (productLine !== undefined) {
    leads = leads.where((eb) =>
      eb.or([eb('lead.product_line', 'is', null), eb('lead.product_line', '=', productLine)]),
    );
  }
  for (const lead of await leads.orderBy('lead.created_at').orderBy('lead.id').execute()) {
    protections.push({
      source: 'lead',
      partner: { id: lead.partner_id, name: lead.partner_name },
      subjectId: lead.id,
      productLine: lead.product_line,
      until: lead.status === 'offered' ? lead.protected_until : null,
    });
  }

  let registrations = db
    .selectFrom('deal_registration')
    .innerJoin('organisation as partner', 'partner.id', 'deal_registration.partner_id')
    .select([
      'deal_registration.id',
      'deal_registration.product_line',
      'deal_registration.protected_until',
      'partner.id as partner_id',
      'partner.name as partner_name',
    ])
    .where('deal_registration.customer_id', '=', customerId)
    .where('deal_registration.status', '=', 'approved')
    .where('deal_registration.protected_until', '>', now);
  if (productLine !== undefined) {
    registrations = registrations.where('deal_registration.product_line', '=', productLine);
  }
  const approved = await registrations
    .orderBy('deal_registration.created_at')
    .orderBy('deal_registration.id')
    .execute();
  for (const registration of approved) {
    protections.push({
      source: 'registration',
      partner: { id: registration.partner_id, name: registration.partner_name },
      subjectId: registration.id,
      productLine: registration.product_line,
      until: registration.protected_until,
    });
  }
  return protections;
}

/** The partners that declined a lead of this customer (a `declined` step of the lead's history). */
export async function findPartnersThatDeclined(db: Db | Trx, customerId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('lead_step')
    .innerJoin('lead', 'lead.id', 'lead_step.lead_id')
    .select('lead_step.partner_id')
    .distinct()
    .where('lead.customer_id', '=', customerId)
    .where('lead_step.action', '=', 'declined')
    .where('lead_step.partner_id', 'is not', null)
    .execute();
  return new Set(rows.map((row) => row.partner_id).filter((id): id is string => id !== null));
}

/** Active customers at a postal code: the candidates a prospect may already be. */
export async function findCustomersAtPostalCode(
  db: Db | Trx,
  postalCode: string,
): Promise<{ id: string; name: string; postalCode: string | null }[]> {
  const rows = await db
    .selectFrom('organisation')
    .select(['id', 'name', 'postal_code'])
    .where('kind', '=', 'customer')
    .where('active', '=', 1)
    .where('postal_code', '=', postalCode.trim())
    .orderBy('name')
    .orderBy('id')
    .limit(500)
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, postalCode: row.postal_code }));
}
