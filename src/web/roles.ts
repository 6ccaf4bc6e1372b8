import { RETURN_WORK_ROLES } from '../shared/returns';
import {
  BILLING_ROLES,
  ESCALATION_ROLES,
  FEED_SOURCE_MANAGE_ROLES,
  FEED_SOURCE_READ_ROLES,
  OPERATOR_ROLES,
  PARTNER_ROLES,
} from '../shared/roles';
import type { Me, Role } from './api-types';

export { OPERATOR_ROLES, PARTNER_ROLES };

/** Which of the three portals a user sees; operator roles win over partner roles. */
export type Audience = 'operator' | 'partner' | 'customer';

export function audienceOf(roles: readonly Role[]): Audience {
  if (roles.some((role) => OPERATOR_ROLES.includes(role))) return 'operator';
  if (roles.some((role) => PARTNER_ROLES.includes(role))) return 'partner';
  return 'customer';
}

export function canReadAudit(roles: readonly Role[]): boolean {
  return roles.includes('operator_admin');
}

/** Who may hand a case to a third party by mail (as the escalation route allows). */
export function canEscalate(roles: readonly Role[]): boolean {
  return roles.some((role) => ESCALATION_ROLES.includes(role));
}

/** The channel's data-quality worklist: the roles that can fix what it lists. */
export function canManageChannel(roles: readonly Role[]): boolean {
  return roles.includes('operator_admin') || roles.includes('channel_manager');
}

/** Charge types and charges: the roles that keep the books. */
export function canKeepBooks(roles: readonly Role[]): boolean {
  return roles.some((role) => BILLING_ROLES.includes(role));
}

/** Feed monitoring: agents read the sources (they work the mention cases), the operator admin manages them. */
export function canReadFeedSources(roles: readonly Role[]): boolean {
  return roles.some((role) => FEED_SOURCE_READ_ROLES.includes(role));
}

export function canManageFeedSources(roles: readonly Role[]): boolean {
  return roles.some((role) => FEED_SOURCE_MANAGE_ROLES.includes(role));
}

/** Returns: the operator's agents authorise, receive, inspect, close and reject them. */
export function canWorkReturns(roles: readonly Role[]): boolean {
  return roles.some((role) => RETURN_WORK_ROLES.includes(role));
}

/** API tokens are for operator and partner users; customers use the portal. */
export function canUseApiTokens(roles: readonly Role[]): boolean {
  return audienceOf(roles) !== 'customer';
}

export type NavKey =
  | 'overview'
  | 'cases'
  | 'mail'
  | 'organisations'
  | 'myCustomers'
  | 'myOrganisation'
  | 'audit'
  | 'channelWorklist'
  | 'channelReports'
  | 'serviceReports'
  | 'channelLeads'
  | 'channelSettings'
  | 'leads'
  | 'assets'
  | 'installedBase'
  | 'registrations'
  | 'chargeTypes'
  | 'invoiceRequestRules'
  | 'payments'
  | 'dunning'
  | 'sellerSettings'
  | 'datevExport'
  | 'account'
  | 'feedSources'
  | 'returns'
  | 'checklists'
  | 'caseSettings'
  | 'causes'
  | 'textModules'
  | 'slaPolicies'
  | 'users'
  | 'groups'
  | 'settings';
export type NavItem = { key: NavKey; to: string };

export function navItems(me: Pick<Me, 'roles' | 'organisation'>): NavItem[] {
  const items: NavItem[] = [
    { key: 'overview', to: '/' },
    { key: 'cases', to: '/cases' },
  ];
  switch (audienceOf(me.roles)) {
    case 'operator':
      items.push({ key: 'mail', to: '/mail' });
      items.push({ key: 'organisations', to: '/organisations' });
      items.push({ key: 'assets', to: '/assets' });
      if (canManageChannel(me.roles)) {
        items.push({ key: 'channelWorklist', to: '/channel/worklist' });
        items.push({ key: 'channelReports', to: '/channel/reports' });
        items.push({ key: 'serviceReports', to: '/reports/causes' });
        items.push({ key: 'channelLeads', to: '/channel/leads' });
      }
      if (canManageChannel(me.roles)) items.push({ key: 'registrations', to: '/deal-registrations' });
      if (canManageChannel(me.roles)) items.push({ key: 'channelSettings', to: '/channel/settings' });
      if (canKeepBooks(me.roles)) items.push({ key: 'chargeTypes', to: '/billing/charge-types' });
      if (canKeepBooks(me.roles))
        items.push({ key: 'invoiceRequestRules', to: '/billing/invoice-request-rules' });
      if (canKeepBooks(me.roles)) items.push({ key: 'payments', to: '/billing/payments' });
      if (canKeepBooks(me.roles)) items.push({ key: 'dunning', to: '/billing/dunning' });
      if (canKeepBooks(me.roles)) items.push({ key: 'sellerSettings', to: '/settings/seller' });
      if (canKeepBooks(me.roles)) items.push({ key: 'datevExport', to: '/billing/export' });
      if (canReadFeedSources(me.roles)) items.push({ key: 'feedSources', to: '/monitoring/sources' });
      if (canWorkReturns(me.roles)) items.push({ key: 'returns', to: '/returns' });
      if (me.roles.includes('operator_admin')) items.push({ key: 'caseSettings', to: '/settings/cases' });
      if (me.roles.includes('operator_admin')) items.push({ key: 'checklists', to: '/settings/checklists' });
      if (me.roles.includes('operator_admin')) items.push({ key: 'causes', to: '/settings/causes' });
      if (me.roles.includes('operator_admin'))
        items.push({ key: 'textModules', to: '/settings/text-modules' });
      if (me.roles.includes('operator_admin')) items.push({ key: 'slaPolicies', to: '/settings/sla' });
      if (me.roles.includes('operator_admin')) items.push({ key: 'users', to: '/settings/users' });
      if (me.roles.includes('operator_admin')) items.push({ key: 'groups', to: '/settings/groups' });
      if (canReadAudit(me.roles)) items.push({ key: 'audit', to: '/audit' });
      break;
    case 'partner':
      items.push({ key: 'myCustomers', to: '/organisations' });
      items.push({ key: 'leads', to: '/leads' });
      items.push({ key: 'installedBase', to: '/assets' });
      items.push({ key: 'registrations', to: '/deal-registrations' });
      break;
    case 'customer':
      items.push({ key: 'myOrganisation', to: `/organisations/${me.organisation.id}` });
      items.push({ key: 'account', to: '/account' });
      break;
  }
  items.push({ key: 'settings', to: '/settings' });
  return items;
}

/** The sections of the operator's navigation; partners and customers have few pages and none. */
export type NavGroupKey = 'service' | 'channel' | 'finance' | 'admin';

/**
 * Which section each page belongs to; null for the entries that stand alone (overview, cases,
 * the user's own settings, and the few pages of partners and customers). A new page must pick one.
 */
const NAV_GROUP = {
  overview: null,
  cases: null,
  settings: null,
  myCustomers: null,
  myOrganisation: null,
  leads: null,
  installedBase: null,
  account: null,
  mail: 'service',
  returns: 'service',
  feedSources: 'service',
  serviceReports: 'service',
  organisations: 'channel',
  assets: 'channel',
  channelWorklist: 'channel',
  channelLeads: 'channel',
  registrations: 'channel',
  channelReports: 'channel',
  chargeTypes: 'finance',
  invoiceRequestRules: 'finance',
  payments: 'finance',
  dunning: 'finance',
  sellerSettings: 'finance',
  datevExport: 'finance',
  channelSettings: 'admin',
  caseSettings: 'admin',
  checklists: 'admin',
  causes: 'admin',
  textModules: 'admin',
  slaPolicies: 'admin',
  users: 'admin',
  groups: 'admin',
  audit: 'admin',
} as const satisfies Record<NavKey, NavGroupKey | null>;

export type NavEntry =
  | { kind: 'item'; item: NavItem }
  | { kind: 'group'; key: NavGroupKey; items: NavItem[] };

const NAV_GROUP_ORDER: readonly NavGroupKey[] = ['service', 'channel', 'finance', 'admin'];

/**
 * The navigation as it is shown: the operator's pages in sections (service, channel, finance,
 * administration) between the overview and case list above and the user's settings below; a
 * section with a single page is that page alone. Partners and customers get their few pages flat.
 */
export function navEntries(me: Pick<Me, 'roles' | 'organisation'>): NavEntry[] {
  const items = navItems(me);
  if (audienceOf(me.roles) !== 'operator') return items.map((item) => ({ kind: 'item', item }));
  const above: NavEntry[] = [];
  const below: NavEntry[] = [];
  const sections = new Map<NavGroupKey, NavItem[]>();
  for (const item of items) {
    const key: NavGroupKey | null = NAV_GROUP[item.key];
    if (key === null) (sections.size === 0 ? above : below).push({ kind: 'item', item });
    else sections.set(key, [...(sections.get(key) ?? []), item]);
  }
  const grouped = NAV_GROUP_ORDER.flatMap((key): NavEntry[] => {
    const section = sections.get(key) ?? [];
    if (section.length === 0) return [];
    if (section.length === 1 && section[0]) return [{ kind: 'item', item: section[0] }];
    return [{ kind: 'group', key, items: section }];
  });
  return [...above, ...grouped, ...below];
}
