import {
  Badge,
  Button,
  Card,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Table,
  TagsInput,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import type { Organisation } from '../api-types';
import { useFieldErrors } from '../channel/common';
import { PartnerSelect } from '../channel/PartnerSelect';
import { ReasonForm } from '../channel/ReasonForm';
import { ErrorAlert } from '../components/ErrorAlert';
import { Facts } from '../components/Facts';
import { PageLoader } from '../components/PageLoader';
import { formatDate, formatDateTime } from '../format';
import { peopleQuery } from '../queries';
import { audienceOf } from '../roles';
import { useMe } from '../session';

type OrganisationRef = { id: string; number: string; name: string };

/** One period of a customer's reseller of record, as the API answers it. */
export type ResellerOfRecordPeriod = {
  id: string;
  partner: OrganisationRef;
  validFrom: string;
  validTo: string | null;
  current: boolean;
  changedBy: string | null;
  reason: string;
};

export type PartnerStatus = 'active' | 'inactive' | 'suspended';

export type PartnerProfile = {
  organisationId: string;
  status: PartnerStatus;
  grade: { code: string; nameDe: string; nameEn: string; weight: number } | null;
  capacity: number | null;
  serviceRadiusKm: number | null;
  productLines: string[];
  leadContactIds: string[];
  location: { latitude: number; longitude: number; approximate: boolean } | null;
  updatedAt: string | null;
};

const PARTNER_STATUSES: PartnerStatus[] = ['active', 'inactive', 'suspended'];
const GRADE_CODES = ['gold', 'silver', 'bronze'] as const;

const canChangeChannel = (roles: readonly string[]) =>
  roles.includes('operator_admin') || roles.includes('channel_manager');

const historyKey = (id: string) => ['organisations', 'detail', id, 'reseller-of-record'];
const profileKey = (id: string) => ['organisations', 'detail', id, 'partner-profile'];

function ResellerHistoryTable({ items }: { items: ResellerOfRecordPeriod[] }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const operator = audienceOf(me.roles) === 'operator';
  if (items.length === 0) return <Text c="dimmed">{t('channel.reseller.historyEmpty')}</Text>;
  // Newest first: the current record is what the reader looks for.
  const rows = [...items].reverse();
  return (
    // A native scroller that takes focus, so the table can be scrolled by keyboard on a phone.
    <Table.ScrollContainer
      minWidth={640}
      type="native"
      tabIndex={0}
      aria-label={t('channel.reseller.history')}
    >
      <Table striped verticalSpacing="sm" data-testid="reseller-history">
        <VisuallyHidden component="caption">{t('channel.reseller.history')}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('channel.reseller.partner')}</Table.Th>
            <Table.Th scope="col">{t('channel.reseller.from')}</Table.Th>
            <Table.Th scope="col">{t('channel.reseller.to')}</Table.Th>
            {operator && <Table.Th scope="col">{t('channel.reseller.changedBy')}</Table.Th>}
            <Table.Th scope="col">{t('channel.reseller.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((period) => (
            <Table.Tr key={period.id}>
              <Table.Td>
                <Group gap="xs">
                  <Text size="sm">{period.partner.name}</Text>
                  {period.current && (
                    <Badge variant="light" color="teal" radius="sm">
                      {t('channel.reseller.current')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{formatDateTime(period.validFrom, i18n.language, me.timeZone)}</Table.Td>
              <Table.Td>
                {period.validTo
                  ? formatDateTime(period.validTo, i18n.language, me.timeZone)
                  : t('channel.reseller.open')}
              </Table.Td>
              {operator && <Table.Td>{period.changedBy ?? t('common.none')}</Table.Td>}
              <Table.Td>
                {period.reason === 'initial' ? t('channel.reseller.initialReason') : period.reason}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ChangeResellerForm({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (reason: string) =>
      api.put(`/api/organisations/${org.id}/reseller-of-record`, {
        partnerId: partnerId === NONE ? null : partnerId,
        reason,
      }),
    onSuccess: () => {
      setPartnerId(null);
      return queryClient.invalidateQueries({ queryKey: ['organisations'] });
    },
  });
  const errorAt = useFieldErrors(change.error);
  return (
    <div>
      <Title order={3} size="h4" id="org-reseller-change" mb="sm">
        {t('channel.reseller.change')}
      </Title>
      <ReasonForm
        label={t('channel.reseller.reason')}
        description={t('channel.reseller.reasonHint')}
        submitLabel={t('channel.reseller.submit')}
        submitDisabled={partnerId === null}
        error={change.error}
        pending={change.isPending}
        onSubmit={(reason) => change.mutateAsync(reason)}
        onEdit={() => change.reset()}
        fields={['partnerId']}
        labelledBy="org-reseller-change"
      >
        <PartnerSelect
          label={t('channel.reseller.newPartner')}
          placeholder={t('channel.reseller.searchPartner')}
          required
          value={partnerId}
          onChange={(value) => {
            setPartnerId(value);
            change.reset();
          }}
          excludeId={org.resellerOfRecord?.id}
          extraOptions={[{ value: NONE, label: t('channel.reseller.noneOption') }]}
          error={errorAt('partnerId')}
        />
      </ReasonForm>
      {change.isSuccess && (
        <Text size="sm" c="teal.9" role="status" mt="sm">
          {t('channel.reseller.changed')}
        </Text>
      )}
    </div>
  );
}

const NONE = '__none__';

/** A customer's reseller of record with its history; operator_admin and channel_manager change it. */
export function ResellerOfRecordCard({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const me = useMe();
  const history = useQuery({
    queryKey: historyKey(org.id),
    queryFn: ({ signal }) =>
      api.get<{ items: ResellerOfRecordPeriod[] }>(
        `/api/organisations/${encodeURIComponent(org.id)}/reseller-of-record/history`,
        undefined,
        signal,
      ),
  });
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="org-reseller">
      <Title order={2} size="h3" id="org-reseller" mb="xs">
        {t('channel.reseller.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {audienceOf(me.roles) === 'partner'
          ? t('channel.reseller.introPartner')
          : t('channel.reseller.intro')}
      </Text>
      {history.isPending ? (
        <PageLoader />
      ) : history.isError ? (
        <ErrorAlert error={history.error} />
      ) : (
        <ResellerHistoryTable items={history.data.items} />
      )}
      {canChangeChannel(me.roles) && (
        <Stack mt="lg">
          <ChangeResellerForm org={org} />
        </Stack>
      )}
    </Card>
  );
}

function gradeName(grade: PartnerProfile['grade'], language: string): string | null {
  if (!grade) return null;
  return language.startsWith('en') ? grade.nameEn : grade.nameDe;
}

function ProfileFacts({ profile, org }: { profile: PartnerProfile; org: Organisation }) {
  const { t, i18n } = useTranslation();
  const people = useInfiniteQuery(peopleQuery(org.id));
  const names = new Map(
    (people.data?.pages.flatMap((p) => p.items) ?? []).map((person) => [person.id, person.name]),
  );
  const location = profile.location;
  return (
    <Facts
      items={[
        {
          label: t('channel.profile.status'),
          value: (
            <Badge
              variant="light"
              radius="sm"
              color={
                profile.status === 'active' ? 'teal' : profile.status === 'suspended' ? 'orange' : 'gray'
              }
            >
              {t(`channel.status.${profile.status}`)}
            </Badge>
          ),
        },
        {
          label: t('channel.profile.grade'),
          value: gradeName(profile.grade, i18n.language) ?? t('common.none'),
        },
        {
          label: t('channel.profile.capacity'),
          value:
            profile.capacity === null
              ? t('channel.profile.unlimited')
              : t('channel.profile.leads', { count: profile.capacity }),
        },
        {
          label: t('channel.profile.radius'),
          value: profile.serviceRadiusKm === null ? t('common.none') : `${profile.serviceRadiusKm} km`,
        },
        {
          label: t('channel.profile.productLines'),
          value:
            profile.productLines.length === 0 ? (
              t('common.none')
            ) : (
              <Group gap={4}>
                {profile.productLines.map((line) => (
                  <Badge key={line} variant="outline" radius="sm" tt="none">
                    {line}
                  </Badge>
                ))}
              </Group>
            ),
        },
        {
          label: t('channel.profile.leadContacts'),
          value:
            profile.leadContactIds.length === 0
              ? t('common.none')
              : profile.leadContactIds.map((id) => names.get(id) ?? id).join(', '),
        },
        {
          label: t('channel.profile.location'),
          value: location ? (
            <Group gap="xs">
              <Text size="sm" ff="monospace">
                {location.latitude.toFixed(4)}, {location.longitude.toFixed(4)}
              </Text>
              {location.approximate && (
                <Badge
                  variant="light"
                  color="yellow"
                  radius="sm"
                  title={t('channel.profile.approximateHint')}
                >
                  {t('channel.profile.approximate')}
                </Badge>
              )}
            </Group>
          ) : (
            t('channel.profile.noLocation')
          ),
        },
        {
          label: t('channel.profile.updatedAt'),
          value: profile.updatedAt
            ? formatDate(profile.updatedAt, i18n.language)
            : t('channel.profile.neverSaved'),
        },
      ]}
    />
  );
}

type ProfileForm = {
  status: PartnerStatus;
  gradeCode: string | null;
  capacity: number | string;
  serviceRadiusKm: number | string;
  productLines: string[];
  leadContactIds: string[];
};

const toNumberOrNull = (value: number | string): number | null =>
  value === '' || value === null ? null : Number(value);

function ProfileEditForm({
  profile,
  org,
  onDone,
}: {
  profile: PartnerProfile;
  org: Organisation;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const people = useInfiniteQuery(peopleQuery(org.id));
  const [form, setForm] = useState<ProfileForm>({
    status: profile.status,
    gradeCode: profile.grade?.code ?? null,
    capacity: profile.capacity ?? '',
    serviceRadiusKm: profile.serviceRadiusKm ?? '',
    productLines: profile.productLines,
    leadContactIds: profile.leadContactIds,
  });
  const save = useMutation({
    mutationFn: () =>
      api.put<PartnerProfile>(`/api/organisations/${org.id}/partner-profile`, {
        status: form.status,
        gradeCode: form.gradeCode,
        capacity: toNumberOrNull(form.capacity),
        serviceRadiusKm: toNumberOrNull(form.serviceRadiusKm),
        productLines: form.productLines,
        leadContactIds: form.leadContactIds,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['organisations'] });
      onDone();
    },
  });
  const set = <K extends keyof ProfileForm>(key: K, value: ProfileForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    save.reset();
  };
  const errorOf = useFieldErrors(save.error);
  const peopleOptions = (people.data?.pages.flatMap((p) => p.items) ?? []).map((person) => ({
    value: person.id,
    label: person.name,
  }));
  const fieldNames = ['status', 'gradeCode', 'capacity', 'serviceRadiusKm', 'productLines', 'leadContactIds'];
  const unplaced = isApiError(save.error) && !save.error.errors.some((e) => fieldNames.includes(e.field));
  return (
    <form
      aria-label={t('channel.profile.edit')}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm" maw={560}>
        <Select
          label={t('channel.profile.status')}
          data={PARTNER_STATUSES.map((s) => ({ value: s, label: t(`channel.status.${s}`) }))}
          value={form.status}
          onChange={(value) => value && set('status', value as PartnerStatus)}
          allowDeselect={false}
          error={errorOf('status')}
        />
        <Select
          label={t('channel.profile.grade')}
          data={GRADE_CODES.map((code) => ({ value: code, label: t(`channel.grades.${code}`) }))}
          value={form.gradeCode}
          onChange={(value) => set('gradeCode', value)}
          clearable
          error={errorOf('gradeCode')}
        />
        <Group grow align="flex-start">
          <NumberInput
            label={t('channel.profile.capacity')}
            description={t('channel.profile.capacityHint')}
            min={0}
            allowDecimal={false}
            value={form.capacity}
            onChange={(value) => set('capacity', value)}
            error={errorOf('capacity')}
          />
          <NumberInput
            label={t('channel.profile.radius')}
            suffix=" km"
            min={1}
            max={1000}
            allowDecimal={false}
            value={form.serviceRadiusKm}
            onChange={(value) => set('serviceRadiusKm', value)}
            error={errorOf('serviceRadiusKm')}
          />
        </Group>
        <TagsInput
          label={t('channel.profile.productLines')}
          description={t('channel.profile.productLinesHint')}
          value={form.productLines}
          onChange={(value) => set('productLines', value)}
          error={errorOf('productLines')}
        />
        <MultiSelect
          label={t('channel.profile.leadContacts')}
          data={peopleOptions}
          value={form.leadContactIds}
          onChange={(value) => set('leadContactIds', value)}
          searchable
          error={errorOf('leadContactIds')}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
        {unplaced && <ErrorAlert error={save.error} />}
      </Stack>
    </form>
  );
}

/** A partner's profile: operators read it, operator_admin and channel_manager edit it, the partner reads its own. */
export function PartnerProfileCard({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const profile = useQuery({
    queryKey: profileKey(org.id),
    queryFn: ({ signal }) =>
      api.get<PartnerProfile>(
        `/api/organisations/${encodeURIComponent(org.id)}/partner-profile`,
        undefined,
        signal,
      ),
  });
  const canEdit = canChangeChannel(me.roles);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="org-partner-profile">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h3" id="org-partner-profile">
          {t('channel.profile.title')}
        </Title>
        {canEdit && !editing && profile.isSuccess && (
          <Button variant="default" size="xs" onClick={() => setEditing(true)}>
            {t('channel.profile.edit')}
          </Button>
        )}
      </Group>
      {profile.isPending ? (
        <PageLoader />
      ) : profile.isError ? (
        <ErrorAlert error={profile.error} />
      ) : editing ? (
        <ProfileEditForm profile={profile.data} org={org} onDone={() => setEditing(false)} />
      ) : (
        <ProfileFacts profile={profile.data} org={org} />
      )}
    </Card>
  );
}
