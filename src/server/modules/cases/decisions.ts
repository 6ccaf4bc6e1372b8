import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { actorLabel, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { audienceOf } from './access';
import type { DecisionOutcome } from './case.table';
import { changeCase } from './change-case';
import { basisOf } from './decision-basis';
import { guardCustomerText, type LeakOverride, leakFactsForCase } from './leak-check';

/**
 * Records a goodwill decision with the policy it follows and its conditions in plain words, e.g.
 * "Austausch auf Kulanz nach Zahlungseingang zu Rechnung 2026-0042". It is shown to the customer
 * and may cite the case's facts it rests on. Policy and conditions pass the leak guard first.
 */
export async function createDecision(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
  input: {
    outcome: DecisionOutcome;
    policy: string;
    conditions?: string | undefined;
    citedFactIds: string[];
    override?: LeakOverride | undefined;
  },
): Promise<{ id: string }> {
  if (audienceOf(scope) !== 'operator')
    throw new AppError('forbidden', 'Only the operator decides on goodwill');
  if (input.outcome === 'conditional' && !input.conditions) {
    throw AppError.field('conditions', 'a conditional decision must say its conditions');
  }
  const leakFacts = await leakFactsForCase(deps, scope, caseIdOrNumber);
  return changeCase(deps, scope, caseIdOrNumber, async ({ trx, row, event }) => {
    const id = newId();
    await guardCustomerText(trx, deps, row, {
      scope,
      texts: [
        { field: 'policy', text: input.policy },
        { field: 'conditions', text: input.conditions },
      ],
      facts: leakFacts,
      subject: { type: 'decision', id },
      override: input.override,
    });
    const citedIds = [...new Set(input.citedFactIds)];
    const facts =
      citedIds.length > 0
        ? await trx
            .selectFrom('case_fact')
            .select(['id', 'key', 'label', 'value'])
            .where('case_id', '=', row.id)
            .where('id', 'in', citedIds)
            .execute()
        : [];
    if (facts.length !== citedIds.length)
      throw AppError.field('citedFactIds', 'cites a fact that is not on this case');
    const values = {
      id,
      case_id: row.id,
      outcome: input.outcome,
      policy: input.policy,
      conditions: input.conditions ?? null,
      cited_fact_ids: JSON.stringify(citedIds),
      // The values decided on, kept as they are now: a later correction marks the basis as changed.
      basis: JSON.stringify(basisOf(citedIds, facts)),
      decided_by_person_id: scope.kind === 'user' ? scope.personId : null,
      decided_by_label: actorLabel(scope),
      decided_at: isoNow(deps.clock),
    };
    await trx.insertInto('case_decision').values(values).execute();
    await event('decision_made', 'public', {
      decisionId: id,
      outcome: input.outcome,
      policy: input.policy,
      conditions: input.conditions ?? null,
    });
    await recordAudit(trx, scope, deps.clock, {
      action: 'case.decision_made',
      entityType: 'case',
      entityId: row.id,
      after: values,
    });
    return { id };
  });
}
