import { Badge, Button, Card, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLooseT } from '../cases/CaseBadges';
import { EmptyRow } from '../components/TableParts';
import type { Mailbox } from './types';

/** The stored, redacted IMAP URL (imap://user:***@host) without its password placeholder. */
export function withoutPassword(url: string): string {
  return url.replace(/^(imaps?:\/\/[^:@/]*):\*\*\*@/, '$1@');
}

function StateBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    // max-content: a narrow table cell would otherwise cut the word to "INA…".
    <Badge color={active ? 'teal' : 'gray'} variant="light" radius="sm" style={{ minWidth: 'max-content' }}>
      {active ? t('mailboxes.isActive') : t('mailboxes.isInactive')}
    </Badge>
  );
}

/** The mailboxes: a table on wider screens, a card each on a phone. */
export function MailboxList({
  mailboxes,
  onEdit,
}: {
  mailboxes: Mailbox[];
  onEdit: (mailbox: Mailbox) => void;
}) {
  const { t } = useTranslation();
  const tt = useLooseT();
  const receivedBy = (mailbox: Mailbox) =>
    [mailbox.smtpEnabled ? 'SMTP' : null, mailbox.imap ? `IMAP ${withoutPassword(mailbox.imap.url)}` : null]
      .filter(Boolean)
      .join(' · ') || t('common.none');
  const editButton = (mailbox: Mailbox) => (
    <Button
      size="compact-sm"
      variant="subtle"
      aria-label={`${t('mailboxes.edit')}: ${mailbox.address}`}
      onClick={() => onEdit(mailbox)}
    >
      {t('mailboxes.edit')}
    </Button>
  );
  return (
    <>
      <Table.ScrollContainer minWidth={760} visibleFrom="sm">
        <Table verticalSpacing="sm" data-testid="mailbox-table">
          <VisuallyHidden component="caption">{t('mailboxes.title')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('mailboxes.address')}</Table.Th>
              <Table.Th scope="col">{t('mailboxes.name')}</Table.Th>
              <Table.Th scope="col">{t('mailboxes.caseType')}</Table.Th>
              <Table.Th scope="col">{t('mailboxes.receivedBy')}</Table.Th>
              <Table.Th scope="col">{t('mailboxes.state')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('mail.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {mailboxes.map((mailbox) => (
              <Table.Tr key={mailbox.id}>
                <Table.Td>{mailbox.address}</Table.Td>
                <Table.Td>{mailbox.name}</Table.Td>
                <Table.Td>{tt(`cases.type.${mailbox.caseType}`)}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{receivedBy(mailbox)}</Table.Td>
                <Table.Td>
                  <StateBadge active={mailbox.active} />
                </Table.Td>
                <Table.Td>{editButton(mailbox)}</Table.Td>
              </Table.Tr>
            ))}
            {mailboxes.length === 0 && <EmptyRow colSpan={6}>{t('mailboxes.empty')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack gap="sm" hiddenFrom="sm" data-testid="mailbox-cards">
        {mailboxes.map((mailbox) => (
          <Card key={mailbox.id} withBorder padding="md">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div style={{ minWidth: 0 }}>
                <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {mailbox.address}
                </Text>
                <Text size="sm" c="dimmed">
                  {mailbox.name} · {tt(`cases.type.${mailbox.caseType}`)}
                </Text>
              </div>
              <StateBadge active={mailbox.active} />
            </Group>
            <Text size="sm" mt="xs" style={{ overflowWrap: 'anywhere' }}>
              {t('mailboxes.receivedBy')}: {receivedBy(mailbox)}
            </Text>
            <Group mt="xs">{editButton(mailbox)}</Group>
          </Card>
        ))}
        {mailboxes.length === 0 && <Text c="dimmed">{t('mailboxes.empty')}</Text>}
      </Stack>
    </>
  );
}
