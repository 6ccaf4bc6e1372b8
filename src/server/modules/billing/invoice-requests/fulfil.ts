import type { TimerRow } from '../../../jobs/timer.table';
import { deleteTimer } from '../../../jobs/timers';
import { AppError } from '../../../shared/app-error';
import { isoNow } from '../../../shared/clock';
import type { Deps } from '../../../shared/deps';
import { systemScope } from '../../../shared/scope';
import { recordAudit } from '../../audit/service';
import type { FiledFile } from '../../cases/filing';
import {
  addMessage,
  changeCase,
  getCase,
  getTimeline,
  holdForOpenCommitments,
  updateCase,
} from '../../cases/service';
import type { InvoiceDocumentFormat } from '../billing.table';
import { berlinDate } from '../invoice-document';
import { invoiceDocumentFiles } from '../invoice-files';
import { issueInvoices } from '../invoice-issue';
import type { InvoiceRequestRow } from '../invoice-request.table';
import { findSellerSettingsRow } from '../seller-settings';
import { billingClerksOf } from './billing-clerks';
import { invoiceReplyText } from './reply-text';
import {
  decideInvoiceRequest,
  invoiceNumberKey,
  mentionedInvoiceNumbers,
  type RequestInvoice,
} from './request-match';

// The automatic answer to an invoice-request case (issue DESIGN S2: "an emailed invoice request is
// fulfilled automatically"). It runs from a timer set in the transaction that created the case, so
// it happens if and only if the case exists, after the case is committed, and again after a crash.
// Each step leaves the request row one state further, in the same transaction as its effect:
//   (none) → matched: the invoices are issued or found; their ids are kept, so a rerun answers
//                     with the same documents instead of issuing others;
//   matched → replied: the public reply with the documents is on the case (its mail in the outbox);
//   replied → done:    the case is resolved, with the timeline event and the audit entry.
// A request that cannot be matched goes to the billing clerks with an internal note (→ done).
// A done request is never worked on again.

/** The system acting on its own: its timeline entries and audit entries say "System". */
export const INVOICE_REQUEST_SCOPE = systemScope('System');

/** What the reply carries of each invoice: the PDF to read and the XRechnung to book. */
const REPLY_FORMATS: readonly InvoiceDocumentFormat[] = ['pdf', 'xrechnung_cii'];

export type InvoiceRequestOutcome = 'fulfilled' | 'handed_over' | 'already_done' | 'not_a_request';

/** The scheduler's handler for an `invoice_request` timer (subject: the case). */
export async function handleInvoiceRequestTimer(deps: Deps, timer: TimerRow): Promise<void> {
  await fulfilInvoiceRequest(deps, timer.subject_id);
  await deleteTimer(deps.db, timer.id);
}

async function findRequest(deps: Pick<Deps, 'db'>, caseId: string): Promise<InvoiceRequestRow | undefined> {
  return deps.db.selectFrom('invoice_request').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

/**
 * Answers an invoice-request case with its invoices, or hands it to the billing clerks; safe to
 * call again at any point (a finished request returns `already_done`).
 */
export async function fulfilInvoiceRequest(deps: Deps, caseId: string): Promise<InvoiceRequestOutcome> {
  const scope = INVOICE_REQUEST_SCOPE;
  let request = await findRequest(deps, caseId);
  if (request?.state === 'done') return 'already_done';
  const detail = await getCase(deps, scope, caseId);
  // A merged request is answered on the case it was merged into, by whoever works that one.
  if ('redirectTo' in detail) return 'not_a_request';
  const found = detail;
  if (found.type !== 'invoice_request' || found.status === 'closed') return 'not_a_request';
  const customerId = found.customer.id;
  const now = isoNow(deps.clock);
  if (!request) {
    await deps.db
      .insertInto('invoice_request')
      .values({
        case_id: caseId,
        customer_id: customerId,
        state: 'matched',
        outcome: null,
        invoice_ids: '[]',
        missing: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('case_id').doNothing())
      .execute();
    request = (await findRequest(deps, caseId))!;
  }

  let invoiceIds = JSON.parse(request.invoice_ids) as string[];
  if (request.state === 'matched' && invoiceIds.length === 0) {
    if (!found.contact) {
      return handOver(
        deps,
        caseId,
        'Der Absender ist keinem Kunden zugeordnet; die Anfrage wurde nicht automatisch beantwortet.',
      );
    }
    const text = await requestText(deps, caseId, found.subject, found.facts);
    const decision = decideInvoiceRequest(await requestFacts(deps, customerId, text));
    if (decision.action === 'hand_over') return handOver(deps, caseId, decision.missing);
    if (decision.action === 'issue') {
      try {
        const issued = await issueInvoices(deps, scope, { customerId, chargeIds: decision.chargeIds });
        invoiceIds = issued.invoices.map((inv) => inv.id);
      } catch (error) {
        // A charge invoiced meanwhile (by a clerk, or by a second worker whose lease ran out): tried
        // again later, when the request is decided anew (the invoice is then a recent one) or the
        // other run has finished it. Missing seller settings, a buyer without the VAT ID reverse
        // charge needs: a person decides; the reason goes into the note.
        if (!(error instanceof AppError) || error.code === 'charge_already_invoiced') throw error;
        return handOver(
          deps,
          caseId,
          `Die Rechnung konnte nicht automatisch ausgestellt werden: ${error.message}`,
        );
      }
    } else {
      invoiceIds = decision.invoiceIds;
    }
    await deps.db
      .updateTable('invoice_request')
      .set({ invoice_ids: JSON.stringify(invoiceIds), updated_at: isoNow(deps.clock) })
      .where('case_id', '=', caseId)
      .execute();
  }

  const invoices = await deps.db
    .selectFrom('invoice')
    .select(['id', 'number', 'split_reason'])
    .where('id', 'in', invoiceIds)
    .where('customer_id', '=', customerId)
    .orderBy('number')
    .execute();
  if (request.state === 'matched') {
    let files: FiledFile[];
    try {
      files = await replyFiles(
        deps,
        invoices.map((inv) => inv.id),
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return handOver(
        deps,
        caseId,
        `${invoices.map((inv) => inv.number).join(', ')} ${invoices.length === 1 ? 'ist' : 'sind'} ausgestellt, die Dokumente konnten aber nicht erzeugt werden: ${error.message}`,
      );
    }
    const contact = found.contact
      ? await deps.db
          .selectFrom('person')
          .select(['name', 'locale', 'salutation'])
          .where('id', '=', found.contact.id)
          .executeTakeFirst()
      : undefined;
    const seller = await findSellerSettingsRow(deps.db);
    const body = invoiceReplyText({
      language: contact?.locale === 'en' ? 'en' : 'de',
      contact: contact ?? null,
      invoices: invoices.map((inv) => ({ number: inv.number, notSubject: inv.split_reason !== null })),
      withFiles: files.length > 0,
      sellerName: seller?.legal_name ?? null,
    });
    await addMessage(
      deps,
      scope,
      caseId,
      { body, visibility: 'public', attachmentIds: [] },
      {
        extras: { files, uploadedBy: null },
        alsoInTransaction: async (trx) => {
          await trx
            .updateTable('invoice_request')
            .set({ state: 'replied', updated_at: isoNow(deps.clock) })
            .where('case_id', '=', caseId)
            .where('state', '=', 'matched')
            .execute();
        },
      },
    );
  }

  const numbers = invoices.map((inv) => inv.number);
  await changeCase(deps, scope, caseId, async (ctx) => {
    const done = await ctx.trx
      .updateTable('invoice_request')
      .set({ state: 'done', outcome: 'fulfilled', updated_at: isoNow(deps.clock) })
      .where('case_id', '=', caseId)
      .where('state', '=', 'replied')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) return;
    await ctx.event('invoice_request_fulfilled', 'internal', { number: numbers.join(', '), invoiceIds });
    const from = ctx.row.status;
    // The invoices went out; a promise on the case still waits for a person to settle it.
    const held =
      from !== 'resolved' &&
      from !== 'closed' &&
      (await holdForOpenCommitments(ctx, { to: 'resolved', reason: 'invoice_request_fulfilled' }));
    if (from !== 'resolved' && from !== 'closed' && !held) {
      await ctx.update({ status: 'resolved', resolved_at: isoNow(deps.clock) });
      await ctx.event('status_changed', 'public', { from, to: 'resolved' });
      ctx.happened({ type: 'status_changed', from, to: 'resolved' });
    }
    await recordAudit(ctx.trx, scope, deps.clock, {
      action: 'invoice_request.fulfilled',
      entityType: 'case',
      entityId: caseId,
      before: { status: from },
      after: {
        status: held ? from : 'resolved',
        fulfilledAutomatically: true,
        invoices: invoices.map((inv) => ({ id: inv.id, number: inv.number })),
      },
    });
  });
  return 'fulfilled';
}

/** Subject, the customer's first message (what they wrote, without quoted history) and the case's facts. */
async function requestText(
  deps: Deps,
  caseId: string,
  subject: string,
  facts: { value: string }[],
): Promise<string> {
  const timeline = await getTimeline(deps, INVOICE_REQUEST_SCOPE, caseId);
  const first = timeline.find((entry) => entry.kind === 'message' && entry.direction === 'inbound');
  return [subject, first?.body ?? '', ...facts.map((f) => f.value)].join('\n');
}

/** The customer's billing data the decision needs; mentioned numbers of others only as keys. */
async function requestFacts(deps: Deps, customerId: string, text: string) {
  const invoiceRows = await deps.db
    .selectFrom('invoice')
    .select(['id', 'number', 'kind', 'status', 'issue_date'])
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .orderBy('number', 'desc')
    .limit(1000)
    .execute();
  const lines =
    invoiceRows.length === 0
      ? []
      : await deps.db
          .selectFrom('invoice_line')
          .select(['invoice_id', 'type_code'])
          .where(
            'invoice_id',
            'in',
            invoiceRows.map((r) => r.id),
          )
          .execute();
  const invoices: RequestInvoice[] = invoiceRows.map((row) => ({
    id: row.id,
    number: row.number,
    kind: row.kind,
    status: row.status,
    issueDate: row.issue_date,
    typeCodes: lines.filter((l) => l.invoice_id === row.id).map((l) => l.type_code),
  }));
  const uninvoicedCharges = (
    await deps.db
      .selectFrom('charge')
      .select(['id', 'type_code'])
      .where('customer_id', '=', customerId)
      .where('invoice_id', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map((c) => ({ id: c.id, typeCode: c.type_code }));
  const settings = await findSellerSettingsRow(deps.db);
  return {
    text,
    invoices,
    uninvoicedCharges,
    foreignNumberKeys: await foreignNumberKeys(
      deps,
      customerId,
      text,
      settings?.invoice_number_prefix ?? null,
    ),
    seriesPrefix: settings?.invoice_number_prefix ?? null,
    today: berlinDate(deps.clock.now()),
  };
}

/**
 * Which mentioned numbers are invoices of another customer. Only the keys leave this function:
 * the decision (and the clerks' note) must not learn whose they are.
 */
async function foreignNumberKeys(
  deps: Deps,
  customerId: string,
  text: string,
  prefix: string | null,
): Promise<string[]> {
  const mentioned = mentionedInvoiceNumbers(text);
  if (mentioned.length === 0) return [];
  const candidates = new Set<string>();
  for (const { key, written } of mentioned) {
    candidates.add(written.toUpperCase());
    const [letters, ...digits] = key.split(' ');
    if (!prefix || invoiceNumberKey(prefix) !== letters) continue;
    const pad = (n: string) => n.padStart(6, '0');
    if (digits.length === 2) candidates.add(`${prefix}${digits[0]}-${pad(digits[1]!)}`);
    if (digits.length === 1) candidates.add(`${prefix}${pad(digits[0]!)}`);
  }
  const rows = await deps.db
    .selectFrom('invoice')
    .select(['number', 'customer_id'])
    .where('number', 'in', [...candidates])
    .where('customer_id', '!=', customerId)
    .execute();
  return rows.map((row) => invoiceNumberKey(row.number));
}

/** The stored documents of the invoices, as attachments of the reply (no bytes copied). */
async function replyFiles(deps: Deps, invoiceIds: string[]): Promise<FiledFile[]> {
  const files: FiledFile[] = [];
  for (const id of invoiceIds) {
    const stored = await invoiceDocumentFiles(deps, INVOICE_REQUEST_SCOPE, id);
    for (const format of REPLY_FORMATS) {
      const file = stored.find((f) => f.format === format);
      if (file)
        files.push({
          fileName: file.fileName,
          mimeType: file.mimeType,
          size: file.size,
          sha256: file.sha256,
          contentId: null,
        });
    }
  }
  return files;
}

/**
 * Gives the case to the billing clerks (their group, else a clerk) with an internal note saying
 * what was missing; no public reply. The assignment comes first: a rerun after a crash between the
 * two steps assigns again (no change) and then writes the note once.
 */
async function handOver(deps: Deps, caseId: string, missing: string): Promise<InvoiceRequestOutcome> {
  const scope = INVOICE_REQUEST_SCOPE;
  const clerks = await billingClerksOf(deps);
  if (clerks.groupId || clerks.personId) {
    await updateCase(deps, scope, caseId, {
      ...(clerks.groupId ? { groupId: clerks.groupId } : {}),
      ...(!clerks.groupId && clerks.personId ? { assigneeId: clerks.personId } : {}),
    });
  }
  await addMessage(
    deps,
    scope,
    caseId,
    {
      body: `Rechnungsanforderung nicht automatisch erfüllt. ${missing}`,
      visibility: 'internal',
      attachmentIds: [],
    },
    {
      alsoInTransaction: async (trx) => {
        await trx
          .updateTable('invoice_request')
          .set({ state: 'done', outcome: 'handed_over', missing, updated_at: isoNow(deps.clock) })
          .where('case_id', '=', caseId)
          .execute();
        await recordAudit(trx, scope, deps.clock, {
          action: 'invoice_request.handed_over',
          entityType: 'case',
          entityId: caseId,
          after: { missing, groupId: clerks.groupId, assigneeId: clerks.groupId ? null : clerks.personId },
        });
      },
    },
  );
  return 'handed_over';
}
