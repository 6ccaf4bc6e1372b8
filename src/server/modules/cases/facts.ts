import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { actorLabel, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { audienceOf } from './access';
import type { FactSource, FactState } from './case.table';
import { type CaseWork, changeCase } from './change-case';
import { reviewDecisionsCiting } from './decision-basis';
import { appendToCaseSearch, rebuildCaseSearch } from './search-document';

/**
 * Sets a fact (product, model, serial …). Facts are shown to everyone on the case. A value the
 * customer gives counts as confirmed; a value from an agent or partner waits for the customer's
 * confirmation. Every change is audited and appears in the timeline.
 */
export async function setFact(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
  key: string,
  input: { label?: string; value: string; note?: string },
): Promise<void> {
  await changeCase(deps, scope, caseIdOrNumber, (ctx) => writeFact(deps, scope, ctx, key, input));
}

/**
 * setFact inside a change already running on the case (e.g. a checklist answer with its run), so
 * the fact, its event and the caller's own changes commit together.
 */
export async function writeFact(
  deps: Deps,
  scope: Scope,
  work: CaseWork,
  key: string,
  input: { label?: string; value: string; note?: string },
): Promise<void> {
  const { trx, row, event } = work;
  const audience = audienceOf(scope);
  const source: FactSource = audience === 'operator' ? 'agent' : audience;
  const state: FactState = source === 'customer' ? 'confirmed' : 'unconfirmed';
  {
    if (row.status === 'closed')
      throw new AppError('conflict', 'The case is closed; its facts no longer change.');
    const now = isoNow(deps.clock);
    const before = await trx
      .selectFrom('case_fact')
      .selectAll()
      .where('case_id', '=', row.id)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!before && !input.label) throw AppError.field('label', 'is required for a new fact');
    if (
      before &&
      before.value === input.value &&
      before.state === state &&
      (input.label ?? before.label) === before.label
    )
      return;
    const values = {
      label: input.label ?? before?.label ?? key,
      value: input.value,
      source,
      state,
      note: input.note ?? null,
      updated_by_label: actorLabel(scope),
      updated_at: now,
    };
    if (before) {
      await trx.updateTable('case_fact').set(values).where('id', '=', before.id).execute();
    } else {
      await trx
        .insertInto('case_fact')
        .values({ id: newId(), case_id: row.id, key, created_at: now, ...values })
        .execute();
    }
    // A corrected value must stop matching, so a change rebuilds; a new fact only appends.
    if (before) await rebuildCaseSearch(trx, deps.dialect, row.id);
    else await appendToCaseSearch(trx, deps.dialect, row.id, `${values.label} ${input.value}`);
    await event(
      before ? (source === 'customer' ? 'fact_corrected' : 'fact_changed') : 'fact_added',
      'public',
      {
        key,
        label: values.label,
        from: before?.value ?? null,
        to: input.value,
        source,
      },
    );
    // A decision citing this fact keeps the value it was made on; a different one now is news to its decider.
    if (before && before.value !== input.value)
      await reviewDecisionsCiting(deps, work, { id: before.id, label: values.label, value: input.value });
    await recordAudit(trx, scope, deps.clock, {
      action: before ? 'case.fact_changed' : 'case.fact_added',
      entityType: 'case',
      entityId: row.id,
      before: before ?? undefined,
      after: { key, ...values },
    });
  }
}

/** The customer (or partner) confirms a fact as stated, or disputes it with a note. */
export async function setFactState(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
  key: string,
  input: { state: 'confirmed' | 'disputed'; note?: string },
): Promise<void> {
  if (audienceOf(scope) === 'operator' && input.state === 'confirmed') {
    throw AppError.field('state', 'the customer confirms facts; as an agent, change the value instead');
  }
  if (input.state === 'disputed' && !input.note)
    throw AppError.field('note', 'say what is wrong, or give the right value');
  await changeCase(deps, scope, caseIdOrNumber, async ({ trx, row, event }) => {
    const fact = await trx
      .selectFrom('case_fact')
      .selectAll()
      .where('case_id', '=', row.id)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!fact) throw AppError.notFound('Fact');
    if (fact.state === input.state && !input.note) return;
    await trx
      .updateTable('case_fact')
      .set({
        state: input.state,
        note: input.note ?? null,
        updated_by_label: actorLabel(scope),
        updated_at: isoNow(deps.clock),
      })
      .where('id', '=', fact.id)
      .execute();
    await event(input.state === 'confirmed' ? 'fact_confirmed' : 'fact_disputed', 'public', {
      key,
      label: fact.label,
      value: fact.value,
      note: input.note ?? null,
    });
    await recordAudit(trx, scope, deps.clock, {
      action: `case.fact_${input.state}`,
      entityType: 'case',
      entityId: row.id,
      before: { key, state: fact.state },
      after: { key, state: input.state, note: input.note ?? null },
    });
  });
}
