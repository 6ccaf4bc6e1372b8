import type { OrganisationKind } from '../organisations/organisation.table';
import { CUSTOMER_ROLES, OPERATOR_ROLES, PARTNER_ROLES, type Role } from './person.table';

/** Which roles a person of an organisation kind may hold: operator roles only at the operator, etc. */
export function rolesAllowedFor(kind: OrganisationKind): readonly Role[] {
  switch (kind) {
    case 'operator':
      return OPERATOR_ROLES;
    case 'partner':
      return PARTNER_ROLES;
    case 'customer':
      return CUSTOMER_ROLES;
    case 'third_party':
      return [];
  }
}

export function invalidRolesFor(kind: OrganisationKind, roles: readonly Role[]): Role[] {
  const allowed = rolesAllowedFor(kind);
  return roles.filter((role) => !allowed.includes(role));
}

export function parseRoles(json: string): Role[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? (value as Role[]) : [];
}
