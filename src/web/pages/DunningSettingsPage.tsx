import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BILLING_ROLES } from '../../shared/roles';
import { api, isApiError } from '../api';
import { BillingProblem, useFieldErrors } from '../billing/problems';
import type { ChargeType } from '../billing/types';
import { Notice } from '../components/Notice';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { formatCents, parseEuroToCents } from '../money';
import { useMe } from '../session';
import { CHARGE_TYPES_KEY } from './ChargeTypesPage';
import NotFoundPage from './NotFoundPage';

type Level = { level: 1 | 2 | 3; days: number; feeCents: number };
type DunningSettings = {
  levels: Level[];
  blockLevel: 1 | 2 | 3 | null;
  feeChargeType: string;
  updatedAt: string | null;
};
type RunResult = {
  today: string;
  checked: number;
  feeChargeTypeUnusable: string | null;
  steps: {
    customerId: string;
    customerName: string;
    level: number;
    invoiceNumbers: string[];
    openCents: number;
    feeCents: number;
    blocked: boolean;
  }[];
};

const SETTINGS_KEY = ['billing', 'dunning-settings'];
const FIELDS = ['levels', 'blockLevel', 'feeChargeType'] as const;

/** Cents as the text a person edits: "5,00" in German, "5.00" in English. */
const centsToInput = (cents: number, language: string) =>
  `${Math.floor(cents / 100)}${language === 'de' ? ',' : '.'}${String(cents % 100).padStart(2, '0')}`;

type Draft = { days: number[]; fees: string[]; blockLevel: string; feeChargeType: string };

function SettingsForm({ settings, types }: { settings: DunningSettings; types: ChargeType[] }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => ({
    days: settings.levels.map((l) => l.days),
    fees: settings.levels.map((l) => centsToInput(l.feeCents, i18n.language)),
    blockLevel: settings.blockLevel === null ? 'never' : String(settings.blockLevel),
    feeChargeType: settings.feeChargeType,
  }));
  const [checked, setChecked] = useState(false);
  const [saved, setSaved] = useState(false);
  const fees = draft.fees.map((fee) => parseEuroToCents(fee));
  const save = useMutation({
    mutationFn: () =>
      api.put<DunningSettings>('/api/billing/dunning-settings', {
        levels: [1, 2, 3].map((level, index) => ({
          level,
          days: draft.days[index] ?? 0,
          feeCents: fees[index] ?? 0,
        })),
        blockLevel: draft.blockLevel === 'never' ? null : Number(draft.blockLevel),
        feeChargeType: draft.feeChargeType,
      }),
    onSuccess: (data) => {
      queryClient.setQueryData(SETTINGS_KEY, data);
      setSaved(true);
    },
  });
  const { errorAt, unplaced } = useFieldErrors(save.error, FIELDS);
  const typeOptions = types
    .filter((type) => type.active || type.code === draft.feeChargeType)
    .map((type) => ({
      value: type.code,
      label: `${i18n.language === 'de' ? type.nameDe : type.nameEn} (${type.code})`,
    }));
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="dunning-levels">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setChecked(true);
          setSaved(false);
          if (fees.some((fee) => fee === null)) return;
          save.mutate();
        }}
      >
        <Stack gap="md">
          <Title order={2} size="h3" id="dunning-levels">
            {t('billing.dunningPage.levelsTitle')}
          </Title>
          {settings.updatedAt === null && <Text c="dimmed">{t('billing.dunningPage.defaults')}</Text>}
          {[0, 1, 2].map((index) => (
            <Paper key={index} withBorder p="sm" radius="md">
              <Text fw={600} mb="xs">
                {t('billing.dunningPage.level')} {index + 1}:{' '}
                {t(`billing.dunning.${index + 1}`, { defaultValue: String(index + 1) })}
              </Text>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                <NumberInput
                  label={index === 0 ? t('billing.dunningPage.days1') : t('billing.dunningPage.daysN')}
                  min={0}
                  max={365}
                  allowDecimal={false}
                  value={draft.days[index]}
                  onChange={(value) =>
                    setDraft((d) => ({
                      ...d,
                      days: d.days.map((x, i) => (i === index ? Number(value) || 0 : x)),
                    }))
                  }
                  error={errorAt(`levels.${index}.days`)}
                />
                <TextInput
                  label={t('billing.dunningPage.fee')}
                  inputMode="decimal"
                  rightSection="€"
                  value={draft.fees[index]}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setDraft((d) => ({ ...d, fees: d.fees.map((x, i) => (i === index ? value : x)) }));
                  }}
                  error={
                    checked && fees[index] === null
                      ? t('billing.charge.amountInvalid')
                      : errorAt(`levels.${index}.feeCents`)
                  }
                />
              </SimpleGrid>
            </Paper>
          ))}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={t('billing.dunningPage.blockLevel')}
              data={[
                ...[1, 2, 3].map((level) => ({
                  value: String(level),
                  label: t(`billing.dunning.${level}`, { defaultValue: String(level) }),
                })),
                { value: 'never', label: t('billing.dunningPage.never') },
              ]}
              value={draft.blockLevel}
              onChange={(value) => setDraft((d) => ({ ...d, blockLevel: value ?? 'never' }))}
              allowDeselect={false}
              error={errorAt('blockLevel')}
            />
            <Select
              label={t('billing.dunningPage.feeType')}
              description={t('billing.dunningPage.feeTypeHint')}
              data={typeOptions}
              value={draft.feeChargeType}
              onChange={(value) => setDraft((d) => ({ ...d, feeChargeType: value ?? d.feeChargeType }))}
              allowDeselect={false}
              error={errorAt('feeChargeType')}
            />
          </SimpleGrid>
          {unplaced && <BillingProblem error={save.error} />}
          {saved && <Notice onClose={() => setSaved(false)}>{t('billing.dunningPage.saved')}</Notice>}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('billing.dunningPage.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function RunCard() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: () => api.post<RunResult>('/api/billing/dunning/run', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['billing'] }),
  });
  const money = (cents: number) => formatCents(cents, i18n.language);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="dunning-run">
      <Stack gap="md">
        <Title order={2} size="h3" id="dunning-run">
          {t('billing.dunningPage.runTitle')}
        </Title>
        <Text c="dimmed">{t('billing.dunningPage.runIntro')}</Text>
        <Group>
          <Button onClick={() => run.mutate()} loading={run.isPending}>
            {t('billing.dunningPage.run')}
          </Button>
        </Group>
        {run.isError && <BillingProblem error={run.error} />}
        {run.data && (
          <div role="status" data-testid="dunning-run-result">
            <Text fw={600}>
              {run.data.steps.length === 0
                ? t('billing.dunningPage.runNone')
                : t('billing.dunningPage.runResult', {
                    checked: run.data.checked,
                    count: run.data.steps.length,
                  })}
            </Text>
            {run.data.feeChargeTypeUnusable !== null && (
              <Alert color="orange" mt="sm" data-testid="dunning-fee-unusable">
                {t('billing.dunningPage.feeTypeUnusable', { code: run.data.feeChargeTypeUnusable })}
              </Alert>
            )}
            {run.data.steps.length > 0 && (
              <Table.ScrollContainer minWidth={520} mt="sm">
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('billing.dunningPage.customer')}</Table.Th>
                      <Table.Th>{t('billing.dunningPage.level')}</Table.Th>
                      <Table.Th>{t('billing.dunningPage.invoices')}</Table.Th>
                      <Table.Th ta="right">{t('billing.dunningPage.open')}</Table.Th>
                      <Table.Th ta="right">{t('billing.dunningPage.fee')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {run.data.steps.map((step) => (
                      <Table.Tr key={step.customerId}>
                        <Table.Td>{step.customerName}</Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            {t(`billing.dunning.${step.level}`, { defaultValue: String(step.level) })}
                            {step.blocked && (
                              <Badge color="red" size="sm">
                                {t('billing.dunningPage.blocks')}
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td ff="monospace">{step.invoiceNumbers.join(', ')}</Table.Td>
                        <Table.Td ta="right">{money(step.openCents)}</Table.Td>
                        <Table.Td ta="right">{money(step.feeCents)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </div>
        )}
      </Stack>
    </Card>
  );
}

/** /billing/dunning: dunning levels, fees, the block level and the run button (billing roles). */
export default function DunningSettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  usePageTitle(t('billing.dunningPage.title'));
  const allowed = me.roles.some((role) => BILLING_ROLES.includes(role));
  const settings = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => api.get<DunningSettings>('/api/billing/dunning-settings', undefined, signal),
    enabled: allowed,
  });
  const types = useQuery({
    queryKey: CHARGE_TYPES_KEY,
    queryFn: ({ signal }) => api.get<{ items: ChargeType[] }>('/api/billing/charge-types', undefined, signal),
    enabled: allowed,
  });
  if (!allowed || isApiError(settings.error, 403)) return <NotFoundPage />;
  return (
    <Stack gap="lg" maw={900}>
      <div>
        <Title order={1}>{t('billing.dunningPage.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('billing.dunningPage.intro')}
        </Text>
      </div>
      {settings.isPending || types.isPending ? (
        <PageLoader />
      ) : settings.isError ? (
        <BillingProblem error={settings.error} />
      ) : (
        <SettingsForm settings={settings.data} types={types.data?.items ?? []} />
      )}
      <RunCard />
    </Stack>
  );
}
