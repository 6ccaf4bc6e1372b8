import type { Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import { nextCounterValue } from '../../shared/counter';
import { decodeCursor, encodeCursor } from '../../shared/cursor';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { actorLabel, isOperator, requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { currentResellerOfRecordPeriod } from '../cases/access';
import type { ImportError, ImportRow } from './csv-import';
import type { OrganisationKind } from './organisation.table';
import {
  findOrganisation,
  findOrganisations,
  findResellerOfRecordHistory,
  insertOrganisation,
  lockOrganisation,
  type OrganisationWithReseller,
  setAssetResellerOfRecordRow,
  setResellerOfRecordRow,
  updateOrganisation as updateOrganisationRow,
} from './repository';
import type {
  CreateOrganisationBody,
  Organisation,
  ResellerOfRecordPeriod,
  UpdateOrganisationBody,
} from './schemas';

export type OrganisationDeps = Pick<Deps, 'db' | 'dialect' | 'clock'>;

const NUMBER_SERIES: Record<OrganisationKind, { prefix: string; start: number }> = {
  operator: { prefix: 'O', start: 0 },
  partner: { prefix: 'P', start: 10_000 },
  customer: { prefix: 'K', start: 100_000 },
  third_party: { prefix: 'D', start: 0 },
};

const MANAGE_ROLES = ['operator_admin', 'channel_manager'] as const;
const CREATE_ROLES = ['operator_admin', 'channel_manager', 'agent'] as const;

function toOrganisation(row: OrganisationWithReseller): Organisation {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    name: row.name,
    street: row.street,
    postalCode: row.postal_code,
    city: row.city,
    country: row.country,
    vatId: row.vat_id,
    taxNumber: row.tax_number,
    email: row.email,
    phone: row.phone,
    active: row.active === 1,
    ticketReferencePattern: row.ticket_reference_pattern,
    acceptsPartnerEscalation: row.accepts_partner_escalation === 1,
    serviceHours: row.service_hours,
    resellerOfRecord:
      row.reseller_id === null
        ? null
        : { id: row.reseller_id, number: row.reseller_number ?? '', name: row.reseller_name ?? '' },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** An organisation visible to the scope; otherwise not_found (never "forbidden", which would confirm it exists). */
export async function getOrganisation(
  deps: OrganisationDeps,
  scope: Scope,
  id: string,
): Promise<Organisation> {
  const row = await findOrganisation(deps.db, scope, id);
  if (!row) throw AppError.notFound('Organisation');
  // The review flag is the operator's own judgement: never shown to the customer or a partner.
  if (!isOperator(scope)) return toOrganisation(row);
  const reviewFlag =
    row.review_reason && row.review_flagged_at
      ? { reason: row.review_reason, flaggedAt: row.review_flagged_at }
      : null;
  return { ...toOrganisation(row), reviewFlag };
}

/**
 * Flags an account for review (e.g. a return held something else than the goods), in the caller's
 * transaction, audited. A later flag replaces the reason; the flag is for the operator only.
 */
export async function flagOrganisationForReview(
  trx: Trx,
  deps: Pick<Deps, 'clock'>,
  scope: Scope,
  id: string,
  reason: string,
): Promise<void> {
  const now = isoNow(deps.clock);
  const before = await trx
    .selectFrom('organisation')
    .select(['review_reason', 'review_flagged_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!before) throw AppError.notFound('Organisation');
  await trx
    .updateTable('organisation')
    .set({ review_reason: reason, review_flagged_at: now, updated_at: now })
    .where('id', '=', id)
    .execute();
  await recordAudit(trx, scope, deps.clock, {
    action: 'organisation.flagged_for_review',
    entityType: 'organisation',
    entityId: id,
    before,
    after: { review_reason: reason, review_flagged_at: now },
  });
}

function cursorToNameAndId(cursor: string): { name: string; id: string } {
  const [name, id] = decodeCursor(cursor);
  return { name, id };
}

export async function listOrganisations(
  deps: OrganisationDeps,
  scope: Scope,
  filter: { kind?: OrganisationKind; q?: string; resellerId?: string; cursor?: string; limit: number },
): Promise<{ items: Organisation[]; nextCursor: string | null }> {
  const rows = await findOrganisations(deps.db, deps.dialect, scope, {
    kind: filter.kind,
    q: filter.q || undefined,
    resellerId: filter.resellerId,
    after: filter.cursor ? cursorToNameAndId(filter.cursor) : undefined,
    limit: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(toOrganisation),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.name, last.id) : null,
  };
}

async function requireActivePartner(deps: OrganisationDeps, scope: Scope, partnerId: string): Promise<void> {
  const partner = await findOrganisation(deps.db, scope, partnerId);
  if (partner?.kind !== 'partner') throw AppError.field('partnerId', 'is not a partner organisation');
  if (partner.active !== 1) throw AppError.field('partnerId', 'is an inactive partner; activate it first');
}

/** Inserts an organisation with the next number of its series, in the caller's transaction. */
export async function insertNumberedOrganisation(
  trx: Trx,
  deps: OrganisationDeps,
  scope: Scope,
  input: CreateOrganisationBody,
): Promise<string> {
  const id = newId();
  const series = NUMBER_SERIES[input.kind];
  const sequence = await nextCounterValue(trx, `organisation.${input.kind}`);
  const now = isoNow(deps.clock);
  const row = await insertOrganisation(trx, {
    id,
    number: `${series.prefix}-${series.start + sequence}`,
    kind: input.kind,
    name: input.name,
    street: input.street ?? null,
    postal_code: input.postalCode ?? null,
    city: input.city ?? null,
    country: input.country,
    vat_id: input.vatId ?? null,
    tax_number: input.taxNumber ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    active: input.active ? 1 : 0,
    created_at: now,
    updated_at: now,
  });
  await recordAudit(trx, scope, deps.clock, {
    action: 'organisation.created',
    entityType: 'organisation',
    entityId: id,
    after: { ...row, reseller_of_record: input.resellerOfRecordId ?? null },
  });
  // The creation's audit entry already names the reseller of record.
  if (input.resellerOfRecordId) {
    await changeResellerOfRecord(trx, deps, scope, id, input.resellerOfRecordId, 'initial', { audit: false });
  }
  return id;
}

/** Creates an organisation with the next human number of its kind's series. */
export async function createOrganisation(
  deps: OrganisationDeps,
  scope: Scope,
  input: CreateOrganisationBody,
): Promise<Organisation> {
  requireRole(scope, CREATE_ROLES);
  if (input.resellerOfRecordId) await requireActivePartner(deps, scope, input.resellerOfRecordId);
  const id = await deps.db
    .transaction()
    .execute((trx) => insertNumberedOrganisation(trx, deps, scope, input));
  return getOrganisation(deps, scope, id);
}

export class ImportFailed extends Error {
  constructor(readonly errors: ImportError[]) {
    super(`${errors.length} rows rejected`);
  }
}

/**
 * Imports validated rows in one transaction: either every row is imported or none. A
 * reseller_number may name an existing partner or one created earlier in the same file.
 */
export async function importOrganisations(
  deps: OrganisationDeps,
  scope: Scope,
  rows: ImportRow[],
  onProgress: (done: number) => void = () => {},
): Promise<{ imported: number }> {
  requireRole(scope, CREATE_ROLES);
  await deps.db.transaction().execute(async (trx) => {
    const createdPartners = new Map<string, string>();
    let done = 0;
    for (const row of rows) {
      let resellerOfRecordId: string | undefined;
      if (row.resellerNumber) {
        const partner = await trx
          .selectFrom('organisation')
          .select(['id', 'kind', 'active'])
          .where((eb) =>
            eb.or([eb('number', '=', row.resellerNumber!), eb('name', '=', row.resellerNumber!)]),
          )
          .executeTakeFirst();
        resellerOfRecordId =
          partner?.kind === 'partner' && partner.active === 1
            ? partner.id
            : createdPartners.get(row.resellerNumber);
        if (!resellerOfRecordId) {
          throw new ImportFailed([
            {
              line: row.line,
              field: 'reseller_number',
              message: `no active partner with number ${row.resellerNumber}`,
            },
          ]);
        }
      }
      const id = await insertNumberedOrganisation(trx, deps, scope, {
        ...row.organisation,
        resellerOfRecordId,
      });
      if (row.organisation.kind === 'partner') createdPartners.set(row.organisation.name, id);
      done += 1;
      onProgress(done);
    }
  });
  return { imported: rows.length };
}

export async function updateOrganisation(
  deps: OrganisationDeps,
  scope: Scope,
  id: string,
  input: UpdateOrganisationBody,
): Promise<Organisation> {
  requireRole(scope, MANAGE_ROLES);
  await deps.db.transaction().execute(async (trx) => {
    const before = await findOrganisation(trx, scope, id);
    if (!before) throw AppError.notFound('Organisation');
    const country = input.country ?? before.country;
    const postalCode = input.postalCode === undefined ? before.postal_code : input.postalCode;
    if (country === 'DE' && postalCode && !/^\d{5}$/.test(postalCode)) {
      throw AppError.field('postalCode', 'must be 5 digits for Germany');
    }
    // Only a third party's mails are searched for its ticket reference.
    if (input.ticketReferencePattern && before.kind !== 'third_party') {
      throw AppError.field('ticketReferencePattern', 'only third parties have a ticket reference pattern');
    }
    if (input.acceptsPartnerEscalation && before.kind !== 'third_party') {
      throw AppError.field('acceptsPartnerEscalation', 'only third parties take escalations');
    }
    // A third party that takes no partner escalations is reached by the customer's call: the
    // partner portal shows its number, so it must have one.
    if (
      before.kind === 'third_party' &&
      (input.acceptsPartnerEscalation !== undefined || input.phone !== undefined)
    ) {
      const accepts = input.acceptsPartnerEscalation ?? before.accepts_partner_escalation === 1;
      const phone = input.phone === undefined ? before.phone : input.phone;
      if (!accepts && !phone) {
        throw AppError.field(
          'phone',
          'is required while partners cannot escalate: customers call this number',
        );
      }
    }
    // Deactivating an organisation shuts its people out (login, sessions, API tokens); the
    // operator's own would shut out everyone who could turn it back on.
    if (input.active === false && before.kind === 'operator') {
      throw AppError.field('active', 'the operator organisation cannot be deactivated');
    }
    const after = await updateOrganisationRow(trx, id, {
      name: input.name,
      street: input.street,
      postal_code: input.postalCode,
      city: input.city,
      country: input.country,
      vat_id: input.vatId,
      tax_number: input.taxNumber,
      email: input.email,
      phone: input.phone,
      active: input.active === undefined ? undefined : input.active ? 1 : 0,
      ticket_reference_pattern: input.ticketReferencePattern,
      accepts_partner_escalation:
        input.acceptsPartnerEscalation === undefined ? undefined : input.acceptsPartnerEscalation ? 1 : 0,
      service_hours: input.serviceHours,
      updated_at: isoNow(deps.clock),
    });
    const { reseller_id: _r, reseller_name: _n, reseller_number: _u, ...beforeRow } = before;
    await recordAudit(trx, scope, deps.clock, {
      action: 'organisation.updated',
      entityType: 'organisation',
      entityId: id,
      before: beforeRow,
      after,
    });
  });
  return getOrganisation(deps, scope, id);
}

/**
 * The one writer of the reseller of record, in the caller's transaction: closes the current period
 * and opens the next one with who changed it and why, and audits the change. Does nothing when the
 * partner stays the same. The caller has checked roles, the customer and the partner; it may skip
 * the audit entry only when its own entry records the change (creating the customer).
 */
export async function changeResellerOfRecord(
  trx: Trx,
  deps: OrganisationDeps,
  scope: Scope,
  customerId: string,
  partnerId: string | null,
  reason: string,
  options: { audit: boolean } = { audit: true },
): Promise<void> {
  // Two changes at once would both close the same period; the second waits and sees the first's.
  await lockOrganisation(trx, deps.dialect, customerId);
  const before = await currentResellerOfRecordPeriod(trx, customerId);
  if ((before?.partner_id ?? null) === partnerId) return;
  await setResellerOfRecordRow(trx, customerId, partnerId, isoNow(deps.clock), {
    changedByPersonId: scope.kind === 'user' ? scope.personId : null,
    changedByLabel: actorLabel(scope),
    reason,
  });
  if (!options.audit) return;
  await recordAudit(trx, scope, deps.clock, {
    action: 'organisation.reseller_of_record_changed',
    entityType: 'organisation',
    entityId: customerId,
    before: { partnerId: before?.partner_id ?? null },
    after: { partnerId, reason },
  });
}

/**
 * The writer of an asset's own reseller of record, in the caller's transaction (the sibling of
 * changeResellerOfRecord): closes the asset's open period, opens the next with who and why, and
 * audits the change. `partnerId` must be an active partner (checked here); null removes the
 * asset's own record, so the customer's applies. Does nothing when the partner stays the same.
 */
export async function changeAssetResellerOfRecord(
  trx: Trx,
  deps: OrganisationDeps,
  scope: Scope,
  change: { customerId: string; assetId: string; partnerId: string | null; reason: string },
): Promise<void> {
  if (change.partnerId !== null) {
    const partner = await trx
      .selectFrom('organisation')
      .select(['kind', 'active'])
      .where('id', '=', change.partnerId)
      .executeTakeFirst();
    if (partner?.kind !== 'partner')
      throw AppError.field('resellerOfRecord.partnerId', 'is not a partner organisation');
    if (partner.active !== 1) throw AppError.field('resellerOfRecord.partnerId', 'is an inactive partner');
  }
  await lockOrganisation(trx, deps.dialect, change.customerId);
  const before = await setAssetResellerOfRecordRow(
    trx,
    change.customerId,
    change.assetId,
    change.partnerId,
    isoNow(deps.clock),
    {
      changedByPersonId: scope.kind === 'user' ? scope.personId : null,
      changedByLabel: actorLabel(scope),
      reason: change.reason,
    },
  );
  if (before === change.partnerId) return;
  await recordAudit(trx, scope, deps.clock, {
    action: 'asset.reseller_of_record_changed',
    entityType: 'asset',
    entityId: change.assetId,
    before: { partnerId: before },
    after: { partnerId: change.partnerId, reason: change.reason },
  });
}

/**
 * Changes a customer's reseller of record. Every change is audited with its reason, because a
 * silently changed reseller of record is how leads end up with the wrong partner.
 */
export async function setResellerOfRecord(
  deps: OrganisationDeps,
  scope: Scope,
  customerId: string,
  partnerId: string | null,
  reason: string,
): Promise<Organisation> {
  requireRole(scope, MANAGE_ROLES);
  const customer = await findOrganisation(deps.db, scope, customerId);
  if (!customer) throw AppError.notFound('Organisation');
  if (customer.kind !== 'customer') throw AppError.field('id', 'only customers have a reseller of record');
  if (partnerId !== null) await requireActivePartner(deps, scope, partnerId);
  await deps.db
    .transaction()
    .execute((trx) => changeResellerOfRecord(trx, deps, scope, customerId, partnerId, reason));
  return getOrganisation(deps, scope, customerId);
}

/**
 * The periods of a customer's reseller of record, oldest first. The operator sees all of them. A
 * partner sees only its own periods: that and when it lost the customer, never to whom, nor who
 * changed it. Anyone else, and a partner that never was the customer's reseller, gets not_found.
 */
export async function getResellerOfRecordHistory(
  deps: OrganisationDeps,
  scope: Scope,
  customerId: string,
): Promise<ResellerOfRecordPeriod[]> {
  const customer = await deps.db
    .selectFrom('organisation')
    .select('kind')
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (customer?.kind !== 'customer') throw AppError.notFound('Organisation');
  const rows = await findResellerOfRecordHistory(deps.db, customerId);
  const toPeriod = (row: (typeof rows)[number], full: boolean): ResellerOfRecordPeriod => ({
    id: row.id,
    partner: { id: row.partner_id, number: row.partner_number, name: row.partner_name },
    validFrom: row.valid_from,
    validTo: row.valid_to,
    current: row.valid_to === null,
    changedBy: full ? row.changed_by_label : null,
    reason: row.reason,
  });
  if (isOperator(scope)) return rows.map((row) => toPeriod(row, true));
  if (scope.kind === 'user' && scope.organisationKind === 'partner') {
    const own = rows.filter((row) => row.partner_id === scope.organisationId);
    if (own.length === 0) throw AppError.notFound('Organisation');
    return own.map((row) => toPeriod(row, false));
  }
  throw AppError.notFound('Organisation');
}
