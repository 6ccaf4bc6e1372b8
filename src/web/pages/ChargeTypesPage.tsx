import {
  Badge,
  Box,
  Button,
  Card,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VAT_TREATMENT_RULES, VAT_TREATMENTS, type VatTreatment } from '../../shared/billing';
import { BILLING_ROLES } from '../../shared/roles';
import { api, isApiError } from '../api';
import { formatRate, MONO_INPUT } from '../billing/money';
import { BillingProblem, useFieldErrors } from '../billing/problems';
import type { ChargeType } from '../billing/types';
import { Notice } from '../components/Notice';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { useMe } from '../session';
import NotFoundPage from './NotFoundPage';

export const CHARGE_TYPES_KEY = ['billing', 'charge-types'];
const FIELDS = ['code', 'nameDe', 'nameEn', 'vatTreatment', 'exemptionNote', 'active'] as const;
type Draft = {
  code: string;
  nameDe: string;
  nameEn: string;
  vatTreatment: VatTreatment;
  exemptionNote: string;
  active: boolean;
};
const EMPTY: Draft = {
  code: '',
  nameDe: '',
  nameEn: '',
  vatTreatment: 'standard',
  exemptionNote: '',
  active: true,
};

/** "19 %", "7 %" or the treatment's name: what an accountant reads in the list. */
export function useTreatmentLabel() {
  const { t, i18n } = useTranslation();
  return (treatment: VatTreatment) => {
    const rate = VAT_TREATMENT_RULES[treatment].rateBasisPoints;
    return rate > 0
      ? t('billing.treatments.taxed', { rate: formatRate(rate, i18n.language) })
      : t(`billing.treatments.${treatment}`);
  };
}

function ChargeTypeForm({ editing, onDone }: { editing: ChargeType | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const treatmentLabel = useTreatmentLabel();
  const [draft, setDraft] = useState<Draft>(
    editing ? { ...editing, exemptionNote: editing.exemptionNote ?? '' } : EMPTY,
  );
  const save = useMutation({
    mutationFn: () => {
      const body = {
        nameDe: draft.nameDe,
        nameEn: draft.nameEn,
        vatTreatment: draft.vatTreatment,
        exemptionNote: draft.vatTreatment === 'exempt' ? draft.exemptionNote : null,
        active: draft.active,
      };
      const path = `/api/billing/charge-types/${encodeURIComponent(editing?.code ?? draft.code.trim())}`;
      return editing ? api.patch<ChargeType>(path, body) : api.post<ChargeType>(path, body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: CHARGE_TYPES_KEY });
      onDone();
    },
  });
  const { errorAt, unplaced } = useFieldErrors(save.error, FIELDS);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    save.reset();
  };
  const title = editing
    ? t('billing.chargeTypes.edit', { code: editing.code })
    : t('billing.chargeTypes.add');
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="charge-type-form">
      <Title order={2} size="h3" id="charge-type-form" mb="md">
        {title}
      </Title>
      <form
        aria-labelledby="charge-type-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <TextInput
              label={t('billing.chargeTypes.code')}
              description={t('billing.chargeTypes.codeHint')}
              required
              disabled={editing !== null}
              value={draft.code}
              onChange={(e) => set('code', e.currentTarget.value)}
              error={errorAt('code')}
              styles={MONO_INPUT}
            />
            <TextInput
              label={t('billing.chargeTypes.nameDe')}
              required
              value={draft.nameDe}
              onChange={(e) => set('nameDe', e.currentTarget.value)}
              error={errorAt('nameDe')}
            />
            <TextInput
              label={t('billing.chargeTypes.nameEn')}
              required
              value={draft.nameEn}
              onChange={(e) => set('nameEn', e.currentTarget.value)}
              error={errorAt('nameEn')}
            />
          </SimpleGrid>
          <Select
            label={t('billing.chargeTypes.vatTreatment')}
            required
            allowDeselect={false}
            maw={360}
            data={VAT_TREATMENTS.map((value) => ({ value, label: treatmentLabel(value) }))}
            value={draft.vatTreatment}
            onChange={(value) => value && set('vatTreatment', value as VatTreatment)}
            error={errorAt('vatTreatment')}
          />
          {draft.vatTreatment === 'exempt' && (
            <Textarea
              label={t('billing.chargeTypes.exemptionNote')}
              description={t('billing.chargeTypes.exemptionNoteHint')}
              required
              autosize
              value={draft.exemptionNote}
              onChange={(e) => set('exemptionNote', e.currentTarget.value)}
              error={errorAt('exemptionNote')}
            />
          )}
          <Switch
            label={t('billing.chargeTypes.active')}
            description={t('billing.chargeTypes.activeHint')}
            checked={draft.active}
            onChange={(e) => set('active', e.currentTarget.checked)}
          />
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
          </Group>
          {save.isError && unplaced && <BillingProblem error={save.error} />}
        </Stack>
      </form>
    </Card>
  );
}

/** /billing/charge-types: what a customer can be charged and how each is taxed (billing roles). */
export default function ChargeTypesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  usePageTitle(t('billing.chargeTypes.title'));
  const treatmentLabel = useTreatmentLabel();
  const allowed = me.roles.some((role) => BILLING_ROLES.includes(role));
  const [editing, setEditing] = useState<ChargeType | 'new' | null>(null);
  const [saved, setSaved] = useState(false);
  const types = useQuery({
    queryKey: CHARGE_TYPES_KEY,
    queryFn: ({ signal }) => api.get<{ items: ChargeType[] }>('/api/billing/charge-types', undefined, signal),
    enabled: allowed,
  });
  if (!allowed || isApiError(types.error, 403)) return <NotFoundPage />;
  const name = (type: ChargeType) => (i18n.language === 'de' ? type.nameDe : type.nameEn);
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('billing.chargeTypes.title')}</Title>
        <Text c="dimmed" mt={4}>
          {t('billing.chargeTypes.intro')}
        </Text>
      </div>
      {saved && <Notice onClose={() => setSaved(false)}>{t('billing.chargeTypes.saved')}</Notice>}
      {editing !== null && (
        <ChargeTypeForm
          key={editing === 'new' ? 'new' : editing.code}
          editing={editing === 'new' ? null : editing}
          onDone={() => {
            setEditing(null);
            setSaved(true);
          }}
        />
      )}
      {editing === null && (
        <Group>
          <Button onClick={() => setEditing('new')}>{t('billing.chargeTypes.add')}</Button>
        </Group>
      )}
      <Card withBorder padding="lg" component="section">
        {types.isPending ? (
          <PageLoader />
        ) : types.isError ? (
          <BillingProblem error={types.error} />
        ) : (
          <>
            <Stack
              gap="xs"
              hiddenFrom="sm"
              component="ul"
              p={0}
              m={0}
              style={{ listStyle: 'none' }}
              aria-label={t('billing.chargeTypes.title')}
            >
              {types.data.items.map((type) => (
                <Paper component="li" key={type.code} withBorder p="sm" radius="md">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <div>
                      <Text size="sm" fw={600}>
                        {name(type)}
                      </Text>
                      <Text size="xs" ff="monospace">
                        {type.code}
                      </Text>
                    </div>
                    <Badge variant="light" color={type.active ? 'teal' : 'gray'}>
                      {type.active ? t('billing.chargeTypes.isActive') : t('billing.chargeTypes.inactive')}
                    </Badge>
                  </Group>
                  <Text size="sm" mt={4}>
                    {treatmentLabel(type.vatTreatment)} ({type.vatCategory})
                  </Text>
                  {type.exemptionNote && (
                    <Text size="xs" c="dimmed">
                      {type.exemptionNote}
                    </Text>
                  )}
                  <Button
                    size="xs"
                    variant="default"
                    mt="xs"
                    aria-label={t('billing.chargeTypes.edit', { code: type.code })}
                    onClick={() => {
                      setSaved(false);
                      setEditing(type);
                    }}
                  >
                    {t('billing.edit')}
                  </Button>
                </Paper>
              ))}
            </Stack>
            <Box visibleFrom="sm">
              <Table.ScrollContainer
                minWidth={640}
                type="native"
                tabIndex={0}
                aria-label={t('billing.chargeTypes.title')}
              >
                <Table striped verticalSpacing="sm">
                  <VisuallyHidden component="caption">{t('billing.chargeTypes.title')}</VisuallyHidden>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('billing.chargeTypes.name')}</Table.Th>
                      <Table.Th scope="col">{t('billing.chargeTypes.code')}</Table.Th>
                      <Table.Th scope="col">{t('billing.chargeTypes.vatTreatment')}</Table.Th>
                      <Table.Th scope="col">{t('billing.chargeTypes.status')}</Table.Th>
                      <Table.Th scope="col">
                        <VisuallyHidden>{t('billing.chargeTypes.actions')}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {types.data.items.map((type) => (
                      <Table.Tr key={type.code}>
                        <Table.Td>{name(type)}</Table.Td>
                        <Table.Td ff="monospace">{type.code}</Table.Td>
                        <Table.Td>
                          <Text size="sm">
                            {treatmentLabel(type.vatTreatment)} ({type.vatCategory})
                          </Text>
                          {type.exemptionNote && (
                            <Text size="xs" c="dimmed">
                              {type.exemptionNote}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={type.active ? 'teal' : 'gray'}>
                            {type.active
                              ? t('billing.chargeTypes.isActive')
                              : t('billing.chargeTypes.inactive')}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Button
                            size="xs"
                            variant="default"
                            aria-label={t('billing.chargeTypes.edit', { code: type.code })}
                            onClick={() => {
                              setSaved(false);
                              setEditing(type);
                            }}
                          >
                            {t('billing.edit')}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Box>
          </>
        )}
      </Card>
    </Stack>
  );
}
