// Returns (RMA) of a case: requested by whoever sees the case, worked by the operator's agents.
// Every read resolves the case through the cases service first, so a return is visible exactly to
// whoever sees its case (cases/access.ts caseVisibleTo) and anyone else gets a 404.

import { RETURN_WORK_ROLES, type ReturnState } from '../../../shared/returns';
import type { Locale } from '../../../shared/roles';
import type { Db, Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import { nextCounterValue } from '../../shared/counter';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { isOperator, requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { formatCaseNumber } from '../cases/case-number';
import { type CaseWork, changeCase, publicCaseStatus, resolveCaseForScope } from '../cases/service';
import { addBusinessMinutes, DEFAULT_CALENDAR } from '../sla/business-calendar';
import type { CaseReturnItemRow, CaseReturnRow } from './return.table';
import { instructionsFor, returnAddress } from './return-mail';
import { RETURN_TARGET_BUSINESS_DAYS } from './return-rules';
import type { RequestReturnBody, Return } from './schemas';

export { countReturns, type ReturnCounts } from './return-counts';

/** Minutes of a business day in the default calendar (08:00–17:00). */
const BUSINESS_DAY_MINUTES = 9 * 60;

export function notFound(): AppError {
  return AppError.notFound('Return');
}

/** The SLA target of a state, counted in business days from `from`. */
export function dueAtFor(state: ReturnState, from: Date): string | null {
  const days = RETURN_TARGET_BUSINESS_DAYS[state];
  if (days === null) return null;
  return addBusinessMinutes(DEFAULT_CALENDAR, from, days * BUSINESS_DAY_MINUTES).toISOString();
}

async function itemsOf(db: Db | Trx, returnIds: string[]): Promise<Map<string, CaseReturnItemRow[]>> {
  const byReturn = new Map<string, CaseReturnItemRow[]>();
  if (returnIds.length === 0) return byReturn;
  const rows = await db
    .selectFrom('case_return_item')
    .selectAll()
    .where('return_id', 'in', returnIds)
    .orderBy('return_id')
    .orderBy('position')
    .execute();
  for (const row of rows) byReturn.set(row.return_id, [...(byReturn.get(row.return_id) ?? []), row]);
  return byReturn;
}

type CaseInfo = { number: string; customerId: string; customerName: string };

async function caseInfos(db: Db | Trx, caseIds: string[]): Promise<Map<string, CaseInfo>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('support_case')
    .innerJoin('organisation', 'organisation.id', 'support_case.customer_id')
    .select(['support_case.id', 'support_case.number', 'organisation.id as customer_id', 'organisation.name'])
    .where('support_case.id', 'in', caseIds)
    .execute();
  return new Map(
    rows.map((r) => [r.id, { number: r.number, customerId: r.customer_id, customerName: r.name }]),
  );
}

/** The API view; inspection notes and photos only for the operator. */
function toReturn(
  row: CaseReturnRow,
  items: CaseReturnItemRow[],
  info: CaseInfo,
  operator: boolean,
  address: string[],
  locale: Locale,
): Return {
  // Instructions exist once the return was authorised (and stay on a return rejected later).
  const sent = row.authorised_at !== null;
  return {
    id: row.id,
    number: row.number,
    caseId: row.case_id,
    caseNumber: info.number,
    customer: { id: info.customerId, name: info.customerName },
    state: row.state,
    dueAt: row.due_at,
    outcome: row.outcome,
    outcomeReason: row.outcome_reason,
    rejectReason: row.reject_reason,
    instructions: sent ? instructionsFor(address, locale, row.number) : null,
    items: items.map((item) => ({
      id: item.id,
      position: item.position,
      product: item.product,
      serial: item.serial,
      quantity: item.quantity,
      reason: item.reason,
      condition: item.condition,
      ...(operator
        ? { notes: item.inspection_notes, attachmentIds: JSON.parse(item.attachment_ids) as string[] }
        : {}),
    })),
    requestedBy: row.requested_by_label,
    requestedAt: row.requested_at,
    authorisedAt: row.authorised_at,
    receivedAt: row.received_at,
    inspectedAt: row.inspected_at,
    closedAt: row.closed_at,
    rejectedAt: row.rejected_at,
    updatedAt: row.updated_at,
  };
}

/** The reader's language for the packing notes: the person's own, German for the system. */
async function localeOf(db: Db, scope: Scope): Promise<Locale> {
  if (scope.kind !== 'user' || !scope.personId) return 'de';
  const person = await db
    .selectFrom('person')
    .select('locale')
    .where('id', '=', scope.personId)
    .executeTakeFirst();
  return person?.locale ?? 'de';
}

/** Builds the views of returns the caller may see already (the caller checked the case). */
export async function viewReturns(
  deps: Deps,
  scope: Scope,
  rows: CaseReturnRow[],
  locale?: Locale,
): Promise<Return[]> {
  const items = await itemsOf(
    deps.db,
    rows.map((r) => r.id),
  );
  const infos = await caseInfos(deps.db, [...new Set(rows.map((r) => r.case_id))]);
  const address = rows.some((r) => r.authorised_at !== null) ? await returnAddress(deps) : [];
  const language = locale ?? (await localeOf(deps.db, scope));
  return rows.map((row) =>
    toReturn(row, items.get(row.id) ?? [], infos.get(row.case_id)!, isOperator(scope), address, language),
  );
}

export async function listCaseReturns(deps: Deps, scope: Scope, caseIdOrNumber: string): Promise<Return[]> {
  const row = await resolveCaseForScope(deps, scope, caseIdOrNumber);
  const rows = await deps.db
    .selectFrom('case_return')
    .selectAll()
    .where('case_id', '=', row.id)
    .orderBy('requested_at')
    .orderBy('id')
    .execute();
  return viewReturns(deps, scope, rows);
}

/** A return whose case the scope sees; 404 otherwise (never 403, which would confirm it exists). */
export async function findVisibleReturn(deps: Deps, scope: Scope, id: string): Promise<CaseReturnRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  const row = await deps.db.selectFrom('case_return').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  try {
    await resolveCaseForScope(deps, scope, row.case_id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') throw notFound();
    throw error;
  }
  return row;
}

export async function getReturn(deps: Deps, scope: Scope, id: string): Promise<Return> {
  const row = await findVisibleReturn(deps, scope, id);
  const [view] = await viewReturns(deps, scope, [row]);
  return view!;
}

/** The returns desk: every return (operator only), optionally in one state, the most urgent first. */
export async function listReturns(
  deps: Deps,
  scope: Scope,
  filter: { status?: ReturnState; limit: number },
): Promise<Return[]> {
  if (!isOperator(scope)) throw new AppError('forbidden', 'Only the operator works the returns desk');
  let query = deps.db.selectFrom('case_return').selectAll();
  if (filter.status) query = query.where('state', '=', filter.status);
  const rows = await query.orderBy('due_at').orderBy('requested_at', 'desc').limit(filter.limit).execute();
  // Ended returns (no target) come after the open ones.
  rows.sort((a, b) => (a.due_at === null ? 1 : 0) - (b.due_at === null ? 1 : 0));
  return viewReturns(deps, scope, rows);
}

/**
 * Opens a return on a case the scope sees: an RMA number from the yearly counter, the items, the
 * SLA target for authorisation, a public timeline event and an audit entry, in one transaction.
 */
export async function requestReturn(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
  body: RequestReturnBody,
): Promise<Return> {
  await resolveCaseForScope(deps, scope, caseIdOrNumber);
  const { id } = await changeCase(deps, scope, caseIdOrNumber, (ctx) => openReturn(deps, scope, ctx, body));
  return getReturn(deps, scope, id);
}

/**
 * requestReturn inside a change already running on the case (e.g. the replacement a device fault
 * leads to), so the return and the caller's own changes commit together.
 */
export async function openReturn(
  deps: Deps,
  scope: Scope,
  { trx, row, event }: CaseWork,
  body: RequestReturnBody,
): Promise<{ id: string; number: string }> {
  const now = deps.clock.now();
  const nowIso = isoNow(deps.clock);
  const year = Number(
    new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(now),
  );
  const number = formatCaseNumber('RMA', year, await nextCounterValue(trx, `return_number:${year}`));
  const returnId = newId();
  await trx
    .insertInto('case_return')
    .values({
      id: returnId,
      number,
      case_id: row.id,
      state: 'requested',
      due_at: dueAtFor('requested', now),
      outcome: null,
      outcome_reason: null,
      reject_reason: null,
      requested_by_label: scope.kind === 'user' ? scope.name : scope.label,
      requested_at: nowIso,
      authorised_at: null,
      received_at: null,
      inspected_at: null,
      closed_at: null,
      rejected_at: null,
      updated_at: nowIso,
    })
    .execute();
  await trx
    .insertInto('case_return_item')
    .values(
      body.items.map((item, index) => ({
        id: newId(),
        return_id: returnId,
        position: index + 1,
        product: item.product,
        serial: item.serial || null,
        quantity: item.quantity,
        reason: item.reason,
        condition: null,
        inspection_notes: null,
        attachment_ids: '[]',
      })),
    )
    .execute();
  await event('return_requested', 'public', {
    returnId,
    rmaNumber: number,
    items: body.items.map((i) => ({ product: i.product, quantity: i.quantity })),
    dueAt: dueAtFor('requested', now),
  });
  await recordAudit(trx, scope, deps.clock, {
    action: 'return.requested',
    entityType: 'return',
    entityId: returnId,
    after: { number, caseId: row.id, items: body.items },
  });
  return { id: returnId, number };
}

export function requireReturnWorker(scope: Scope): void {
  requireRole(scope, RETURN_WORK_ROLES);
}

/**
 * The returns on the public status page: the status link is the authorisation (checked by the
 * cases module, which also follows a merged case), the view is the customer's (no notes, no photos).
 */
export async function publicCaseReturns(deps: Deps, token: string, locale: Locale): Promise<Return[]> {
  const status = await publicCaseStatus(deps, token);
  const rows = await deps.db
    .selectFrom('case_return')
    .innerJoin('support_case', 'support_case.id', 'case_return.case_id')
    .selectAll('case_return')
    .where('support_case.number', '=', status.number)
    .orderBy('case_return.requested_at')
    .execute();
  const customer: Scope = {
    kind: 'user',
    personId: '',
    name: 'status link',
    email: '',
    organisationId: '',
    organisationKind: 'customer',
    roles: [],
    via: 'token',
  };
  return viewReturns(deps, customer, rows, locale);
}
