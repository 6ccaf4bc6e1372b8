// The leak guard at work: gathers what a text for the customer (a reply, a return's reason, a
// decision, a commitment, an appointment note) must not contain and refuses it (422 internal_data)
// when it does, unless an operator admin overrides with a reason.
// The rules themselves are in leak-guard.ts.
import type { Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import type { Deps } from '../../shared/deps';
import { hasRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { type Audience, audienceOf } from './access';
import type { SupportCaseRow } from './case.table';
import { resolveCaseId } from './change-case';
import { customerIndex } from './customer-index';
import { caseNumbersIn, findLeaks, type LeakFinding } from './leak-guard';

/**
 * Texts about a customer that other modules know must stay out of replies (billing: the block and
 * the amounts owed). Modules register one at start (app.ts), so the case core asks for "facts to
 * keep out" without knowing billing; a module not built yet simply registers nothing.
 */
export type LeakFactsProvider = (deps: Deps, customerId: string) => Promise<readonly string[]>;

const providers = new Set<LeakFactsProvider>();

/** Registering the same provider again (a second app in one process, as in tests) changes nothing. */
export function registerLeakFactsProvider(provider: LeakFactsProvider): void {
  providers.add(provider);
}

/**
 * The providers' facts. Read before the case's transaction: a provider reads with its own
 * connection, which on SQLite would wait for the transaction that waits for it.
 */
export async function leakFactsOf(deps: Deps, customerId: string): Promise<string[]> {
  const facts = await Promise.all([...providers].map((provider) => provider(deps, customerId)));
  return [...new Set(facts.flat())];
}

export type LeakOverride = { reason: string };

/** One text the customer will read, and the request field it came from (where a form shows the refusal). */
export type GuardedText = { field: string; text: string | null | undefined };

/** What is checked: a reply, a return's reason, a decision, a commitment, an appointment note. */
export type GuardedSubject = 'case_message' | 'return' | 'decision' | 'commitment' | 'appointment';

/** Texts about to be stored where the customer reads them (or is mailed them), and who writes them. */
export type GuardedTexts = {
  scope: Scope;
  /** Whose side writes; by default the scope's (a filed mail is written by its sender's side). */
  audience?: Audience;
  texts: readonly GuardedText[];
  /** From leakFactsForCase, read before the transaction; empty for partners (they see no billing). */
  facts: readonly string[];
  /** What the texts belong to and its id (known before it is stored), for the audit of an override. */
  subject: { type: GuardedSubject; id: string };
  override?: LeakOverride | undefined;
};

/** A finding with the field whose text it was found in. */
export type FieldFinding = LeakFinding & { field: string };

/**
 * The billing facts to keep out of what `scope` writes on a case, read before the case's
 * transaction (see leakFactsOf). Partners see no billing, so nothing is checked (or told) for them.
 */
export async function leakFactsForCase(deps: Deps, scope: Scope, caseIdOrNumber: string): Promise<string[]> {
  if (audienceOf(scope) !== 'operator') return [];
  return leakFactsOf(deps, (await resolveCaseId(deps, scope, caseIdOrNumber)).customer_id);
}

async function findingsFor(
  trx: Trx,
  deps: Deps,
  row: SupportCaseRow,
  input: GuardedTexts,
): Promise<FieldFinding[]> {
  const texts = input.texts.filter((t): t is { field: string; text: string } => !!t.text?.trim());
  if (texts.length === 0) return [];
  const operator = (input.audience ?? audienceOf(input.scope)) === 'operator';
  // A partner cannot read internal notes, so it cannot copy them, and a refusal naming one would
  // tell it that the note exists. The operator's notes to a partner are not for the customer either.
  const notes = operator
    ? await trx
        .selectFrom('case_message')
        .select(['id', 'body_text as text'])
        .where('case_id', '=', row.id)
        .where('visibility', 'in', ['internal', 'partner'])
        .execute()
    : [];
  const publicTexts = notes.length
    ? (
        await trx
          .selectFrom('case_message')
          .select('body_text')
          .where('case_id', '=', row.id)
          .where('visibility', '=', 'public')
          .execute()
      ).map((m) => m.body_text)
    : [];
  const all = texts.map((t) => t.text).join('\n');
  // Only the customers the texts can name: candidates from the cached index (customer-index.ts).
  const index = await customerIndex(trx, deps);
  const candidates = index.candidatesIn(all, row.customer_id);
  const named = caseNumbersIn(all);
  const otherCases = named.length
    ? await trx
        .selectFrom('support_case')
        .innerJoin('organisation', 'organisation.id', 'support_case.customer_id')
        .select(['support_case.number', 'organisation.number as customerNumber'])
        .where('support_case.number', 'in', named)
        .where('support_case.customer_id', '!=', row.customer_id)
        .execute()
    : [];
  return texts.flatMap(({ field, text }) =>
    findLeaks(text, {
      notes,
      publicTexts,
      billingFacts: input.facts,
      otherCustomers: candidates,
      otherCaseNumbers: otherCases,
      ownCustomerName: index.nameOf(row.customer_id),
    }).map((f) => ({ ...f, field })),
  );
}

const KIND_WORDS: Record<LeakFinding['kind'], string> = {
  internal_note: 'text of an internal note',
  billing_state: 'the billing state',
  other_customer: 'another customer',
};

/**
 * The leak guard's one entry point: checks texts the customer will read, in the transaction that
 * would store them. Refused: 422 `internal_data` with the findings (field, kind and the writer's
 * own words; the source only for the operator) and a field error per text. An operator admin's
 * override lets them pass and is audited with the findings and the reason.
 */
export async function guardCustomerText(
  trx: Trx,
  deps: Deps,
  row: SupportCaseRow,
  input: GuardedTexts,
): Promise<{ overridden: FieldFinding[] } | null> {
  if (input.override && !hasRole(input.scope, ['operator_admin']))
    throw new AppError('forbidden', 'Only an operator admin can send a text the leak guard stopped');
  const findings = await findingsFor(trx, deps, row, input);
  if (findings.length === 0) return null;
  const operator = (input.audience ?? audienceOf(input.scope)) === 'operator';
  if (!input.override) {
    const shown = findings.map((f) => (operator ? f : { field: f.field, kind: f.kind, text: f.text }));
    const fields = [...new Set(findings.map((f) => f.field))];
    throw new AppError(
      'internal_data',
      `The text contains what the customer must not read: ${findings
        .map((f) => `${f.kind} "${f.text}"`)
        .join(', ')}. Rewrite it${operator ? ' (or, as an operator admin, override with a reason)' : ''}.`,
      fields.map((field) => ({
        field,
        message: `contains ${findings
          .filter((f) => f.field === field)
          .map((f) => `${KIND_WORDS[f.kind]} ("${f.text}")`)
          .join(', ')}`,
      })),
      { findings: shown },
    );
  }
  const idKey = input.subject.type === 'case_message' ? 'messageId' : `${input.subject.type}Id`;
  await recordAudit(trx, input.scope, deps.clock, {
    action: `${input.subject.type}.leak_guard_overridden`,
    entityType: 'case',
    entityId: row.id,
    after: { [idKey]: input.subject.id, reason: input.override.reason, findings },
  });
  return { overridden: findings };
}
