import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api';
import { Panel } from '../cases/CasePanels';
import { caseUrl, useCaseMutation } from '../cases/queries';
import type { CaseDetail } from '../cases/types';
import { ErrorAlert } from '../components/ErrorAlert';
import type { MentionSuggestion } from './types';

/**
 * On a mention case (operator only): the existing cases the post may be about, each with why it
 * was suggested and a button that links it (the ordinary case link, "relates to").
 */
export function MentionSuggestionsPanel({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const suggestions = useQuery({
    queryKey: ['cases', 'mention-suggestions', kase.id],
    queryFn: ({ signal }) =>
      api.get<{ items: MentionSuggestion[] }>(`${caseUrl(kase.id)}/mention-suggestions`, undefined, signal),
  });
  const link = useCaseMutation(kase.id, (target: string) =>
    api.post(`${caseUrl(kase.id)}/links`, { kind: 'relates_to', target }),
  );
  const items = suggestions.data?.items ?? [];
  return (
    <Panel title={t('monitoring.suggestions.title')} id="mention-suggestions-heading">
      {suggestions.isError && <ErrorAlert error={suggestions.error} />}
      {items.length === 0 && !suggestions.isPending && (
        <Text size="sm" c="dimmed">
          {t('monitoring.suggestions.empty')}
        </Text>
      )}
      <Stack gap="sm" component="ul" className="cd-plain-list" data-testid="mention-suggestions">
        {items.map((s) => (
          <li key={s.caseId}>
            <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
              <div style={{ minWidth: 0, flex: 1 }}>
                <Text size="sm">
                  <Anchor component={Link} to={`/cases/${s.number}`}>
                    {s.number}
                  </Anchor>{' '}
                  {s.subject}
                </Text>
                <Text size="xs" c="dimmed">
                  {s.customerName} · {t(`monitoring.suggestions.reason.${s.reason}`, { detail: s.detail })}
                </Text>
              </div>
              {s.linked ? (
                <Badge variant="light" color="teal" radius="sm" style={{ flexShrink: 0 }}>
                  {t('monitoring.suggestions.linked')}
                </Badge>
              ) : (
                kase.status !== 'closed' && (
                  <Button
                    size="compact-sm"
                    variant="light"
                    style={{ flexShrink: 0 }}
                    loading={link.isPending && link.variables === s.number}
                    onClick={() => link.mutate(s.number)}
                    aria-label={t('monitoring.suggestions.linkLabel', { number: s.number })}
                  >
                    {t('monitoring.suggestions.link')}
                  </Button>
                )
              )}
            </Group>
          </li>
        ))}
      </Stack>
      {link.isError && <ErrorAlert error={link.error} />}
    </Panel>
  );
}
