import { OPERATOR_ROLES } from '../../../shared/roles';
import { containsOperator } from '../../db/dialect';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import type { CaseType } from '../cases/case.table';
import { findCase } from '../cases/repository';
import { greetingFor } from '../users/greeting';
import { renderTextModule, unknownPlaceholders, withoutSignOff } from './render';
import type { TextModule } from './schemas';
import type { TextModuleRow } from './text-module.table';

const USE = OPERATOR_ROLES;
const MANAGE = ['operator_admin', 'agent'] as const;

function toTextModule(row: TextModuleRow): TextModule {
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    body: row.body,
    caseType: row.case_type,
    active: row.active === 1,
    updatedAt: row.updated_at,
    lastUsedAt: row.last_used_at,
  };
}

function checkPlaceholders(body: string): void {
  const unknown = unknownPlaceholders(body);
  if (unknown.length > 0) {
    throw AppError.field(
      'body',
      `unknown placeholder ${unknown.map((p) => `{{${p}}}`).join(', ')}; see the list of placeholders`,
    );
  }
}

/**
 * Active text modules (with `includeInactive`, for those who keep them, the deactivated ones too),
 * searchable by name and body; modules for the given case type come first.
 */
export async function listTextModules(
  deps: Deps,
  scope: Scope,
  filter: { q?: string; language?: 'de' | 'en'; caseType?: CaseType; includeInactive?: boolean },
): Promise<TextModule[]> {
  requireRole(scope, filter.includeInactive ? MANAGE : USE);
  let query = deps.db.selectFrom('text_module').selectAll().orderBy('name').limit(200);
  if (!filter.includeInactive) query = query.where('active', '=', 1);
  if (filter.language) query = query.where('language', '=', filter.language);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const op = containsOperator(deps.dialect);
    query = query.where((eb) => eb.or([eb('name', op, like), eb('body', op, like)]));
  }
  const rows = (await query.execute()).map(toTextModule);
  if (!filter.caseType) return rows;
  return [
    ...rows.filter((r) => r.caseType === filter.caseType),
    ...rows.filter((r) => r.caseType !== filter.caseType),
  ];
}

export async function createTextModule(
  deps: Deps,
  scope: Scope,
  input: { name: string; language: 'de' | 'en'; body: string; caseType: CaseType | null },
): Promise<TextModule> {
  requireRole(scope, MANAGE);
  checkPlaceholders(input.body);
  const now = isoNow(deps.clock);
  const row: TextModuleRow = {
    id: newId(),
    name: input.name,
    language: input.language,
    body: input.body,
    case_type: input.caseType,
    active: 1,
    last_used_at: null,
    created_at: now,
    updated_at: now,
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('text_module').values(row).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'text_module.created',
      entityType: 'text_module',
      entityId: row.id,
      after: row,
    });
  });
  return toTextModule(row);
}

export async function updateTextModule(
  deps: Deps,
  scope: Scope,
  id: string,
  input: { name?: string; body?: string; caseType?: CaseType | null; active?: boolean },
): Promise<TextModule> {
  requireRole(scope, MANAGE);
  if (input.body) checkPlaceholders(input.body);
  return deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('text_module').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw AppError.notFound('Text module');
    const after = await trx
      .updateTable('text_module')
      .set({
        name: input.name,
        body: input.body,
        case_type: input.caseType,
        active: input.active === undefined ? undefined : input.active ? 1 : 0,
        updated_at: isoNow(deps.clock),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, scope, deps.clock, {
      action: 'text_module.updated',
      entityType: 'text_module',
      entityId: id,
      before,
      after,
    });
    return toTextModule(after);
  });
}

/**
 * Deletes a module that never went into a reply; a used one answers text_module_used and stays,
 * to be deactivated instead, so the audit log still says what the replies were made from.
 */
export async function deleteTextModule(deps: Deps, scope: Scope, id: string): Promise<void> {
  requireRole(scope, MANAGE);
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('text_module').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw AppError.notFound('Text module');
    if (before.last_used_at !== null)
      throw new AppError(
        'text_module_used',
        'the text module was used in replies; deactivate it instead',
        [],
        { lastUsedAt: before.last_used_at },
      );
    await trx.deleteFrom('text_module').where('id', '=', id).execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'text_module.deleted',
      entityType: 'text_module',
      entityId: id,
      before,
    });
  });
}

/** The module's text with the case's values filled in, ready for the reply editor. */
export async function renderForCase(
  deps: Deps,
  scope: Scope,
  id: string,
  caseIdOrNumber: string,
): Promise<{ text: string; missing: string[] }> {
  requireRole(scope, USE);
  const module = await deps.db.selectFrom('text_module').selectAll().where('id', '=', id).executeTakeFirst();
  if (!module) throw AppError.notFound('Text module');
  const found = await findCase(deps.db, scope, caseIdOrNumber);
  if (!found) throw AppError.field('caseId', 'is not a case you can see');
  const names = await deps.db
    .selectFrom('support_case')
    .innerJoin('organisation as customer', 'customer.id', 'support_case.customer_id')
    .leftJoin('person as contact', 'contact.id', 'support_case.contact_id')
    .leftJoin('organisation as partner', 'partner.id', 'support_case.partner_id')
    .select([
      'customer.name as customer_name',
      'customer.number as customer_number',
      'contact.name as contact_name',
      'contact.salutation as contact_salutation',
      'contact.locale as contact_locale',
      'partner.name as partner_name',
    ])
    .where('support_case.id', '=', found.id)
    .executeTakeFirstOrThrow();
  const { text, missing } = renderTextModule(module.body, {
    'case.number': found.number,
    'case.subject': found.subject,
    'case.status': found.status,
    'customer.name': names.customer_name,
    'customer.number': names.customer_number,
    'contact.name': names.contact_name,
    // In the language the reply mail goes out in (the contact's, mail/case-mail.ts).
    'contact.greeting':
      names.contact_name === null
        ? null
        : greetingFor(names.contact_locale === 'en' ? 'en' : 'de', {
            name: names.contact_name,
            salutation: names.contact_salutation,
          }),
    'partner.name': names.partner_name,
    'agent.name': scope.kind === 'user' ? scope.name : null,
  });
  // Rendering is what puts a module into a reply; from now on it is kept, not deleted.
  await deps.db
    .updateTable('text_module')
    .set({ last_used_at: isoNow(deps.clock) })
    .where('id', '=', id)
    .execute();
  // The reply mail signs below the text; the module's own sign-off would be a second one.
  return { text: withoutSignOff(text), missing };
}
