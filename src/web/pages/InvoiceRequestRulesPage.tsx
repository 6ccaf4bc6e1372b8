import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Card,
  Group,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api';
import { BillingProblem, useFieldErrors } from '../billing/problems';
import { Notice } from '../components/Notice';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { canKeepBooks } from '../roles';
import { useMe } from '../session';
import NotFoundPage from './NotFoundPage';

/** A keyword rule as the API returns it. */
export type InvoiceRequestRule = {
  id: string;
  name: string;
  wordGroups: string[][];
  active: boolean;
  position: number;
  createdAt: string;
  updatedAt: string;
};

const RULES_KEY = ['billing', 'invoice-request-rules'];
const PATH = '/api/billing/invoice-request-rules';
const FIELDS = ['name', 'wordGroups', 'active', 'position'] as const;

// A group is typed as one line of words separated by commas ("Rechnung, Rechnungen, Invoice"):
// short enough for a phone, and the comma never occurs inside a keyword.
type Draft = { name: string; groups: string[]; active: boolean; position: number | '' };

const splitWords = (line: string) =>
  line
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w.length > 0);

function RuleForm({
  editing,
  onDone,
}: {
  editing: InvoiceRequestRule | null;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(
    editing
      ? {
          name: editing.name,
          groups: editing.wordGroups.map((g) => g.join(', ')),
          active: editing.active,
          position: editing.position,
        }
      : { name: '', groups: ['', ''], active: true, position: '' },
  );
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: draft.name,
        // Empty lines are left out; an empty rule is refused by the server at its field.
        wordGroups: draft.groups.map(splitWords).filter((g) => g.length > 0),
        active: draft.active,
        ...(draft.position === '' ? {} : { position: draft.position }),
      };
      return editing
        ? api.patch<InvoiceRequestRule>(`${PATH}/${editing.id}`, body)
        : api.post<InvoiceRequestRule>(PATH, body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: RULES_KEY });
      onDone(true);
    },
  });
  const { errorAt, unplaced } = useFieldErrors(save.error, FIELDS);
  const change = (next: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...next }));
    save.reset();
  };
  const groupsError = errorAt('wordGroups');
  const title = editing
    ? t('billing.invoiceRequestRules.edit', { name: editing.name })
    : t('billing.invoiceRequestRules.add');
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="rule-form">
      <Title order={2} size="h3" id="rule-form" mb="md">
        {title}
      </Title>
      <form
        aria-labelledby="rule-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="md">
          <TextInput
            label={t('billing.invoiceRequestRules.name')}
            required
            maw={480}
            value={draft.name}
            onChange={(e) => change({ name: e.currentTarget.value })}
            error={errorAt('name')}
          />
          <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
            <Text component="legend" fw={500} size="sm">
              {t('billing.invoiceRequestRules.groups')}
            </Text>
            <Text size="xs" c="dimmed" mb="xs">
              {t('billing.invoiceRequestRules.groupsHint')}
            </Text>
            <Stack gap="xs">
              {draft.groups.map((line, index) => (
                <Group
                  // biome-ignore lint/suspicious/noArrayIndexKey: the lines have no identity but their place
                  key={index}
                  gap="xs"
                  wrap="nowrap"
                  align="flex-start"
                >
                  <TextInput
                    style={{ flex: 1 }}
                    label={t('billing.invoiceRequestRules.group', { number: index + 1 })}
                    description={index > 0 ? t('billing.invoiceRequestRules.andAlso') : undefined}
                    placeholder={
                      index === 0
                        ? 'Rechnung, Rechnungen, Invoice'
                        : 'anfordern, benötige, fehlt, senden, send, need'
                    }
                    value={line}
                    onChange={(e) => {
                      const groups = [...draft.groups];
                      groups[index] = e.currentTarget.value;
                      change({ groups });
                    }}
                    error={errorAt(`wordGroups.${index}`)}
                  />
                  {draft.groups.length > 1 && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="lg"
                      mt={index > 0 ? 44 : 26}
                      aria-label={t('billing.invoiceRequestRules.removeGroup', { number: index + 1 })}
                      title={t('billing.invoiceRequestRules.removeGroup', { number: index + 1 })}
                      onClick={() => change({ groups: draft.groups.filter((_, i) => i !== index) })}
                    >
                      <span aria-hidden="true">✕</span>
                    </ActionIcon>
                  )}
                </Group>
              ))}
              {groupsError && !draft.groups.some((_, i) => errorAt(`wordGroups.${i}`)) && (
                <Text size="sm" c="red.8" role="alert">
                  {groupsError}
                </Text>
              )}
              <Group>
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => change({ groups: [...draft.groups, ''] })}
                  disabled={draft.groups.length >= 10}
                >
                  {t('billing.invoiceRequestRules.addGroup')}
                </Button>
              </Group>
            </Stack>
          </fieldset>
          <NumberInput
            label={t('billing.invoiceRequestRules.position')}
            description={t('billing.invoiceRequestRules.positionHint')}
            maw={200}
            min={0}
            max={100000}
            allowDecimal={false}
            value={draft.position}
            onChange={(value) => change({ position: typeof value === 'number' ? value : '' })}
            error={errorAt('position')}
          />
          <Switch
            label={t('billing.invoiceRequestRules.active')}
            description={t('billing.invoiceRequestRules.activeHint')}
            checked={draft.active}
            onChange={(e) => change({ active: e.currentTarget.checked })}
          />
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
            <Button variant="default" onClick={() => onDone(false)}>
              {t('common.cancel')}
            </Button>
          </Group>
          {save.isError && unplaced && <BillingProblem error={save.error} />}
        </Stack>
      </form>
    </Card>
  );
}

/** The rule's groups as people read them: "Rechnung / Invoice" + "fehlt / send". */
function RuleWords({ rule }: { rule: InvoiceRequestRule }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      {rule.wordGroups.map((group, index) => (
        <Text
          // biome-ignore lint/suspicious/noArrayIndexKey: groups are shown in their stored order
          key={index}
          size="sm"
        >
          {index > 0 && (
            <Text span c="dimmed" size="xs" mr={4}>
              {t('billing.invoiceRequestRules.and')}
            </Text>
          )}
          {group.join(' · ')}
        </Text>
      ))}
    </Stack>
  );
}

function RuleStatus({ rule }: { rule: InvoiceRequestRule }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={rule.active ? 'teal' : 'gray'} style={{ minWidth: 'max-content' }}>
      {rule.active ? t('billing.invoiceRequestRules.isActive') : t('billing.invoiceRequestRules.inactive')}
    </Badge>
  );
}

/**
 * /billing/invoice-request-rules: the keyword rules that make a customer's mail an invoice
 * request, which the system then answers with the invoices (billing roles).
 */
export default function InvoiceRequestRulesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  usePageTitle(t('billing.invoiceRequestRules.title'));
  const allowed = canKeepBooks(me.roles);
  const [editing, setEditing] = useState<InvoiceRequestRule | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rules = useQuery({
    queryKey: RULES_KEY,
    queryFn: ({ signal }) => api.get<{ items: InvoiceRequestRule[] }>(PATH, undefined, signal),
    enabled: allowed,
  });
  const toggle = useMutation({
    mutationFn: (rule: InvoiceRequestRule) =>
      api.patch<InvoiceRequestRule>(`${PATH}/${rule.id}`, { active: !rule.active }),
    onSuccess: async (rule) => {
      await queryClient.invalidateQueries({ queryKey: RULES_KEY });
      setNotice(
        t(rule.active ? 'billing.invoiceRequestRules.activated' : 'billing.invoiceRequestRules.deactivated', {
          name: rule.name,
        }),
      );
    },
  });
  const remove = useMutation({
    mutationFn: (rule: InvoiceRequestRule) => api.delete(`${PATH}/${rule.id}`).then(() => rule),
    onSuccess: async (rule) => {
      await queryClient.invalidateQueries({ queryKey: RULES_KEY });
      setNotice(t('billing.invoiceRequestRules.deleted', { name: rule.name }));
    },
  });
  if (!allowed || isApiError(rules.error, 403)) return <NotFoundPage />;

  const actions = (rule: InvoiceRequestRule) => (
    <Group gap="xs" wrap="wrap">
      <Button
        size="xs"
        variant="default"
        aria-label={t('billing.invoiceRequestRules.edit', { name: rule.name })}
        onClick={() => {
          setNotice(null);
          setEditing(rule);
        }}
      >
        {t('billing.edit')}
      </Button>
      <Button
        size="xs"
        variant="default"
        loading={toggle.isPending && toggle.variables?.id === rule.id}
        aria-label={t(
          rule.active
            ? 'billing.invoiceRequestRules.deactivateNamed'
            : 'billing.invoiceRequestRules.activateNamed',
          { name: rule.name },
        )}
        onClick={() => toggle.mutate(rule)}
      >
        {rule.active
          ? t('billing.invoiceRequestRules.deactivate')
          : t('billing.invoiceRequestRules.activate')}
      </Button>
      <Button
        size="xs"
        variant="subtle"
        color="red"
        loading={remove.isPending && remove.variables?.id === rule.id}
        aria-label={t('billing.invoiceRequestRules.deleteNamed', { name: rule.name })}
        onClick={() => {
          if (window.confirm(t('billing.invoiceRequestRules.confirmDelete', { name: rule.name })))
            remove.mutate(rule);
        }}
      >
        {t('billing.invoiceRequestRules.delete')}
      </Button>
    </Group>
  );

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        {/* The German title is one long compound; its soft hyphen lets it break on a phone. */}
        <Title order={1} style={{ hyphens: 'manual' }}>
          {t('billing.invoiceRequestRules.title')}
        </Title>
        <Text c="dimmed" mt={4}>
          {t('billing.invoiceRequestRules.intro')}
        </Text>
      </div>
      {notice && <Notice onClose={() => setNotice(null)}>{notice}</Notice>}
      {(toggle.isError || remove.isError) && <BillingProblem error={toggle.error ?? remove.error} />}
      {editing !== null && (
        <RuleForm
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? null : editing}
          onDone={(saved) => {
            setEditing(null);
            if (saved) setNotice(t('billing.invoiceRequestRules.saved'));
          }}
        />
      )}
      {editing === null && (
        <Group>
          <Button onClick={() => setEditing('new')}>{t('billing.invoiceRequestRules.add')}</Button>
        </Group>
      )}
      <Card withBorder padding="lg" component="section">
        {rules.isPending ? (
          <PageLoader />
        ) : rules.isError ? (
          <BillingProblem error={rules.error} />
        ) : rules.data.items.length === 0 ? (
          <Text c="dimmed">{t('billing.invoiceRequestRules.none')}</Text>
        ) : (
          <>
            <Stack
              gap="xs"
              hiddenFrom="sm"
              component="ul"
              p={0}
              m={0}
              style={{ listStyle: 'none' }}
              aria-label={t('billing.invoiceRequestRules.title')}
            >
              {rules.data.items.map((rule) => (
                <Paper component="li" key={rule.id} withBorder p="sm" radius="md">
                  <Group justify="space-between" wrap="nowrap" align="flex-start" mb={4}>
                    <Text size="sm" fw={600}>
                      {rule.name}
                    </Text>
                    <RuleStatus rule={rule} />
                  </Group>
                  <RuleWords rule={rule} />
                  <Box mt="xs">{actions(rule)}</Box>
                </Paper>
              ))}
            </Stack>
            <Box visibleFrom="sm">
              <Table.ScrollContainer
                minWidth={640}
                type="native"
                tabIndex={0}
                aria-label={t('billing.invoiceRequestRules.title')}
              >
                <Table striped verticalSpacing="sm">
                  <VisuallyHidden component="caption">
                    {t('billing.invoiceRequestRules.title')}
                  </VisuallyHidden>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('billing.invoiceRequestRules.position')}</Table.Th>
                      <Table.Th scope="col">{t('billing.invoiceRequestRules.name')}</Table.Th>
                      <Table.Th scope="col">{t('billing.invoiceRequestRules.groups')}</Table.Th>
                      <Table.Th scope="col">{t('billing.invoiceRequestRules.status')}</Table.Th>
                      <Table.Th scope="col">
                        <VisuallyHidden>{t('billing.invoiceRequestRules.actions')}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rules.data.items.map((rule) => (
                      <Table.Tr key={rule.id}>
                        <Table.Td>{rule.position}</Table.Td>
                        <Table.Td>{rule.name}</Table.Td>
                        <Table.Td>
                          <RuleWords rule={rule} />
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <RuleStatus rule={rule} />
                        </Table.Td>
                        <Table.Td>{actions(rule)}</Table.Td>
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
