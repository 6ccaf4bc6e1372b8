import { describe, expect, it } from 'vitest';
import type { Me, Role } from './api-types';
import { audienceOf, canUseApiTokens, navItems } from './roles';

function me(roles: Role[]): Pick<Me, 'roles' | 'organisation'> {
  return {
    roles,
    organisation: { id: 'org-1', number: 'K-100001', name: 'Bäckerei Sommer GmbH', kind: 'customer' },
  };
}

describe('navigation by role', () => {
  it('gives the operator admin the channel worklist and the audit log', () => {
    expect(navItems(me(['operator_admin'])).map((i) => i.key)).toEqual([
      'overview',
      'cases',
      'mail',
      'organisations',
      'assets',
      'channelWorklist',
      'channelReports',
      'serviceReports',
      'channelLeads',
      'registrations',
      'channelSettings',
      'chargeTypes',
      'invoiceRequestRules',
      'payments',
      'dunning',
      'sellerSettings',
      'datevExport',
      'feedSources',
      'returns',
      'caseSettings',
      'checklists',
      'audit',
      'settings',
    ]);
  });

  it('gives the channel manager the channel worklist', () => {
    expect(navItems(me(['channel_manager']))).toContainEqual({
      key: 'channelWorklist',
      to: '/channel/worklist',
    });
    expect(navItems(me(['channel_manager'])).map((i) => i.key)).not.toContain('audit');
    expect(navItems(me(['channel_manager']))).toContainEqual({
      key: 'channelReports',
      to: '/channel/reports',
    });
    expect(navItems(me(['channel_manager']))).toContainEqual({ key: 'channelLeads', to: '/channel/leads' });
    expect(navItems(me(['channel_manager']))).toContainEqual({
      key: 'channelSettings',
      to: '/channel/settings',
    });
  });

  it('hides the audit log and the channel worklist from agents and billing clerks', () => {
    expect(navItems(me(['agent'])).map((i) => i.key)).toEqual([
      'overview',
      'cases',
      'mail',
      'organisations',
      'assets',
      'feedSources',
      'returns',
      'settings',
    ]);
    expect(navItems(me(['billing_clerk'])).map((i) => i.key)).toEqual([
      'overview',
      'cases',
      'mail',
      'organisations',
      'assets',
      'chargeTypes',
      'invoiceRequestRules',
      'payments',
      'dunning',
      'sellerSettings',
      'datevExport',
      'settings',
    ]);
  });

  it('shows a partner its customers', () => {
    expect(navItems(me(['partner_agent'])).map((i) => i.key)).toEqual([
      'overview',
      'cases',
      'myCustomers',
      'leads',
      'installedBase',
      'registrations',
      'settings',
    ]);
    expect(navItems(me(['partner_admin'])).map((i) => i.key)).not.toContain('channelWorklist');
    expect(navItems(me(['partner_admin']))).toContainEqual({ key: 'leads', to: '/leads' });
  });

  it('links a customer to its own organisation', () => {
    expect(navItems(me(['customer_user']))).toContainEqual({
      key: 'myOrganisation',
      to: '/organisations/org-1',
    });
  });

  it('treats a user with operator and partner roles as operator', () => {
    expect(audienceOf(['partner_admin', 'agent'])).toBe('operator');
  });

  it('offers API tokens to operators and partners only', () => {
    expect(canUseApiTokens(['partner_admin'])).toBe(true);
    expect(canUseApiTokens(['billing_clerk'])).toBe(true);
    expect(canUseApiTokens(['customer_user'])).toBe(false);
  });
});
