import { describe, expect, it } from 'vitest';
import { invalidRolesFor, rolesAllowedFor } from './roles';

describe('roles per organisation kind', () => {
  it('gives operator roles only to the operator', () => {
    expect(invalidRolesFor('operator', ['agent', 'operator_admin'])).toEqual([]);
    expect(invalidRolesFor('partner', ['agent'])).toEqual(['agent']);
    expect(invalidRolesFor('customer', ['operator_admin', 'customer_user'])).toEqual(['operator_admin']);
  });

  it('lets nobody at a third party log in with a role yet', () => {
    expect(rolesAllowedFor('third_party')).toEqual([]);
  });
});
