// The frame every change to a case runs in: one locked transaction, its events, hooks and live changes.
import type { Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import type { Scope } from '../../shared/scope';
import { partnerOrganisationOfEntry, writerPartnerOf } from './access';
import type { SupportCaseRow, SupportCaseUpdate, Visibility } from './case.table';
import { type CaseHappening, onCaseEvents, onCaseHappening, type RecordedCaseEvent } from './case-hooks';
import { looksLikeCaseNumber } from './case-number';
import type { CaseChange } from './live';
import { findCase, lockCase, updateCaseRow } from './repository';

/** What a unit of work on a case records besides its row changes. */
export type CaseWork = {
  trx: Trx;
  row: SupportCaseRow;
  /**
   * Adds a timeline event (and a live change). A `partner` event belongs to the writer's partner
   * organisation, or (operator) to the case's partner or reseller of record, unless `addressedTo` names it.
   */
  event(
    type: string,
    visibility: Visibility,
    data: Record<string, unknown>,
    options?: { addressedTo?: string | null },
  ): Promise<void>;
  /** Tells the SLA clocks and other hooks what happened. */
  happened(happening: CaseHappening): void;
  /** A live change without a timeline event (e.g. a new message, with its partner organisation). */
  announce(type: string, visibility: Visibility, partnerOrganisationId?: string | null): void;
  /** Changes columns of the case row; the caller records the matching events and happenings. */
  update(set: SupportCaseUpdate): Promise<void>;
};

export function notFound(): AppError {
  return AppError.notFound('Case');
}

export async function resolveCaseId(deps: Deps, scope: Scope, idOrNumber: string): Promise<SupportCaseRow> {
  const row = await findCase(deps.db, scope, idOrNumber);
  if (!row) throw notFound();
  return row;
}

/**
 * Runs one change on a case in one transaction: locks the row, lets `work` change it and record
 * events, runs the hooks (SLA clocks, search index) and announces live changes after commit.
 */
export async function changeCase<T>(
  deps: Deps,
  scope: Scope,
  idOrNumber: string,
  work: (ctx: CaseWork) => Promise<T>,
): Promise<T> {
  const target = await resolveCaseId(deps, scope, idOrNumber);
  const changes: CaseChange[] = [];
  const result = await deps.db.transaction().execute(async (trx) => {
    await lockCase(trx, deps.dialect, target.id);
    const row = await findCase(trx, scope, target.id);
    if (!row) throw notFound();
    const now = isoNow(deps.clock);
    const happenings: CaseHappening[] = [];
    const recorded: RecordedCaseEvent[] = [];
    const change = (
      type: string,
      visibility: Visibility,
      partnerOrganisationId: string | null,
    ): CaseChange => ({
      caseId: row.id,
      number: row.number,
      customerId: row.customer_id,
      partnerId: row.partner_id,
      type,
      visibility,
      partnerOrganisationId,
      at: now,
    });
    const ctx: CaseWork = {
      trx,
      row,
      async event(type, visibility, data, options = {}) {
        const partnerOrganisationId =
          visibility === 'partner' && options.addressedTo !== undefined
            ? options.addressedTo
            : await partnerOrganisationOfEntry(trx, row, visibility, writerPartnerOf(scope));
        const eventId = newId();
        await trx
          .insertInto('case_event')
          .values({
            id: eventId,
            case_id: row.id,
            type,
            visibility,
            partner_organisation_id: partnerOrganisationId,
            actor_person_id: scope.kind === 'user' ? scope.personId : null,
            actor_label: scope.kind === 'user' ? scope.name : scope.label,
            data: JSON.stringify(data),
            created_at: now,
          })
          .execute();
        changes.push(change(type, visibility, partnerOrganisationId));
        recorded.push({ id: eventId, type });
      },
      happened(happening) {
        happenings.push(happening);
      },
      announce(type, visibility, partnerOrganisationId = null) {
        changes.push(change(type, visibility, partnerOrganisationId));
      },
      async update(set) {
        if (Object.keys(set).length > 0) await updateCaseRow(trx, row.id, set);
      },
    };
    const value = await work(ctx);
    const updated = await updateCaseRow(trx, row.id, { updated_at: now });
    // Streams judge the changes by the case as it is now (a new partner hears of them, a former one not).
    for (const change of changes) {
      change.customerId = updated.customer_id;
      change.partnerId = updated.partner_id;
    }
    for (const happening of happenings) await onCaseHappening(trx, deps, updated, happening);
    if (recorded.length > 0) await onCaseEvents(trx, deps, recorded);
    await deps.live?.announce(trx, changes);
    return value;
  });
  deps.live?.afterCommit(changes);
  return result;
}

export async function resolveCaseForScope(
  deps: Deps,
  scope: Scope,
  idOrNumber: string,
): Promise<SupportCaseRow> {
  if (!looksLikeCaseNumber(idOrNumber) && !/^[0-9a-f-]{36}$/i.test(idOrNumber)) {
    throw AppError.field('id', 'must be a case id or number such as CD-2026-000123');
  }
  return resolveCaseId(deps, scope, idOrNumber);
}
