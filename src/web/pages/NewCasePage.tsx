import {
  Anchor,
  Badge,
  Button,
  Card,
  CloseButton,
  Group,
  Radio,
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
import { type DragEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, uploadFile, withQuery } from '../api';
import type { Organisation, Page } from '../api-types';
import { useLooseT } from '../cases/CaseBadges';
import { allPeopleQuery, caseUrl } from '../cases/queries';
import type { CaseDetail, CaseType, Priority } from '../cases/types';
import { PORTAL_CASE_TYPES, PRIORITIES } from '../cases/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFieldErrors } from '../components/field-errors';
import { type Refusal, useUploadLimit } from '../components/upload-limit';
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
    // An invoice number is optional: without one, the request is matched to the customer's uninvoiced charges.
    invoice_request: [{ key: 'reference' }],
  };

/** How a report reaches an agent who records it by hand. */
const AGENT_CHANNELS = ['phone', 'email', 'on_site'] as const;

export function CustomerPicker({
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
  // Operator only: how the report reached the agent, and who at the customer reported it.
  const [channel, setChannel] = useState<(typeof AGENT_CHANNELS)[number]>('phone');
  const [contactId, setContactId] = useState<string | null>(null);
  const people = useQuery({
    ...allPeopleQuery(customerId ?? ''),
    enabled: audience === 'operator' && customerId !== null,
  });
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  // A partner may keep its description between itself and the operator (access data, its own assessment).
  const [descriptionVisibility, setDescriptionVisibility] = useState<'public' | 'partner'>('public');
  // The operator sets the priority; a customer or partner says how urgent it is for them, which
  // the case keeps as a fact (the server refuses a priority from them).
  const [urgency, setUrgency] = useState<Priority>('normal');
  const [facts, setFacts] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<File[]>([]);
  const [dragging, setDragging] = useState(false);
  const fileInputRef = useRef<HTMLInputElement>(null);
  // The case exists but a file did not arrive: say which, and lead to the case instead of losing it.
  const [uploadFailure, setUploadFailure] = useState<{ number: string; error: unknown } | null>(null);
  const limit = useUploadLimit();
  // A file past the limit is refused when chosen, before anything is sent (the server checks again).
  const [fileRefusal, setFileRefusal] = useState<Refusal | null>(null);

  const addFiles = (list: FileList | null) => {
    // Copied now: a FileList is live and empties when the input is reset.
    const added = list ? Array.from(list) : [];
    const refusal = limit.refusal(added);
    setFileRefusal(refusal);
    if (refusal === null && added.length > 0) setFiles((current) => [...current, ...added]);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  };

  /** Files go up once the case exists, then arrive together as one public message on it. */
  const attachFiles = async (created: CaseDetail) => {
    const ids: string[] = [];
    for (const file of files) {
      const uploaded = await uploadFile<{ id: string }>(
        withQuery(`${caseUrl(created.id)}/attachments`, {
          fileName: file.name,
          visibility: descriptionVisibility,
        }),
        file,
      );
      ids.push(uploaded.id);
    }
    await api.post(`${caseUrl(created.id)}/messages`, {
      body: t('cases.newCase.attachmentsMessage', { count: files.length }),
      visibility: descriptionVisibility,
      attachmentIds: ids,
    });
  };

  const create = useMutation({
    mutationFn: async () => {
      const created = await api.post<CaseDetail>('/api/cases', {
        type: type as CaseType,
        subject,
        description,
        ...(audience === 'partner' ? { descriptionVisibility } : {}),
        ...(audience !== 'customer' && customerId ? { customerId } : {}),
        ...(audience === 'operator' ? { priority: urgency, channel } : { urgency }),
        ...(audience === 'operator' && contactId ? { contactId } : {}),
        // Announced first: a file the upload would refuse refuses the case, so none is opened half.
        ...(files.length > 0 ? { attachments: files.map((f) => ({ fileName: f.name, size: f.size })) } : {}),
        facts: (type ? FACT_FIELDS[type] : [])
          .filter((f) => (facts[f.key] ?? '').trim() !== '')
          .map((f) => ({
            key: f.key,
            label: tt(`cases.newCase.fact.${f.key}`),
            value: (facts[f.key] ?? '').trim(),
          })),
      });
      if (files.length > 0) {
        try {
          await attachFiles(created);
        } catch (error) {
          setUploadFailure({ number: created.number, error });
          return null;
        }
      }
      return created;
    },
    onSuccess: (created) => {
      if (created) void navigate(`/cases/${created.number}`);
    },
  });

  const { errorAt, unplaced } = useFieldErrors(create.error, [
    'subject',
    'description',
    'attachments',
    'contactId',
    'channel',
  ]);
  const filesError = fileRefusal ? limit.say(fileRefusal) : errorAt('attachments');

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
          {PORTAL_CASE_TYPES.filter((key) => audience !== 'partner' || key !== 'invoice_request').map(
            (key) => (
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
            ),
          )}
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
            {audience !== 'customer' && (
              <CustomerPicker
                value={customerId}
                onChange={(id) => {
                  setCustomerId(id);
                  // A contact belongs to one customer: another customer clears it.
                  setContactId(null);
                }}
              />
            )}
            {audience === 'operator' && (
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <Select
                  label={t('cases.newCase.contact')}
                  description={
                    customerId ? t('cases.newCase.contactHint') : t('cases.newCase.contactNeedsCustomer')
                  }
                  searchable
                  clearable
                  disabled={!customerId}
                  value={contactId}
                  onChange={setContactId}
                  error={errorAt('contactId')}
                  data={(people.data ?? [])
                    .filter((p) => p.active)
                    .map((p) => ({ value: p.id, label: p.name }))}
                />
                <Radio.Group
                  label={t('cases.newCase.channel')}
                  value={channel}
                  onChange={(value) => setChannel(AGENT_CHANNELS.find((c) => c === value) ?? 'phone')}
                  error={errorAt('channel')}
                  data-testid="new-case-channel"
                >
                  <Group gap="lg" mt={6}>
                    {AGENT_CHANNELS.map((c) => (
                      <Radio key={c} value={c} label={t(`cases.channel.${c}`)} />
                    ))}
                  </Group>
                </Radio.Group>
              </SimpleGrid>
            )}
            <TextInput
              label={t('cases.newCase.subject')}
              description={t(`cases.newCase.subjectHint.${type}`)}
              value={subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
              error={errorAt('subject')}
              required
              minLength={3}
            />
            <Select
              label={t(audience === 'operator' ? 'cases.newCase.priority' : 'cases.newCase.urgency')}
              description={audience === 'operator' ? undefined : t('cases.newCase.urgencyHint')}
              value={urgency}
              onChange={(value) => setUrgency((value as Priority | null) ?? 'normal')}
              allowDeselect={false}
              data={PRIORITIES.map((p) => ({ value: p, label: t(`cases.priority.${p}`) }))}
              maw={320}
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
              error={errorAt('description')}
              required
              autosize
              minRows={5}
            />
            {audience === 'partner' && (
              <Radio.Group
                label={t('cases.newCase.descriptionVisibility')}
                description={t('cases.newCase.descriptionVisibilityHint')}
                value={descriptionVisibility}
                onChange={(value) => setDescriptionVisibility(value === 'partner' ? 'partner' : 'public')}
                data-testid="description-visibility"
              >
                <Group gap="lg" mt={6}>
                  <Radio value="public" label={t('cases.newCase.descriptionPublic')} />
                  <Radio value="partner" label={t('cases.newCase.descriptionPartner')} />
                </Group>
              </Radio.Group>
            )}
            {/* biome-ignore lint/a11y/noStaticElementInteractions: the button inside does the same by keyboard */}
            <div
              className={dragging ? 'cd-dropzone cd-dropzone--active' : 'cd-dropzone'}
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
              data-testid="new-case-dropzone"
            >
              <Group gap="sm">
                <input
                  ref={fileInputRef}
                  type="file"
                  multiple
                  hidden
                  aria-label={t('cases.newCase.attach')}
                  onChange={(e) => {
                    addFiles(e.currentTarget.files);
                    e.currentTarget.value = '';
                  }}
                />
                <Button variant="default" size="sm" onClick={() => fileInputRef.current?.click()}>
                  {t('cases.newCase.attach')}
                </Button>
                <Text size="sm" c="dimmed">
                  {t('cases.newCase.attachHint')} · <span data-testid="upload-limit">{limit.hint}</span>
                </Text>
              </Group>
              {filesError && (
                <Text size="sm" c="red.8" mt="xs" role="alert" data-testid="file-refusal">
                  {filesError}
                </Text>
              )}
              {files.length > 0 && (
                <Group gap="xs" mt="xs" role="list" aria-label={t('cases.newCase.attached')}>
                  {files.map((file, index) => (
                    <Badge
                      key={`${file.name}-${file.size}-${file.lastModified}`}
                      role="listitem"
                      variant="light"
                      size="lg"
                      tt="none"
                      rightSection={
                        <CloseButton
                          size="xs"
                          aria-label={t('cases.newCase.removeFile', { name: file.name })}
                          onClick={() => setFiles((current) => current.filter((_, i) => i !== index))}
                        />
                      }
                    >
                      {file.name}
                    </Badge>
                  ))}
                </Group>
              )}
            </div>
            {create.isError && unplaced && <ErrorAlert error={create.error} />}
            {uploadFailure && (
              <Stack gap={4}>
                <ErrorAlert error={uploadFailure.error} />
                <Text size="sm">
                  {t('cases.newCase.uploadFailed', { number: uploadFailure.number })}{' '}
                  <Anchor component={Link} to={`/cases/${uploadFailure.number}`}>
                    {t('cases.newCase.openCreated', { number: uploadFailure.number })}
                  </Anchor>
                </Text>
              </Stack>
            )}
            <Group>
              <Button
                type="submit"
                loading={create.isPending}
                disabled={(audience !== 'customer' && !customerId) || uploadFailure !== null}
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
