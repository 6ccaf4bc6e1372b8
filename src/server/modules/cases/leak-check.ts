// The leak guard at work: gathers what a reply to the customer must not contain and refuses the
// reply (422 internal_data) when it does, unless an operator admin overrides with a reason.
// The rules themselves are in leak-guard.ts.
import type { Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import type { Deps } from '../../shared/deps';
import { hasRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import type { Audience } from './access';
import type { SupportCaseRow } from './case.table';
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

/** A public reply about to be stored, and who writes it. */
export type GuardedReply = {
  scope: Scope;
  audience: Audience;
  text: string;
  /** From leakFactsOf, read before the transaction; empty for partners (they see no billing). */
  facts: readonly string[];
  /** The id the message will have, for the audit entry of an override. */
  messageId: string;
  override?: LeakOverride | undefined;
};

async function findingsFor(trx: Trx, row: SupportCaseRow, reply: GuardedReply): Promise<LeakFinding[]> {
  const operator = reply.audience === 'operator';
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
  // Every other customer's name is compared; a few thousand short rows, read per reply.
  const customers = await trx
    .selectFrom('organisation')
    .select(['id', 'number', 'name'])
    .where('kind', '=', 'customer')
    .execute();
  const named = caseNumbersIn(reply.text);
  const otherCases = named.length
    ? await trx
        .selectFrom('support_case')
        .innerJoin('organisation', 'organisation.id', 'support_case.customer_id')
        .select(['support_case.number', 'organisation.number as customerNumber'])
        .where('support_case.number', 'in', named)
        .where('support_case.customer_id', '!=', row.customer_id)
        .execute()
    : [];
  return findLeaks(reply.text, {
    notes,
    publicTexts,
    billingFacts: reply.facts,
    otherCustomers: customers.filter((c) => c.id !== row.customer_id),
    otherCaseNumbers: otherCases,
    ownCustomerName: customers.find((c) => c.id === row.customer_id)?.name ?? '',
  });
}

/**
 * Checks a public reply in the transaction that would store it. Refused: 422 `internal_data`
 * with the findings (kind and the reply's own words; the source only for the operator). An
 * operator admin's override lets it pass and is audited with the findings and the reason.
 */
export async function guardPublicReply(
  trx: Trx,
  deps: Deps,
  row: SupportCaseRow,
  reply: GuardedReply,
): Promise<{ overridden: LeakFinding[] } | null> {
  if (reply.override && !hasRole(reply.scope, ['operator_admin']))
    throw new AppError('forbidden', 'Only an operator admin can send a reply the leak guard stopped');
  const findings = await findingsFor(trx, row, reply);
  if (findings.length === 0) return null;
  if (!reply.override) {
    const shown = findings.map((f) => (reply.audience === 'operator' ? f : { kind: f.kind, text: f.text }));
    throw new AppError(
      'internal_data',
      `The reply contains what the customer must not read: ${findings
        .map((f) => `${f.kind} "${f.text}"`)
        .join(
          ', ',
        )}. Rewrite it${reply.audience === 'operator' ? ' (or, as an operator admin, override with a reason)' : ''}.`,
      [],
      { findings: shown },
    );
  }
  await recordAudit(trx, reply.scope, deps.clock, {
    action: 'case_message.leak_guard_overridden',
    entityType: 'case',
    entityId: row.id,
    after: { messageId: reply.messageId, reason: reply.override.reason, findings },
  });
  return { overridden: findings };
}
