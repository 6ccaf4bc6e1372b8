import type { TokenScope } from '../modules/auth/auth.table';
import type { OrganisationKind } from '../modules/organisations/organisation.table';
import type { Role } from '../modules/users/person.table';
import { AppError } from './app-error';

/** Who is acting. Every repository query is given one and filters rows with it. */
export type Scope = UserScope | SystemScope;

export type UserScope = {
  kind: 'user';
  personId: string;
  name: string;
  email: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  roles: Role[];
  via: 'session' | 'token';
  requestId?: string;
};

/** Background work and the CLI act as the system: unrestricted, audited under its label. */
export type SystemScope = { kind: 'system'; label: string };

export function systemScope(label: string): SystemScope {
  return { kind: 'system', label };
}

export function isOperator(scope: Scope): boolean {
  return scope.kind === 'system' || scope.organisationKind === 'operator';
}

export function hasRole(scope: Scope, roles: readonly Role[]): boolean {
  return scope.kind === 'system' || scope.roles.some((role) => roles.includes(role));
}

/** Services call this first; the HTTP guard has usually rejected the request already. */
export function requireRole(scope: Scope, roles: readonly Role[]): void {
  if (!hasRole(scope, roles)) throw new AppError('forbidden', 'Your role does not allow this action');
}

export function actorLabel(scope: Scope): string {
  return scope.kind === 'system' ? scope.label : `${scope.name} <${scope.email}>`;
}

export type { TokenScope };
