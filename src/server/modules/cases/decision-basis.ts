// A goodwill decision rests on the facts it cites as they were when it was made. Facts stay
// correctable (the customer corrects a wrong model), so the decision keeps its own copy of the
// values (its basis); when a cited fact later comes to differ, the decision is marked "basis
// changed", the timeline says so for the operator and the decider is mailed to review it.
import { enqueueOutbox } from '../../jobs/outbox';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { noticeMail } from '../mail/templates';
import type { CaseWork } from './change-case';

/** One cited fact as the decision saw it. */
export type BasisFact = { factId: string; key: string; label: string; value: string };

/** The basis of a new decision: the cited facts' values now, in the order they were cited. */
export function basisOf(
  citedIds: string[],
  facts: { id: string; key: string; label: string; value: string }[],
): BasisFact[] {
  const byId = new Map(facts.map((f) => [f.id, f]));
  return citedIds.flatMap((id) => {
    const fact = byId.get(id);
    return fact ? [{ factId: fact.id, key: fact.key, label: fact.label, value: fact.value }] : [];
  });
}

export function parseBasis(json: string): BasisFact[] {
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? (parsed as BasisFact[]) : [];
  } catch {
    return [];
  }
}

/** A fact of the case as it is now, or undefined once it is gone (e.g. left on a merged duplicate). */
export type CurrentFact = { value: string } | undefined;

/** Whether any cited fact now differs from the value the decision was made on. */
export function basisDiffers(basis: BasisFact[], current: (factId: string) => CurrentFact): boolean {
  return basis.some((b) => current(b.factId)?.value !== b.value);
}

const NOTICE = {
  subject: {
    de: (number: string) => `Grundlage einer Entscheidung geändert: ${number}`,
    en: (number: string) => `Basis of a decision changed: ${number}`,
  },
  text: {
    de: (p: Notice) =>
      `Im Fall ${p.number} hat sich ein Fakt geändert, auf den Ihre Entscheidung „${p.policy}“ gestützt ist: ${p.label} war „${p.then}“ und ist jetzt „${p.now}“. Bitte prüfen Sie, ob die Entscheidung so bleibt.`,
    en: (p: Notice) =>
      `On case ${p.number} a fact your decision "${p.policy}" rests on changed: ${p.label} was "${p.then}" and is now "${p.now}". Please check whether the decision stands.`,
  },
};
type Notice = { number: string; policy: string; label: string; then: string; now: string };

/**
 * Runs in the change that corrected a fact (after the new value is written): every decision of
 * the case citing it whose basis now differs is marked (basis_changed_at), gets an internal
 * timeline event and its decider a mail through the outbox in their language (the case's assignee
 * for decisions made before the decider was kept). A value corrected back to the basis clears the mark.
 */
export async function reviewDecisionsCiting(
  deps: Deps,
  { trx, row, event }: CaseWork,
  fact: { id: string; label: string; value: string },
): Promise<void> {
  const decisions = await trx
    .selectFrom('case_decision')
    .select(['id', 'policy', 'basis', 'basis_changed_at', 'decided_by_person_id'])
    .where('case_id', '=', row.id)
    .execute();
  const citing = decisions
    .map((d) => ({ ...d, facts: parseBasis(d.basis) }))
    .filter((d) => d.facts.some((b) => b.factId === fact.id));
  if (citing.length === 0) return;
  const current = new Map(
    (await trx.selectFrom('case_fact').select(['id', 'value']).where('case_id', '=', row.id).execute()).map(
      (f) => [f.id, { value: f.value }],
    ),
  );
  const now = isoNow(deps.clock);
  for (const decision of citing) {
    const differs = basisDiffers(decision.facts, (id) => current.get(id));
    if (!differs) {
      if (decision.basis_changed_at !== null)
        await trx
          .updateTable('case_decision')
          .set({ basis_changed_at: null })
          .where('id', '=', decision.id)
          .execute();
      continue;
    }
    if (decision.basis_changed_at === null)
      await trx
        .updateTable('case_decision')
        .set({ basis_changed_at: now })
        .where('id', '=', decision.id)
        .execute();
    const then = decision.facts.find((b) => b.factId === fact.id)?.value ?? '';
    if (then === fact.value) continue;
    await event('decision_basis_changed', 'internal', {
      decisionId: decision.id,
      policy: decision.policy,
      label: fact.label,
      from: then,
      to: fact.value,
    });
    await mailDecider(deps, { trx, row }, decision.decided_by_person_id ?? row.assignee_id, {
      number: row.number,
      policy: decision.policy,
      label: fact.label,
      then,
      now: fact.value,
    });
  }
}

// A plain notice mail for now; once the notifications module takes notices it can be routed there.
async function mailDecider(
  deps: Deps,
  { trx, row }: Pick<CaseWork, 'trx' | 'row'>,
  personId: string | null,
  notice: Notice,
): Promise<void> {
  if (!personId) return;
  const person = await trx
    .selectFrom('person')
    .select(['email', 'locale', 'active'])
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!person || person.active !== 1) return;
  const lang = person.locale;
  const content = noticeMail(lang, {
    subject: NOTICE.subject[lang](notice.number),
    text: NOTICE.text[lang](notice),
    link: `${deps.config.publicUrl}/cases/${row.number}`,
  });
  await enqueueOutbox(trx, deps.clock, {
    topic: 'mail.send',
    payload: { to: person.email, ...content, locale: lang },
  });
}
