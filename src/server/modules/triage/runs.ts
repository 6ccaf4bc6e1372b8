// Checklist runs on a case: a partner or an agent answers step by step. Each answer becomes a fact
// of the case (source partner or agent, through the cases service); a finished walk's
// classification becomes the fact `fault_classification` and a public `fault_classified` event.
import type { ChecklistDefinition, ChecklistStep, FaultClassification } from '../../../shared/checklists';
import type { Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { actorLabel, type Scope } from '../../shared/scope';
import { audienceOf } from '../cases/access';
import { type CaseWork, changeCase, resolveCaseForScope, writeFact } from '../cases/service';
import { getChecklist } from './checklists';
import { type Answers, answer, walk } from './engine';
import type { Run } from './schemas';
import type { ChecklistRunRow } from './triage.table';

/** The fact key of a step's answer; step ids follow the fact key alphabet. */
export const answerFactKey = (stepId: string) => `triage_${stepId}`;
export const CLASSIFICATION_FACT = 'fault_classification';

/** How an answer reads as a fact value (facts are in the operator's language, German). */
function factValue(step: ChecklistStep, value: string): string {
  if (step.kind === 'yes_no') return value === 'yes' ? 'ja' : 'nein';
  if (step.kind === 'choice') return step.choices?.find((c) => c.value === value)?.label.de ?? value;
  return value;
}

function toRun(row: ChecklistRunRow, name: string, definition: ChecklistDefinition): Run {
  const state = walk(definition, JSON.parse(row.answers) as Answers);
  const byId = new Map(definition.steps.map((s) => [s.id, s]));
  return {
    id: row.id,
    caseId: row.case_id,
    checklist: { id: row.checklist_id, name },
    answers: state.path.map((stepId) => {
      const step = byId.get(stepId) as ChecklistStep;
      const value = state.answers[stepId] as string;
      return {
        stepId,
        question: step.question,
        value,
        label: step.choices?.find((c) => c.value === value)?.label ?? null,
      };
    }),
    next: state.next,
    classification: (row.classification as FaultClassification | null) ?? null,
    startedBy: row.started_by_label,
    source: row.started_by_source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function runWithChecklist(trx: Trx | Deps['db'], row: ChecklistRunRow): Promise<Run> {
  const checklist = await getChecklist(trx, row.checklist_id);
  return toRun(row, checklist.name, checklist.definition);
}

export async function startRun(deps: Deps, scope: Scope, caseRef: string, checklistId: string): Promise<Run> {
  return changeCase(deps, scope, caseRef, async ({ trx, row, event }) => {
    if (row.status === 'closed') throw new AppError('conflict', 'The case is closed.');
    const checklist = await trx
      .selectFrom('checklist')
      .selectAll()
      .where('id', '=', checklistId)
      .executeTakeFirst();
    if (checklist?.active !== 1) throw AppError.field('checklistId', 'is not an active checklist');
    if (checklist.case_type !== row.type)
      throw AppError.field('checklistId', `is for ${checklist.case_type} cases, this case is a ${row.type}`);
    const now = isoNow(deps.clock);
    const run: ChecklistRunRow = {
      id: newId(),
      case_id: row.id,
      checklist_id: checklist.id,
      answers: '{}',
      classification: null,
      started_by_label: actorLabel(scope),
      started_by_source: audienceOf(scope) === 'partner' ? 'partner' : 'agent',
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('checklist_run').values(run).execute();
    await event('checklist_started', 'partner', { runId: run.id, checklist: checklist.name });
    return toRun(run, checklist.name, JSON.parse(checklist.definition) as ChecklistDefinition);
  });
}

async function findRun(ctx: CaseWork, runId: string): Promise<ChecklistRunRow> {
  const run = await ctx.trx
    .selectFrom('checklist_run')
    .selectAll()
    .where('id', '=', runId)
    .where('case_id', '=', ctx.row.id)
    .executeTakeFirst();
  if (!run) throw AppError.notFound('Checklist run');
  return run;
}

export async function answerStep(
  deps: Deps,
  scope: Scope,
  caseRef: string,
  runId: string,
  input: { stepId: string; value: string },
): Promise<Run> {
  if (!/^[0-9a-f-]{36}$/i.test(runId)) throw AppError.notFound('Checklist run');
  return changeCase(deps, scope, caseRef, async (ctx) => {
    const run = await findRun(ctx, runId);
    const checklist = await getChecklist(ctx.trx, run.checklist_id);
    const definition = checklist.definition;
    const state = answer(definition, JSON.parse(run.answers) as Answers, input.stepId, input.value);
    const step = definition.steps.find((s) => s.id === input.stepId) as ChecklistStep;
    await writeFact(deps, scope, ctx, answerFactKey(step.id), {
      label: step.question.de,
      value: factValue(step, state.answers[step.id] as string),
    });
    const classification = state.classification;
    if (classification && classification !== run.classification) {
      await writeFact(deps, scope, ctx, CLASSIFICATION_FACT, { label: 'Fehlerbild', value: classification });
      // Public: the classification explains to the customer what happens next (carrier, technician, replacement).
      await ctx.event('fault_classified', 'public', {
        runId: run.id,
        checklist: checklist.name,
        classification,
      });
    }
    const updated: ChecklistRunRow = {
      ...run,
      answers: JSON.stringify(state.answers),
      classification,
      updated_at: isoNow(deps.clock),
    };
    await ctx.trx
      .updateTable('checklist_run')
      .set({ answers: updated.answers, classification, updated_at: updated.updated_at })
      .where('id', '=', run.id)
      .execute();
    return toRun(updated, checklist.name, definition);
  });
}

export async function listRuns(deps: Deps, scope: Scope, caseRef: string): Promise<Run[]> {
  const kase = await resolveCaseForScope(deps, scope, caseRef);
  const rows = await deps.db
    .selectFrom('checklist_run')
    .selectAll()
    .where('case_id', '=', kase.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const runs: Run[] = [];
  for (const row of rows) runs.push(await runWithChecklist(deps.db, row));
  return runs;
}
