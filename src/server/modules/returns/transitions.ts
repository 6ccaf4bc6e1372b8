// The operator's steps on a return: authorise, receive, inspect, close, reject. Each runs in the
// case's transaction (changeCase): the return row, a timeline event with the next SLA target, the
// audit entry and any mail or review flag commit together or not at all.

import type { Visibility } from '../../../shared/cases';
import type { ReturnState } from '../../../shared/returns';
import { enqueueOutbox } from '../../jobs/outbox';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import {
  changeCase,
  guardCustomerText,
  type LeakOverride,
  leakFactsForCase,
  statusLinkFor,
} from '../cases/service';
import { flagOrganisationForReview } from '../organisations/service';
import type { CaseReturnRow } from './return.table';
import { authorisedMail, returnAddress } from './return-mail';
import { checkInspection, needsReview, type ReturnAction, transition } from './return-rules';
import type { InspectReturnBody, Return } from './schemas';
import { dueAtFor, findVisibleReturn, getReturn, requireReturnWorker } from './service';

type StepInput =
  | { action: 'authorise' | 'receive' | 'close' }
  | { action: 'reject'; reason: string; override?: LeakOverride | undefined }
  | { action: 'inspect'; body: InspectReturnBody };

const STAMP: Record<ReturnState, keyof CaseReturnRow | null> = {
  requested: null,
  authorised: 'authorised_at',
  received: 'received_at',
  inspected: 'inspected_at',
  closed: 'closed_at',
  rejected: 'rejected_at',
};

export async function stepReturn(deps: Deps, scope: Scope, id: string, input: StepInput): Promise<Return> {
  requireReturnWorker(scope);
  const found = await findVisibleReturn(deps, scope, id);
  // The reason of a rejection or an outcome is shown to the customer: it passes the leak guard.
  const reason =
    input.action === 'reject'
      ? { text: input.reason, override: input.override }
      : input.action === 'inspect'
        ? { text: input.body.reason, override: input.body.override }
        : null;
  const leakFacts = reason ? await leakFactsForCase(deps, scope, found.case_id) : [];
  await changeCase(deps, scope, found.case_id, async ({ trx, row: caseRow, event }) => {
    // Re-read under the case lock: two agents clicking at once find the second step refused.
    const before = await trx
      .selectFrom('case_return')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const step = transition(before.state, input.action as ReturnAction);
    if (!step.ok) throw new AppError('return_state_conflict', step.message);
    if (reason)
      await guardCustomerText(trx, deps, caseRow, {
        scope,
        texts: [{ field: 'reason', text: reason.text }],
        facts: leakFacts,
        subject: { type: 'return', id },
        override: reason.override,
      });
    const now = deps.clock.now();
    const nowIso = isoNow(deps.clock);
    const dueAt = dueAtFor(step.to, now);
    const stamp = STAMP[step.to];
    const set: Partial<CaseReturnRow> = { state: step.to, due_at: dueAt, updated_at: nowIso };
    if (stamp) (set as Record<string, unknown>)[stamp] = nowIso;
    const data: Record<string, unknown> = { returnId: id, rmaNumber: before.number, state: step.to, dueAt };
    let extraEvent: { type: string; visibility: Visibility; data: Record<string, unknown> } | null = null;

    if (input.action === 'reject') {
      set.reject_reason = input.reason;
      set.outcome = 'rejected';
      set.outcome_reason = input.reason;
      data.reason = input.reason;
    }
    if (input.action === 'inspect') {
      const { body } = input;
      const items = await trx
        .selectFrom('case_return_item')
        .selectAll()
        .where('return_id', '=', id)
        .orderBy('position')
        .execute();
      const problem = checkInspection(items.length, body.items, body.outcome);
      if (problem?.kind === 'field') throw AppError.field(problem.field, problem.message);
      if (problem?.kind === 'refund_refused') {
        throw new AppError('return_refund_refused', problem.message, [], { items: problem.positions });
      }
      const photoIds = [...new Set(body.items.flatMap((i) => i.attachmentIds ?? []))];
      if (photoIds.length > 0) {
        const known = await trx
          .selectFrom('case_attachment')
          .select('id')
          .where('case_id', '=', caseRow.id)
          .where('id', 'in', photoIds)
          .execute();
        const missing = photoIds.filter((p) => !known.some((k) => k.id === p));
        if (missing.length > 0)
          throw AppError.field('items', `unknown photo ${missing.join(', ')} on this case`);
      }
      for (const [index, item] of items.entries()) {
        const finding = body.items[index]!;
        await trx
          .updateTable('case_return_item')
          .set({
            condition: finding.condition,
            inspection_notes: finding.notes || null,
            attachment_ids: JSON.stringify(finding.attachmentIds ?? []),
          })
          .where('id', '=', item.id)
          .execute();
      }
      set.outcome = body.outcome;
      set.outcome_reason = body.reason;
      // The customer sees the outcome, its reason and the condition per item; the notes stay internal.
      data.outcome = body.outcome;
      data.reason = body.reason;
      data.conditions = body.items.map((i) => i.condition);
      if (needsReview(body.items)) {
        const positions = body.items.flatMap((i, n) => (i.condition === 'wrong_contents' ? [n + 1] : []));
        const reason = `Rücksendung ${before.number} (${caseRow.number}): falscher Inhalt bei Position ${positions.join(', ')}`;
        await flagOrganisationForReview(trx, deps, scope, caseRow.customer_id, reason);
        extraEvent = {
          type: 'account_flagged_for_review',
          visibility: 'internal',
          data: { returnId: id, rmaNumber: before.number, reason },
        };
      }
    }

    await trx.updateTable('case_return').set(set).where('id', '=', id).execute();
    await event(`return_${step.to}`, 'public', data);
    if (extraEvent) await event(extraEvent.type, extraEvent.visibility, extraEvent.data);
    await recordAudit(trx, scope, deps.clock, {
      action: `return.${step.to}`,
      entityType: 'return',
      entityId: id,
      before: { state: before.state },
      after: { ...set, ...(input.action === 'inspect' ? { items: input.body.items } : {}) },
    });

    if (input.action === 'authorise') {
      // Instructions to the case's contact (else whoever opened it), in their language.
      const personId = caseRow.contact_id ?? caseRow.created_by_id;
      const person = personId
        ? await trx
            .selectFrom('person')
            .select(['email', 'locale', 'active'])
            .where('id', '=', personId)
            .executeTakeFirst()
        : undefined;
      if (person && person.active === 1) {
        const link = await statusLinkFor(trx, deps, caseRow.id, 'reply_mail');
        const content = authorisedMail(person.locale, {
          rmaNumber: before.number,
          caseNumber: caseRow.number,
          address: await returnAddress({ db: trx }),
          link: link.url,
        });
        await enqueueOutbox(trx, deps.clock, {
          topic: 'mail.send',
          payload: { to: person.email, ...content, locale: person.locale },
        });
      }
    }
  });
  return getReturn(deps, scope, id);
}
