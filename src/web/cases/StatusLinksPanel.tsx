import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormat } from '../session';
import { Panel } from './CasePanels';
import { caseUrl, useCaseMutation } from './queries';
import type { CaseDetail, StatusLink } from './types';

const STATE_COLOR: Record<StatusLink['state'], string> = { active: 'green', expired: 'gray', revoked: 'red' };

/** The link as the page shows it: the path, so it opens on the server the user is on. */
function pathOf(url: string): string {
  return new URL(url).pathname;
}

/**
 * The case's status links (signed links to its public status page) for the operator and the
 * customer: create one to send or pass on, see which work, revoke one that went to the wrong person.
 */
export function StatusLinksPanel({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const links = useQuery({
    queryKey: ['cases', 'status-links', kase.id],
    queryFn: ({ signal }) =>
      api.get<{ items: StatusLink[] }>(`${caseUrl(kase.id)}/status-links`, undefined, signal),
  });
  const create = useCaseMutation(kase.id, () => api.post<StatusLink>(`${caseUrl(kase.id)}/status-links`));
  const revoke = useCaseMutation(kase.id, (linkId: string) =>
    api.delete<StatusLink>(`${caseUrl(kase.id)}/status-links/${encodeURIComponent(linkId)}`),
  );
  const items = links.data?.items ?? [];

  return (
    <Panel
      title={t('cases.statusLink.title')}
      id="status-links-heading"
      actions={
        <Button
          size="xs"
          variant="default"
          onClick={() => create.mutate(undefined)}
          loading={create.isPending}
        >
          {t('cases.statusLink.create')}
        </Button>
      }
    >
      <Text size="sm" c="dimmed" mb="xs">
        {t('cases.statusLink.intro')}
      </Text>
      {create.data?.url && (
        <Text size="xs" mb="xs" style={{ overflowWrap: 'anywhere' }}>
          {t('cases.statusLink.created')}{' '}
          <Anchor href={pathOf(create.data.url)} target="_blank" data-testid="status-link">
            {create.data.url}
          </Anchor>{' '}
          {t('cases.statusLink.expires', { at: fmt.dateTime(create.data.expiresAt) })}
        </Text>
      )}
      {create.isError && <ErrorAlert error={create.error} />}
      {revoke.isError && <ErrorAlert error={revoke.error} />}
      {links.isError && <ErrorAlert error={links.error} />}
      {links.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('cases.statusLink.none')}
        </Text>
      )}
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((link) => (
          <li key={link.id} data-testid="status-link-row" data-state={link.state}>
            <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
              <div style={{ minWidth: 0 }}>
                <Group gap={6}>
                  <Badge size="sm" variant="light" radius="sm" color={STATE_COLOR[link.state]}>
                    {t(`cases.statusLink.state.${link.state}`)}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {t(`cases.statusLink.origin.${link.origin}`)}
                  </Text>
                </Group>
                <Text size="xs">
                  {t('cases.statusLink.createdBy', { at: fmt.dateTime(link.createdAt), by: link.createdBy })}
                </Text>
                <Text size="xs" c="dimmed">
                  {link.state === 'revoked' && link.revokedAt
                    ? t('cases.statusLink.revokedBy', {
                        at: fmt.dateTime(link.revokedAt),
                        by: link.revokedBy ?? '',
                      })
                    : t('cases.statusLink.expires', { at: fmt.dateTime(link.expiresAt) })}
                </Text>
                {link.url && (
                  <Anchor href={pathOf(link.url)} target="_blank" size="xs">
                    {t('cases.statusLink.open')}
                  </Anchor>
                )}
              </div>
              {link.state === 'active' && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  style={{ flexShrink: 0 }}
                  loading={revoke.isPending && revoke.variables === link.id}
                  onClick={() => revoke.mutate(link.id)}
                  aria-label={t('cases.statusLink.revokeLabel', { at: fmt.dateTime(link.createdAt) })}
                >
                  {t('cases.statusLink.revoke')}
                </Button>
              )}
            </Group>
          </li>
        ))}
      </Stack>
    </Panel>
  );
}
