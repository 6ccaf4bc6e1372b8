import { sql } from 'kysely';
import type { Scope } from '../../shared/scope';
import type { Visibility } from './case.table';

/** Whose view of a case: the operator sees everything, a partner public and partner entries, a customer public ones. */
export type Audience = 'operator' | 'partner' | 'customer';

export function audienceOf(scope: Scope): Audience {
  if (scope.kind === 'system' || scope.organisationKind === 'operator') return 'operator';
  return scope.organisationKind === 'partner' ? 'partner' : 'customer';
}

const VISIBLE: Record<Audience, readonly Visibility[]> = {
  operator: ['public', 'partner', 'internal'],
  partner: ['public', 'partner'],
  customer: ['public'],
};

/** The visibilities an audience may read; internal entries never leave the operator. */
export function visibleTo(audience: Audience): readonly Visibility[] {
  return VISIBLE[audience];
}

/** Visibilities an audience may write: customers only public; partners public or partner. */
export function writableBy(audience: Audience): readonly Visibility[] {
  return VISIBLE[audience];
}

/**
 * SQL condition on `support_case` for the cases a scope may see: the operator all; a partner the
 * cases it is involved in and those of the customers it is reseller of record for; a customer
 * its own organisation's. Every case query goes through here.
 */
export function caseVisibleTo(scope: Scope) {
  if (audienceOf(scope) === 'operator' || scope.kind === 'system') return sql<boolean>`1 = 1`;
  const own = scope.organisationId;
  if (scope.organisationKind === 'partner') {
    return sql<boolean>`(support_case.partner_id = ${own} or support_case.customer_id in (select customer_id from reseller_of_record where partner_id = ${own}))`;
  }
  return sql<boolean>`support_case.customer_id = ${own}`;
}
