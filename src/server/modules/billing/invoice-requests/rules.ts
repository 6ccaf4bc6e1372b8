import { BILLING_ROLES } from '../../../../shared/roles';
import type { Db, Trx } from '../../../db/database';
import { AppError } from '../../../shared/app-error';
import { isoNow } from '../../../shared/clock';
import type { Deps } from '../../../shared/deps';
import { newId } from '../../../shared/ids';
import { requireRole, type Scope } from '../../../shared/scope';
import { recordAudit } from '../../audit/service';
import type { InvoiceRequestRuleRow } from '../invoice-request.table';
import { type KeywordRule, matchingRule } from './keyword-rules';
import type {
  CreateInvoiceRequestRuleBody,
  InvoiceRequestRule,
  UpdateInvoiceRequestRuleBody,
} from './schemas';

// The keyword rules that make an inbound mail an invoice request, kept by the billing clerks and
// operator admins (the people who answer the requests a rule misses). Every change is audited.

export const INVOICE_REQUEST_RULE_ROLES = BILLING_ROLES;

function toRule(row: InvoiceRequestRuleRow): InvoiceRequestRule {
  return {
    id: row.id,
    name: row.name,
    wordGroups: JSON.parse(row.word_groups) as string[][],
    active: row.active === 1,
    position: row.position,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function findRules(db: Db | Trx): Promise<InvoiceRequestRuleRow[]> {
  return db
    .selectFrom('invoice_request_rule')
    .selectAll()
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

export async function listInvoiceRequestRules(
  deps: Pick<Deps, 'db'>,
  scope: Scope,
): Promise<{ items: InvoiceRequestRule[] }> {
  requireRole(scope, INVOICE_REQUEST_RULE_ROLES);
  return { items: (await findRules(deps.db)).map(toRule) };
}

/** Word groups as stored: each word trimmed, each group without repeats. */
function cleanGroups(groups: string[][]): string[][] {
  return groups.map((group) => [...new Set(group.map((w) => w.trim()))]);
}

export async function createInvoiceRequestRule(
  deps: Pick<Deps, 'db' | 'clock'>,
  scope: Scope,
  input: CreateInvoiceRequestRuleBody,
): Promise<InvoiceRequestRule> {
  requireRole(scope, INVOICE_REQUEST_RULE_ROLES);
  return deps.db.transaction().execute(async (trx) => {
    const now = isoNow(deps.clock);
    let position = input.position;
    if (position === undefined) {
      const last = await trx
        .selectFrom('invoice_request_rule')
        .select((eb) => eb.fn.max('position').as('max'))
        .executeTakeFirst();
      position = last?.max === null || last?.max === undefined ? 10 : Number(last.max) + 10;
    }
    const row: InvoiceRequestRuleRow = {
      id: newId(),
      name: input.name,
      word_groups: JSON.stringify(cleanGroups(input.wordGroups)),
      active: input.active ? 1 : 0,
      position,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('invoice_request_rule').values(row).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'invoice_request_rule.created',
      entityType: 'invoice_request_rule',
      entityId: row.id,
      after: toRule(row),
    });
    return toRule(row);
  });
}

async function requireRule(trx: Trx, id: string): Promise<InvoiceRequestRuleRow> {
  const row = await trx
    .selectFrom('invoice_request_rule')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw AppError.notFound('Invoice request rule');
  return row;
}

export async function updateInvoiceRequestRule(
  deps: Pick<Deps, 'db' | 'clock'>,
  scope: Scope,
  id: string,
  input: UpdateInvoiceRequestRuleBody,
): Promise<InvoiceRequestRule> {
  requireRole(scope, INVOICE_REQUEST_RULE_ROLES);
  return deps.db.transaction().execute(async (trx) => {
    const before = await requireRule(trx, id);
    const after: InvoiceRequestRuleRow = {
      ...before,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.wordGroups !== undefined
        ? { word_groups: JSON.stringify(cleanGroups(input.wordGroups)) }
        : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      updated_at: isoNow(deps.clock),
    };
    await trx
      .updateTable('invoice_request_rule')
      .set({
        name: after.name,
        word_groups: after.word_groups,
        active: after.active,
        position: after.position,
        updated_at: after.updated_at,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'invoice_request_rule.updated',
      entityType: 'invoice_request_rule',
      entityId: id,
      before: toRule(before),
      after: toRule(after),
    });
    return toRule(after);
  });
}

export async function deleteInvoiceRequestRule(
  deps: Pick<Deps, 'db' | 'clock'>,
  scope: Scope,
  id: string,
): Promise<void> {
  requireRole(scope, INVOICE_REQUEST_RULE_ROLES);
  await deps.db.transaction().execute(async (trx) => {
    const before = await requireRule(trx, id);
    await trx.deleteFrom('invoice_request_rule').where('id', '=', id).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'invoice_request_rule.deleted',
      entityType: 'invoice_request_rule',
      entityId: id,
      before: toRule(before),
    });
  });
}

/**
 * The first active keyword rule the mail's text matches (subject and what the sender wrote now,
 * without the quoted history), or null. For mail intake, which decides the new case's type.
 */
export async function matchInvoiceRequestRule(
  deps: Pick<Deps, 'db'>,
  text: string,
): Promise<{ id: string; name: string } | null> {
  const rules = (await findRules(deps.db)).map((row): KeywordRule & { id: string } => ({
    id: row.id,
    name: row.name,
    wordGroups: JSON.parse(row.word_groups) as string[][],
    active: row.active === 1,
  }));
  const rule = matchingRule(rules, text);
  return rule ? { id: rule.id, name: rule.name } : null;
}
