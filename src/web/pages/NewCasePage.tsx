import {
  Anchor,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api';
import type { Organisation, Page } from '../api-types';
import { useLooseT } from '../cases/CaseBadges';
import type { CaseDetail, CaseType } from '../cases/types';
import { PORTAL_CASE_TYPES } from '../cases/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePageTitle } from '../components/usePageTitle';
import { audienceOf } from '../roles';
import { useMe } from '../session';

/** The facts each kind of case asks for; they become the case's facts the customer can correct. */
export const FACT_FIELDS: Record<(typeof PORTAL_CASE_TYPES)[number], { key: string; required?: boolean }[]> =
  {
    complaint: [{ key: 'product', required: true }, { key: 'order_number' }, { key: 'desired_outcome' }],
    return: [
      { key: 'order_number', required: true },
      { key: 'product', required: true },
      { key: 'return_reason', required: true },
      { key: 'condition' },
    ],
    fault: [
      { key: 'device', required: true },
      { key: 'serial_number' },
      { key: 'fault_since' },
      { key: 'checks_done' },
    ],
    request: [{ key: 'topic', required: true }, { key: 'reference' }],
  };

function CustomerPicker({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const list = useQuery({
    queryKey: ['organisations', 'list', { q, kind: 'customer', picker: true }],
    queryFn: ({ signal }) =>
      api.get<Page<Organisation>>('/api/organisations', { q, kind: 'customer', limit: 50 }, signal),
  });
  return (
    <Select
      label={t('cases.newCase.customer')}
      description={t('cases.newCase.customerHint')}
      searchable
      required
      value={value}
      onChange={onChange}
      onSearchChange={setSearch}
      searchValue={search}
      filter={({ options }) => options}
      nothingFoundMessage={t('organisations.empty')}
      data={(list.data?.items ?? []).map((o) => ({ value: o.id, label: `${o.name} (${o.number})` }))}
    />
  );
}

export default function NewCasePage() {
  const { t } = useTranslation();
  const tt = useLooseT();
  const me = useMe();
  const audience = audienceOf(me.roles);
  const navigate = useNavigate();
  usePageTitle(t('cases.newCase.title'));
  const [type, setType] = useState<(typeof PORTAL_CASE_TYPES)[number] | null>(null);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [facts, setFacts] = useState<Record<string, string>>({});

  const create = useMutation({
    mutationFn: () =>
      api.post<CaseDetail>('/api/cases', {
        type: type as CaseType,
        subject,
        description,
        ...(audience !== 'customer' && customerId ? { customerId } : {}),
        facts: (type ? FACT_FIELDS[type] : [])
          .filter((f) => (facts[f.key] ?? '').trim() !== '')
          .map((f) => ({
            key: f.key,
            label: tt(`cases.newCase.fact.${f.key}`),
            value: (facts[f.key] ?? '').trim(),
          })),
      }),
    onSuccess: (created) => navigate(`/cases/${created.number}`),
  });

  return (
    <Stack gap="md" maw={820}>
      <div>
        <Anchor component={Link} to="/cases" size="sm">
          ← {t('cases.backToList')}
        </Anchor>
        <Title order={1} mt={4}>
          {t('cases.newCase.title')}
        </Title>
        <Text c="dimmed" mt={4}>
          {t(`cases.newCase.intro.${audience}`)}
        </Text>
      </div>
      <fieldset className="cd-fieldset">
        <legend>
          <Text fw={600}>{t('cases.newCase.whatKind')}</Text>
        </legend>
        <SimpleGrid
          cols={{ base: 1, sm: 2 }}
          spacing="sm"
          role="radiogroup"
          aria-label={t('cases.newCase.whatKind')}
        >
          {PORTAL_CASE_TYPES.map((key) => (
            <UnstyledButton
              key={key}
              role="radio"
              aria-checked={type === key}
              onClick={() => setType(key)}
              className="cd-type-card"
              data-checked={type === key || undefined}
            >
              <Card withBorder padding="md" className="cd-type-card__inner">
                <Text fw={600}>{t(`cases.type.${key}`)}</Text>
                <Text size="sm" c="dimmed">
                  {t(`cases.newCase.typeHint.${key}`)}
                </Text>
              </Card>
            </UnstyledButton>
          ))}
        </SimpleGrid>
      </fieldset>
      {type && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <Stack gap="sm">
            {audience !== 'customer' && <CustomerPicker value={customerId} onChange={setCustomerId} />}
            <TextInput
              label={t('cases.newCase.subject')}
              description={t(`cases.newCase.subjectHint.${type}`)}
              value={subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
              required
              minLength={3}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {FACT_FIELDS[type].map((field) => (
                <TextInput
                  key={field.key}
                  label={tt(`cases.newCase.fact.${field.key}`)}
                  description={tt(`cases.newCase.factHint.${field.key}`)}
                  value={facts[field.key] ?? ''}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setFacts((f) => ({ ...f, [field.key]: value }));
                  }}
                  required={field.required}
                />
              ))}
            </SimpleGrid>
            <Textarea
              label={t('cases.newCase.description')}
              description={t(`cases.newCase.descriptionHint.${type}`)}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              required
              autosize
              minRows={5}
            />
            <Text size="sm" c="dimmed">
              {t('cases.newCase.attachLater')}
            </Text>
            {create.isError && <ErrorAlert error={create.error} />}
            <Group>
              <Button
                type="submit"
                loading={create.isPending}
                disabled={audience !== 'customer' && !customerId}
              >
                {t('cases.newCase.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
