import { describe, expect, it } from 'vitest';
import type { Me, Role } from './api-types';
import { audienceOf, canUseApiTokens, type NavEntry, navEntries, navItems } from './roles';

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
      'causes',
      'textModules',
      'slaPolicies',
      'users',
      'groups',
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

  it("puts the operator admin's pages in sections between the overview and the settings", () => {
    const shown = (entries: NavEntry[]) =>
      entries.map((entry) =>
        entry.kind === 'item' ? entry.item.key : `${entry.key}: ${entry.items.map((i) => i.key).join(' ')}`,
      );
    expect(shown(navEntries(me(['operator_admin'])))).toEqual([
      'overview',
      'cases',
      'service: mail serviceReports feedSources returns',
      'channel: organisations assets channelWorklist channelReports channelLeads registrations',
      'finance: chargeTypes invoiceRequestRules payments dunning sellerSettings datevExport',
      'admin: channelSettings caseSettings checklists causes textModules slaPolicies users groups audit',
      'settings',
    ]);
    // Every page of the flat list is in exactly one place.
    const keys = navEntries(me(['operator_admin'])).flatMap((entry) =>
      entry.kind === 'item' ? [entry.item.key] : entry.items.map((i) => i.key),
    );
    expect(keys.sort()).toEqual(
      navItems(me(['operator_admin']))
        .map((i) => i.key)
        .sort(),
    );
    // An agent's sections; a section of one page is that page alone.
    expect(shown(navEntries(me(['agent'])))).toEqual([
      'overview',
      'cases',
      'service: mail feedSources returns',
      'channel: organisations assets',
      'settings',
    ]);
    expect(shown(navEntries(me(['billing_clerk'])))).toEqual([
      'overview',
      'cases',
      'mail',
      'channel: organisations assets',
      'finance: chargeTypes invoiceRequestRules payments dunning sellerSettings datevExport',
      'settings',
    ]);
  });

  it('shows partners and customers their few pages without sections', () => {
    for (const roles of [['partner_agent'], ['customer_user']] as Role[][]) {
      expect(navEntries(me(roles)).every((entry) => entry.kind === 'item')).toBe(true);
    }
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
