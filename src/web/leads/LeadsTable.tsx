import { Anchor, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useProductLineLabel } from '../channel/common';
import { EmptyRow } from '../components/TableParts';
import { shortRoutingReason } from './explanation';
import { LeadStatusBadge, ProtectionDeadline } from './LeadParts';
import type { Lead } from './types';

/**
 * The lead list: the channel manager sees partner and routing reason, the partner its stage.
 * `basePath` is where a lead's page lives for the reader (/channel/leads or /leads).
 */
export function LeadsTable({
  leads,
  view,
  basePath,
}: {
  leads: Lead[];
  view: 'channel' | 'partner';
  basePath: string;
}) {
  const { t, i18n } = useTranslation();
  const lineLabel = useProductLineLabel();
  const columns = view === 'channel' ? 7 : 6;
  return (
    <Table.ScrollContainer
      minWidth={view === 'channel' ? 960 : 720}
      type="native"
      tabIndex={0}
      aria-label={t('leads.list')}
    >
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="leads-table">
        <VisuallyHidden component="caption">{t('leads.list')}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('leads.number')}</Table.Th>
            <Table.Th scope="col">{t('leads.customer')}</Table.Th>
            <Table.Th scope="col">{t('leads.kind')}</Table.Th>
            {view === 'channel' && <Table.Th scope="col">{t('leads.partner')}</Table.Th>}
            <Table.Th scope="col">{t('leads.status')}</Table.Th>
            <Table.Th scope="col">{t('leads.protectedUntil')}</Table.Th>
            {view === 'channel' ? (
              <Table.Th scope="col">{t('leads.reason')}</Table.Th>
            ) : (
              <Table.Th scope="col">{t('leads.stage')}</Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {leads.length === 0 ? (
            <EmptyRow colSpan={columns}>{t('leads.empty')}</EmptyRow>
          ) : (
            leads.map((lead) => (
              <Table.Tr key={lead.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component={Link} to={`${basePath}/${lead.id}`} size="sm" fw={600}>
                    {lead.number}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{lead.customer.name}</Text>
                  <Text size="xs" c="dimmed">
                    {[lead.customer.postalCode, lead.customer.city].filter(Boolean).join(' ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`leads.kinds.${lead.kind}`)}</Text>
                  {lead.productLine !== null && (
                    <Text size="xs" c="dimmed">
                      {lineLabel(lead.productLine)}
                    </Text>
                  )}
                </Table.Td>
                {view === 'channel' && (
                  <Table.Td>
                    {lead.partner === null ? (
                      <Text size="sm" c="dimmed">
                        {t('leads.noPartner')}
                      </Text>
                    ) : (
                      <Text size="sm">{lead.partner.name}</Text>
                    )}
                  </Table.Td>
                )}
                <Table.Td>
                  <LeadStatusBadge status={lead.status} />
                </Table.Td>
                <Table.Td>
                  <ProtectionDeadline until={lead.protectedUntil} status={lead.status} />
                </Table.Td>
                {view === 'channel' ? (
                  <Table.Td>
                    <Text size="sm">
                      {lead.routing.explanation === null
                        ? '—'
                        : shortRoutingReason(lead.routing.explanation, t, i18n.language)}
                    </Text>
                  </Table.Td>
                ) : (
                  <Table.Td>
                    <Text size="sm">{lead.stage === null ? '—' : t(`leads.stages.${lead.stage}`)}</Text>
                  </Table.Td>
                )}
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
