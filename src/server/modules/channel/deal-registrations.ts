import { OPERATOR_ROLES, PARTNER_ROLES } from '../../../shared/roles';
import type { Db, Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import { decodeCursor, encodeCursor } from '../../shared/cursor';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { isOperator, requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { getOrganisation } from '../organisations/service';
import type { DealRegistrationRow } from './lead.table';
import { type Conflict, conflictsFor, likelyCustomers, registrationConflicts } from './protection';
import { findCustomersAtPostalCode, findProtections } from './protection-queries';
import { tellChannelManagers, tellPartner } from './registration-mail';
import type {
  CreateDealRegistrationBody,
  DealRegistration,
  ListDealRegistrationsQuery,
} from './registration-schemas';

// Deal registrations: a partner registers an opportunity with a customer it may see or with a
// prospect (name, postal code); the channel manager approves or rejects it with a reason.
// Conflicts with other partners' protection are computed when registered and again when decided,
// stored with the registration and shown: to the operator in full, to the partner only by kind
// (it learns that a protection exists, never whose). A conflict never decides by itself: the
// registration stays pending until a person approves or rejects it.

export const REGISTER_ROLES = PARTNER_ROLES;
export const DECIDE_ROLES = ['operator_admin', 'channel_manager'] as const;
export const REGISTRATION_READ_ROLES = [...OPERATOR_ROLES, ...PARTNER_ROLES];

export type RegistrationDeps = Pick<Deps, 'db' | 'dialect' | 'clock' | 'config'>;

const DAY_MS = 86_400_000;

function selectRegistrations(db: Db | Trx) {
  return db
    .selectFrom('deal_registration')
    .innerJoin('organisation as partner', 'partner.id', 'deal_registration.partner_id')
    .leftJoin('organisation as customer', 'customer.id', 'deal_registration.customer_id')
    .leftJoin('person as decider', 'decider.id', 'deal_registration.decided_by_person_id')
    .leftJoin('person as creator', 'creator.id', 'deal_registration.created_by_person_id')
    .selectAll('deal_registration')
    .select([
      'partner.name as partner_name',
      'customer.name as customer_name',
      'decider.name as decider_name',
      'creator.name as creator_name',
    ]);
}

type RegistrationWithNames = DealRegistrationRow & {
  partner_name: string;
  customer_name: string | null;
  decider_name: string | null;
  creator_name: string | null;
};

function parseConflicts(text: string): Conflict[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as Conflict[]) : [];
  } catch {
    return [];
  }
}

function toRegistration(row: RegistrationWithNames, operator: boolean): DealRegistration {
  return {
    id: row.id,
    partner: { id: row.partner_id, name: row.partner_name },
    customer: row.customer_id ? { id: row.customer_id, name: row.customer_name ?? '' } : null,
    prospectName: row.prospect_name,
    prospectPostalCode: row.prospect_postal_code,
    productLine: row.product_line,
    expectedValueCents: row.expected_value_cents,
    closeDate: row.close_date,
    note: row.note,
    status: row.status,
    conflicts: conflictsFor(parseConflicts(row.conflicts), operator),
    decision:
      row.decided_at && row.decision_reason
        ? {
            by: row.decided_by_person_id
              ? { id: row.decided_by_person_id, name: row.decider_name ?? '' }
              : null,
            at: row.decided_at,
            reason: row.decision_reason,
          }
        : null,
    protectedUntil: row.protected_until,
    createdBy: { id: row.created_by_person_id, name: row.creator_name ?? '' },
    createdAt: row.created_at,
  };
}

/** A partner's view is limited to its own registrations; others do not learn they exist. */
async function findVisibleRegistration(
  db: Db | Trx,
  scope: Scope,
  id: string,
): Promise<RegistrationWithNames | undefined> {
  let query = selectRegistrations(db).where('deal_registration.id', '=', id);
  if (!isOperator(scope) && scope.kind === 'user') {
    query = query.where('deal_registration.partner_id', '=', scope.organisationId);
  }
  return query.executeTakeFirst();
}

export async function getDealRegistration(
  deps: RegistrationDeps,
  scope: Scope,
  id: string,
): Promise<DealRegistration> {
  requireRole(scope, REGISTRATION_READ_ROLES);
  const row = await findVisibleRegistration(deps.db, scope, id);
  if (!row) throw AppError.notFound('Deal registration');
  return toRegistration(row, isOperator(scope));
}

export async function listDealRegistrations(
  deps: RegistrationDeps,
  scope: Scope,
  filter: ListDealRegistrationsQuery,
): Promise<{ items: DealRegistration[]; nextCursor: string | null }> {
  requireRole(scope, REGISTRATION_READ_ROLES);
  const operator = isOperator(scope);
  let query = selectRegistrations(deps.db)
    .orderBy('deal_registration.created_at', 'desc')
    .orderBy('deal_registration.id', 'desc')
    .limit(filter.limit + 1);
  if (!operator && scope.kind === 'user') {
    query = query.where('deal_registration.partner_id', '=', scope.organisationId);
  } else if (filter.partnerId) {
    query = query.where('deal_registration.partner_id', '=', filter.partnerId);
  }
  if (filter.status) query = query.where('deal_registration.status', '=', filter.status);
  if (filter.customerId) query = query.where('deal_registration.customer_id', '=', filter.customerId);
  if (filter.cursor) {
    const [createdAt, id] = decodeCursor(filter.cursor);
    query = query.where((eb) =>
      eb.or([
        eb('deal_registration.created_at', '<', createdAt),
        eb.and([eb('deal_registration.created_at', '=', createdAt), eb('deal_registration.id', '<', id)]),
      ]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toRegistration(row, operator)),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

/**
 * What a registration collides with now. For a customer: other partners' protection of the
 * line and an active reseller of record that is not the partner. For a prospect: customers it
 * probably is (same postal code and name), and their protection in the same way.
 */
export async function computeConflicts(
  db: Db | Trx,
  now: string,
  registration: {
    partnerId: string;
    customerId: string | null;
    prospectName: string;
    prospectPostalCode: string | null;
    productLine: string;
  },
): Promise<Conflict[]> {
  const { partnerId, productLine } = registration;
  if (registration.customerId) {
    const protections = await findProtections(db, registration.customerId, now, productLine);
    return registrationConflicts(partnerId, productLine, protections);
  }
  if (!registration.prospectPostalCode) return [];
  const candidates = likelyCustomers(
    { name: registration.prospectName, postalCode: registration.prospectPostalCode },
    await findCustomersAtPostalCode(db, registration.prospectPostalCode),
  );
  const conflicts: Conflict[] = [];
  for (const customer of candidates) {
    conflicts.push({ kind: 'existing_customer', customerId: customer.id, customerName: customer.name });
    const protections = await findProtections(db, customer.id, now, productLine);
    for (const conflict of registrationConflicts(partnerId, productLine, protections)) {
      conflicts.push({ ...conflict, customerId: customer.id, customerName: customer.name });
    }
  }
  return conflicts;
}

/** The customer a partner registers for: one it may see, else a 404 naming customerId. */
async function visibleCustomer(deps: RegistrationDeps, scope: Scope, customerId: string) {
  const unknown = () =>
    new AppError('not_found', 'customerId: no customer of yours has this id', [
      { field: 'customerId', message: 'is not a customer you may see' },
    ]);
  const organisation = await getOrganisation(deps, scope, customerId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') throw unknown();
    throw error;
  });
  if (organisation.kind !== 'customer') throw unknown();
  return organisation;
}

/** A partner registers an opportunity for its own organisation; it stays pending, flagged or not. */
export async function createDealRegistration(
  deps: RegistrationDeps,
  scope: Scope,
  input: CreateDealRegistrationBody,
): Promise<DealRegistration> {
  requireRole(scope, REGISTER_ROLES);
  if (scope.kind !== 'user' || scope.organisationKind !== 'partner') {
    throw new AppError('forbidden', 'Only a partner registers deals');
  }
  const customer = input.customerId ? await visibleCustomer(deps, scope, input.customerId) : null;
  const prospectName = input.prospectName ?? customer?.name ?? '';
  const prospectPostalCode = input.prospectPostalCode ?? customer?.postalCode ?? null;
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const now = isoNow(deps.clock);
    const conflicts = await computeConflicts(trx, now, {
      partnerId: scope.organisationId,
      customerId: customer?.id ?? null,
      prospectName,
      prospectPostalCode,
      productLine: input.productLine,
    });
    const row = {
      id,
      partner_id: scope.organisationId,
      customer_id: customer?.id ?? null,
      prospect_name: prospectName,
      prospect_postal_code: prospectPostalCode,
      product_line: input.productLine,
      expected_value_cents: input.expectedValueCents,
      close_date: input.closeDate,
      note: input.note || null,
      status: 'pending' as const,
      conflicts: JSON.stringify(conflicts),
      decided_by_person_id: null,
      decided_at: null,
      decision_reason: null,
      protected_until: null,
      created_by_person_id: scope.personId,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('deal_registration').values(row).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'deal_registration.created',
      entityType: 'deal_registration',
      entityId: id,
      after: row,
    });
    if (conflicts.length > 0) {
      await tellChannelManagers(trx, deps, { ...row, conflicts });
    }
  });
  return getDealRegistration(deps, scope, id);
}

async function registrationProtectionDays(db: Db | Trx): Promise<number> {
  const settings = await db
    .selectFrom('channel_settings')
    .select('registration_protection_days')
    .where('id', '=', 'default')
    .executeTakeFirst();
  return settings?.registration_protection_days ?? 90;
}

function alreadyDecided(status: string): AppError {
  return new AppError(
    'registration_already_decided',
    `The deal registration is already ${status}; a decision cannot be changed`,
  );
}

/**
 * The channel manager approves or rejects a pending registration with a reason. Conflicts are
 * computed again (protections may have come or gone) and stored. Approval protects the partner
 * for the customer and product line for channel_settings.registration_protection_days. The
 * partner's people are told by mail, each in their language. Two decisions at once: the
 * conditional update lets one win, the other gets the 409.
 */
export async function decideDealRegistration(
  deps: RegistrationDeps,
  scope: Scope,
  id: string,
  decision: 'approved' | 'rejected',
  reason: string,
): Promise<DealRegistration> {
  requireRole(scope, DECIDE_ROLES);
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('deal_registration')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before) throw AppError.notFound('Deal registration');
    if (before.status !== 'pending') throw alreadyDecided(before.status);
    const now = isoNow(deps.clock);
    const conflicts = await computeConflicts(trx, now, {
      partnerId: before.partner_id,
      customerId: before.customer_id,
      prospectName: before.prospect_name,
      prospectPostalCode: before.prospect_postal_code,
      productLine: before.product_line,
    });
    const protectedUntil =
      decision === 'approved'
        ? new Date(
            deps.clock.now().getTime() + (await registrationProtectionDays(trx)) * DAY_MS,
          ).toISOString()
        : null;
    const after = await trx
      .updateTable('deal_registration')
      .set({
        status: decision,
        conflicts: JSON.stringify(conflicts),
        decided_by_person_id: scope.kind === 'user' ? scope.personId : null,
        decided_at: now,
        decision_reason: reason,
        protected_until: protectedUntil,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    if (!after) throw alreadyDecided('decided');
    await recordAudit(trx, scope, deps.clock, {
      action: `deal_registration.${decision}`,
      entityType: 'deal_registration',
      entityId: id,
      before,
      after,
    });
    await tellPartner(trx, deps, after);
  });
  return getDealRegistration(deps, scope, id);
}
