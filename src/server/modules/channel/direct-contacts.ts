import type { Db, Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { getOrganisation } from '../organisations/service';
import type { DirectContactRow } from './lead.table';
import { decideDirectOffer, describeProtection, type Protection, protectingPartners } from './protection';
import { findPartnersThatDeclined, findProtections } from './protection-queries';
import type { CreateDirectContactBody, DirectContact } from './registration-schemas';

// The operator's own sales contacts with a customer. Every contact is kept with the partner that
// protected the customer at that moment, so the report can tell contacts with and without partner
// involvement apart. Calls and mails are always recorded; an offer while a partner protects the
// customer only with a clearance (protection.ts decides), and the clearance is kept and audited.

export const DIRECT_CONTACT_ROLES = ['operator_admin', 'channel_manager', 'agent'] as const;

export type DirectContactDeps = Pick<Deps, 'db' | 'dialect' | 'clock'>;

/** The customer the contact is with; any other organisation (or none) is a 404. */
async function requireCustomer(deps: DirectContactDeps, scope: Scope, customerId: string) {
  const organisation = await getOrganisation(deps, scope, customerId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') throw AppError.notFound('Customer');
    throw error;
  });
  if (organisation.kind !== 'customer') throw AppError.notFound('Customer');
  return organisation;
}

function selectContacts(db: Db | Trx) {
  return db
    .selectFrom('direct_contact')
    .innerJoin('organisation as customer', 'customer.id', 'direct_contact.customer_id')
    .leftJoin('organisation as partner', 'partner.id', 'direct_contact.protecting_partner_id')
    .leftJoin('person as creator', 'creator.id', 'direct_contact.created_by_person_id')
    .selectAll('direct_contact')
    .select([
      'customer.name as customer_name',
      'partner.name as partner_name',
      'creator.name as creator_name',
    ]);
}

type ContactWithNames = DirectContactRow & {
  customer_name: string;
  partner_name: string | null;
  creator_name: string | null;
};

function toContact(row: ContactWithNames): DirectContact {
  return {
    id: row.id,
    customer: { id: row.customer_id, name: row.customer_name },
    kind: row.kind,
    note: row.note,
    protectingPartner: row.protecting_partner_id
      ? { id: row.protecting_partner_id, name: row.partner_name ?? '' }
      : null,
    clearance: row.clearance,
    clearanceNote: row.clearance_note,
    createdBy: { id: row.created_by_person_id, name: row.creator_name ?? '' },
    createdAt: row.created_at,
  };
}

/** The customer's direct contacts, newest first. */
export async function listDirectContacts(
  deps: DirectContactDeps,
  scope: Scope,
  customerId: string,
): Promise<{ items: DirectContact[] }> {
  requireRole(scope, DIRECT_CONTACT_ROLES);
  await requireCustomer(deps, scope, customerId);
  const rows = await selectContacts(deps.db)
    .where('direct_contact.customer_id', '=', customerId)
    .orderBy('direct_contact.created_at', 'desc')
    .orderBy('direct_contact.id', 'desc')
    .limit(500)
    .execute();
  return { items: rows.map(toContact) };
}

/** The 409 of an offer protection.ts refused: names the partner and what protects the customer. */
function refusal(
  reason: 'blocked' | 'not_declined',
  partner: { id: string; name: string },
  sources: Protection['source'][],
): AppError {
  const extra = { partner, protections: sources };
  if (reason === 'blocked') {
    return new AppError(
      'direct_offer_blocked',
      `A direct offer is blocked: ${describeProtection(partner, sources)} protects this customer. Record the partner's decline or consent as clearance.`,
      [],
      extra,
    );
  }
  return new AppError(
    'direct_offer_clearance_refused',
    `clearance: ${partner.name} has not declined a lead of this customer`,
    [{ field: 'clearance', message: `${partner.name} has not declined a lead of this customer` }],
    extra,
  );
}

/**
 * Records a contact. An offer while a partner protects the customer needs a clearance that holds;
 * without protection an offer needs none (a clearance given then is not kept: there was nothing
 * to clear). Calls and mails are recorded whatever protects the customer, with that partner.
 */
export async function createDirectContact(
  deps: DirectContactDeps,
  scope: Scope,
  customerId: string,
  input: CreateDirectContactBody,
): Promise<DirectContact> {
  requireRole(scope, DIRECT_CONTACT_ROLES);
  if (scope.kind !== 'user') throw new AppError('forbidden', 'A direct contact is recorded by a person');
  await requireCustomer(deps, scope, customerId);
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const now = isoNow(deps.clock);
    const protections = await findProtections(trx, customerId, now);
    let partnerId = protectingPartners(protections)[0]?.partner.id ?? null;
    let clearance: DirectContactRow['clearance'] = null;
    if (input.kind === 'offer') {
      const declinedBy =
        input.clearance === 'partner_declined'
          ? await findPartnersThatDeclined(trx, customerId)
          : new Set<string>();
      const decision = decideDirectOffer(
        protections,
        input.clearance === 'partner_consent'
          ? { kind: 'partner_consent', note: input.clearanceNote ?? '' }
          : input.clearance === 'partner_declined'
            ? { kind: 'partner_declined' }
            : null,
        declinedBy,
      );
      if (!decision.allowed) throw refusal(decision.reason, decision.partner, decision.sources);
      partnerId = decision.partner?.id ?? null;
      clearance = decision.clearance;
    }
    const row = {
      id,
      customer_id: customerId,
      kind: input.kind,
      note: input.note,
      protecting_partner_id: partnerId,
      clearance,
      clearance_note: clearance ? input.clearanceNote || null : null,
      created_by_person_id: scope.personId,
      created_at: now,
    };
    await trx.insertInto('direct_contact').values(row).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: clearance ? 'direct_contact.created_with_clearance' : 'direct_contact.created',
      entityType: 'direct_contact',
      entityId: id,
      after: {
        ...row,
        protections: protections.map((p) => ({
          source: p.source,
          partnerId: p.partner.id,
          subjectId: p.subjectId,
        })),
      },
    });
  });
  const created = await selectContacts(deps.db).where('direct_contact.id', '=', id).executeTakeFirstOrThrow();
  return toContact(created);
}
