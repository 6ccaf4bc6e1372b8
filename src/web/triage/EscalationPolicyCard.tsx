import { Button, Card, Group, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import type { Organisation } from '../api-types';
import { useFieldErrors } from '../channel/common';
import { ErrorAlert } from '../components/ErrorAlert';
import { Notice } from '../components/Notice';
import { useMe } from '../session';

const FIELDS = ['acceptsPartnerEscalation', 'phone', 'serviceHours'];

/** Read-only lines for everyone but the operator admin. */
function PolicyFacts({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm">
        {org.acceptsPartnerEscalation
          ? t('organisation.escalationPolicy.accepts')
          : t('organisation.escalationPolicy.callIn')}
      </Text>
      <Text size="sm" c="dimmed">
        {t('organisation.escalationPolicy.phone')}: {org.phone ?? t('common.none')} ·{' '}
        {t('organisation.escalationPolicy.hours')}: {org.serviceHours ?? t('common.none')}
      </Text>
    </Stack>
  );
}

/**
 * A third party's policy on fault escalations (scenario S3): whether partners escalate from the
 * portal, or the partner tells the customer to call, with this number and these hours.
 */
export function EscalationPolicyCard({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canEdit = useCanEditPolicy();
  const [accepts, setAccepts] = useState(org.acceptsPartnerEscalation);
  const [phone, setPhone] = useState(org.phone ?? '');
  const [hours, setHours] = useState(org.serviceHours ?? '');
  const save = useMutation({
    mutationFn: () =>
      api.patch<Organisation>(`/api/organisations/${org.id}`, {
        acceptsPartnerEscalation: accepts,
        phone: phone.trim() === '' ? null : phone.trim(),
        serviceHours: hours.trim() === '' ? null : hours.trim(),
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['organisations', 'detail', org.id], saved);
      return queryClient.invalidateQueries({ queryKey: ['organisations'] });
    },
  });
  const errorOf = useFieldErrors(save.error);
  const unplaced =
    save.isError && !(isApiError(save.error) && save.error.errors.some((e) => FIELDS.includes(e.field)));
  const change =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      save.reset();
    };
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="org-escalation-policy">
      <Title order={2} size="h3" id="org-escalation-policy" mb="xs">
        {t('organisation.escalationPolicy.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('organisation.escalationPolicy.intro')}
      </Text>
      {canEdit ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
          noValidate
        >
          <Stack gap="sm" maw={560}>
            <Switch
              label={t('organisation.escalationPolicy.acceptsLabel')}
              description={t('organisation.escalationPolicy.acceptsHint')}
              checked={accepts}
              onChange={(e) => change(setAccepts)(e.currentTarget.checked)}
              error={errorOf('acceptsPartnerEscalation')}
            />
            <TextInput
              label={t('organisation.escalationPolicy.phone')}
              description={t('organisation.escalationPolicy.phoneHint')}
              value={phone}
              onChange={(e) => change(setPhone)(e.currentTarget.value)}
              error={errorOf('phone')}
              maxLength={40}
              type="tel"
            />
            <TextInput
              label={t('organisation.escalationPolicy.hours')}
              placeholder={t('organisation.escalationPolicy.hoursPlaceholder')}
              value={hours}
              onChange={(e) => change(setHours)(e.currentTarget.value)}
              error={errorOf('serviceHours')}
              maxLength={100}
            />
            <Group>
              <Button type="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Group>
            {save.isSuccess && <Notice onClose={() => save.reset()}>{t('common.saved')}</Notice>}
            {unplaced && <ErrorAlert error={save.error} />}
          </Stack>
        </form>
      ) : (
        <PolicyFacts org={org} />
      )}
    </Card>
  );
}

/** Who may change organisations (the API's rule) edits the policy; everyone else reads it. */
function useCanEditPolicy(): boolean {
  const { roles } = useMe();
  return roles.includes('operator_admin') || roles.includes('channel_manager');
}
