import {
  ActionIcon,
  Badge,
  Button,
  Divider,
  Group,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../format';
import { useMe } from '../session';
import { type NotificationItem, useMarkRead, useNotifications } from './api';

function BellIcon() {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** One line of the list: what happened (in the reader's language), the case, when. */
function NotificationLine({
  item,
  onOpen,
}: {
  item: NotificationItem;
  onOpen: (item: NotificationItem) => void;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const detail = item.data.description ?? item.data.excerpt;
  return (
    <UnstyledButton
      onClick={() => onOpen(item)}
      className="cd-notification"
      data-unread={item.read ? undefined : 'true'}
      p="xs"
      w="100%"
      aria-label={`${t(`notifications.kind.${item.kind}`)}: ${item.caseNumber} ${item.caseSubject}`}
    >
      <Group gap={6} wrap="nowrap" align="flex-start">
        <span className="cd-notification-dot" aria-hidden="true" />
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="sm" fw={item.read ? 400 : 600}>
            {t(`notifications.kind.${item.kind}`)}
            {!item.read && <VisuallyHidden> ({t('notifications.unreadLabel')})</VisuallyHidden>}
          </Text>
          <Text size="sm" lineClamp={1}>
            {item.caseNumber} · {item.caseSubject}
          </Text>
          {detail && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {detail}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {formatDateTime(item.createdAt, i18n.language, me.timeZone)}
          </Text>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}

/**
 * The bell in the header: the unread count on it, the latest notices in a popover; opening one
 * marks it read and goes to its case. New notices arrive over the live stream.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [opened, { toggle, close }] = useDisclosure(false);
  const list = useNotifications();
  const markRead = useMarkRead();
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];

  function open(item: NotificationItem) {
    if (!item.read) markRead.mutate([item.id]);
    close();
    void navigate(`/cases/${item.caseNumber}`);
  }

  return (
    <Popover
      opened={opened}
      onChange={(next) => (next ? undefined : close())}
      position="bottom-end"
      shadow="md"
      width="min(380px, calc(100vw - 16px))"
      trapFocus
    >
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          size="md"
          onClick={toggle}
          aria-label={unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')}
          aria-expanded={opened}
          data-testid="notification-bell"
          pos="relative"
        >
          <BellIcon />
          {unread > 0 && (
            <Badge
              size="xs"
              circle={unread < 10}
              color="red"
              pos="absolute"
              top={-2}
              right={-4}
              data-testid="notification-count"
              aria-hidden="true"
            >
              {unread > 99 ? '99+' : unread}
            </Badge>
          )}
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Group justify="space-between" px="sm" py="xs" wrap="nowrap">
          <Text fw={600} size="sm" component="h2" m={0}>
            {t('notifications.title')}
          </Text>
          <Button
            variant="subtle"
            size="compact-xs"
            style={{ flexShrink: 0 }}
            disabled={unread === 0}
            loading={markRead.isPending}
            onClick={() => markRead.mutate(undefined)}
          >
            {t('notifications.markAllRead')}
          </Button>
        </Group>
        <Divider />
        <ScrollArea.Autosize mah="min(480px, 70vh)">
          {items.length === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              {list.isPending ? t('common.loading') : t('notifications.empty')}
            </Text>
          ) : (
            <ul className="cd-notification-list">
              {items.map((item) => (
                <li key={item.id}>
                  <NotificationLine item={item} onOpen={open} />
                </li>
              ))}
            </ul>
          )}
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
