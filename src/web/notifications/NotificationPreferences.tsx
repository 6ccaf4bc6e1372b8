import { Checkbox, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { OPTIONAL_NOTIFICATION_KINDS, type OptionalNotificationKind } from '../../shared/notifications';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { audienceOf } from '../roles';
import { useMe } from '../session';
import { useNotificationPreferences, useSetNotificationPreferences } from './api';

/** Which optional notices each audience can receive at all: only those are offered. */
const OFFERED: Record<ReturnType<typeof audienceOf>, readonly OptionalNotificationKind[]> = {
  operator: ['customer_reply'],
  partner: ['partner_new_case', 'partner_public_reply'],
  customer: ['commitment_made', 'commitment_kept'],
};

/**
 * The settings page's section: mail for optional notices on or off, saved on each click. Essential
 * notices (receipt, a missed promise, a decision, the resolution, an assignment, a breach) always mail.
 */
export function NotificationPreferences() {
  const { t } = useTranslation();
  const me = useMe();
  const preferences = useNotificationPreferences();
  const save = useSetNotificationPreferences();
  const offered = OPTIONAL_NOTIFICATION_KINDS.filter((kind) => OFFERED[audienceOf(me.roles)].includes(kind));
  if (preferences.isPending) return <PageLoader />;
  if (preferences.isError) return <ErrorAlert error={preferences.error} />;
  return (
    <Stack gap="sm">
      <Text size="sm">{t('notifications.preferences.intro')}</Text>
      {save.isError && <ErrorAlert error={save.error} />}
      {offered.map((kind) => (
        <Checkbox
          key={kind}
          label={t(`notifications.preferences.kind.${kind}`)}
          checked={preferences.data.mail[kind]}
          onChange={(event) => save.mutate({ [kind]: event.currentTarget.checked })}
        />
      ))}
      <Text size="xs" c="dimmed">
        {t('notifications.preferences.essential')}
      </Text>
      <Text size="sm" role="status" c="teal.9">
        {save.isSuccess ? t('common.saved') : ''}
      </Text>
    </Stack>
  );
}
