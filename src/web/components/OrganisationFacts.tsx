import { Anchor, Badge } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Organisation } from '../api-types';
import { audienceOf } from '../roles';
import { useFormat, useMe } from '../session';
import { Facts } from './Facts';

export function postalCity(org: Pick<Organisation, 'postalCode' | 'city'>): string {
  return [org.postalCode, org.city].filter((part) => part !== null && part !== '').join(' ');
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge variant="dot" color={active ? 'teal' : 'gray'} radius="sm" miw="max-content">
      {active ? t('organisation.active') : t('organisation.inactive')}
    </Badge>
  );
}

export function OrganisationAddress({ org }: { org: Organisation }) {
  const lines = [org.street, postalCity(org), org.country === 'DE' ? null : org.country].filter(
    (line): line is string => line !== null && line !== '',
  );
  if (lines.length === 0) return null;
  return (
    <address style={{ fontStyle: 'normal' }}>
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </address>
  );
}

/** The master data of an organisation; `full` adds tax and contact details. */
export function OrganisationFacts({ org, full = false }: { org: Organisation; full?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const reseller = org.resellerOfRecord;
  // Customers cannot open their reseller's record (it is outside their scope): no dead link.
  const canOpenReseller =
    reseller !== null && (audienceOf(me.roles) === 'operator' || me.organisation.id === reseller.id);
  const items: { label: string; value: ReactNode }[] = [
    { label: t('organisation.number'), value: org.number },
    { label: t('organisation.name'), value: org.name },
    { label: t('organisation.kind'), value: t(`kinds.${org.kind}`) },
    { label: t('organisation.address'), value: <OrganisationAddress org={org} /> },
  ];
  if (org.kind === 'customer') {
    items.push({
      label: t('organisation.resellerOfRecord'),
      value:
        reseller === null ? (
          t('organisation.noReseller')
        ) : canOpenReseller ? (
          <Anchor component={Link} to={`/organisations/${reseller.id}`} size="sm">
            {reseller.name} ({reseller.number})
          </Anchor>
        ) : (
          `${reseller.name} (${reseller.number})`
        ),
    });
  }
  if (full) {
    items.push(
      { label: t('organisation.country'), value: org.country },
      {
        label: t('organisation.email'),
        value: org.email ? (
          <Anchor href={`mailto:${org.email}`} size="sm">
            {org.email}
          </Anchor>
        ) : null,
      },
      { label: t('organisation.phone'), value: org.phone },
      { label: t('organisation.vatId'), value: org.vatId },
      { label: t('organisation.taxNumber'), value: org.taxNumber },
      { label: t('organisation.status'), value: <ActiveBadge active={org.active} /> },
      { label: t('organisation.createdAt'), value: format.dateTime(org.createdAt) },
      { label: t('organisation.updatedAt'), value: format.dateTime(org.updatedAt) },
    );
  }
  return <Facts items={items} />;
}
