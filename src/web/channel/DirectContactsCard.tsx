import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Radio,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DIRECT_CONTACT_KINDS,
  type DirectContactClearance,
  type DirectContactKind,
  PROTECTION_SOURCES,
  type ProtectionSource,
} from '../../shared/channel';
import { api, isApiError } from '../api';
import type { Organisation, Role } from '../api-types';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { useFormat } from '../session';
import { directContactsQuery } from './api';
import { useFieldErrors } from './common';
import type { DirectContact, NewDirectContact } from './types';

/** Who records and reads direct contacts (as the API allows). */
export function canRecordDirectContacts(roles: readonly Role[]): boolean {
  return roles.some((role) => role === 'operator_admin' || role === 'channel_manager' || role === 'agent');
}

/** What a 409 of a refused direct offer tells: the protecting partner and what protects it. */
export function refusal(
  error: unknown,
): { code: string; partner: string; sources: ProtectionSource[] } | null {
  if (!isApiError(error, 409)) return null;
  if (error.code !== 'direct_offer_blocked' && error.code !== 'direct_offer_clearance_refused') return null;
  const partner = error.body.partner as { name?: unknown } | undefined;
  const sources = Array.isArray(error.body.protections)
    ? (error.body.protections as unknown[]).filter((s): s is ProtectionSource =>
        PROTECTION_SOURCES.includes(s as ProtectionSource),
      )
    : [];
  return {
    code: error.code,
    partner: typeof partner?.name === 'string' ? partner.name : '',
    sources,
  };
}

function ContactsTable({ items }: { items: DirectContact[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (items.length === 0) return <Text c="dimmed">{t('directContacts.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={720} type="native" tabIndex={0} aria-label={t('directContacts.list')}>
      <Table striped verticalSpacing="sm" fz="sm">
        <VisuallyHidden component="caption">{t('directContacts.list')}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('directContacts.when')}</Table.Th>
            <Table.Th scope="col">{t('directContacts.kind')}</Table.Th>
            <Table.Th scope="col">{t('directContacts.note')}</Table.Th>
            <Table.Th scope="col">{t('directContacts.who')}</Table.Th>
            <Table.Th scope="col">{t('directContacts.protectingPartner')}</Table.Th>
            <Table.Th scope="col">{t('directContacts.clearance')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((contact) => (
            <Table.Tr key={contact.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(contact.createdAt)}</Table.Td>
              <Table.Td>
                <Badge
                  miw="max-content"
                  variant="light"
                  radius="sm"
                  tt="none"
                  color={contact.kind === 'offer' ? 'blue' : 'gray'}
                >
                  {t(`directContacts.kinds.${contact.kind}`)}
                </Badge>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{contact.note}</Table.Td>
              <Table.Td>{contact.createdBy?.name ?? t('common.none')}</Table.Td>
              <Table.Td>{contact.protectingPartner?.name ?? t('directContacts.nobody')}</Table.Td>
              <Table.Td>
                {contact.clearance ? (
                  <>
                    <Text size="sm">{t(`directContacts.clearances.${contact.clearance}`)}</Text>
                    {contact.clearanceNote && (
                      <Text size="xs" c="dimmed">
                        {contact.clearanceNote}
                      </Text>
                    )}
                  </>
                ) : (
                  t('common.none')
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RecordForm({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<DirectContactKind>('offer');
  const [note, setNote] = useState('');
  const [noteMissing, setNoteMissing] = useState(false);
  // Shown once an offer was refused: record the partner's consent or decline with it.
  const [clearance, setClearance] = useState<DirectContactClearance | null>(null);
  const [clearanceNote, setClearanceNote] = useState('');
  const [clearanceNoteMissing, setClearanceNoteMissing] = useState(false);
  const [refused, setRefused] = useState<ReturnType<typeof refusal>>(null);
  const record = useMutation({
    mutationFn: (body: NewDirectContact) =>
      api.post<DirectContact>(`/api/organisations/${encodeURIComponent(org.id)}/direct-contacts`, body),
    onSuccess: () => {
      setNote('');
      setClearance(null);
      setClearanceNote('');
      setRefused(null);
      return queryClient.invalidateQueries({ queryKey: directContactsQuery(org.id).queryKey });
    },
    onError: (error) => {
      const why = refusal(error);
      if (why) setRefused(why);
    },
  });
  const serverError = useFieldErrors(record.error);
  const noteError = noteMissing ? t('validation.required') : serverError('note');
  const clearanceNoteError = clearanceNoteMissing ? t('validation.required') : serverError('clearanceNote');
  const reset = () => {
    record.reset();
  };
  const sources = refused?.sources.map((s) => t(`directContacts.sources.${s}`)).join(', ') ?? '';
  return (
    <form
      aria-labelledby="direct-contacts-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (note.trim() === '') {
          setNoteMissing(true);
          return;
        }
        if (clearance === 'partner_consent' && clearanceNote.trim() === '') {
          setClearanceNoteMissing(true);
          return;
        }
        const body: NewDirectContact = { kind, note: note.trim() };
        if (kind === 'offer' && clearance) {
          body.clearance = clearance;
          if (clearanceNote.trim() !== '') body.clearanceNote = clearanceNote.trim();
        }
        record.mutate(body);
      }}
    >
      <Title order={3} size="h4" id="direct-contacts-form" mb="sm">
        {t('directContacts.record')}
      </Title>
      <Stack gap="sm" maw={640}>
        <div>
          <Text size="sm" fw={500} id="direct-contact-kind" mb={4}>
            {t('directContacts.kind')}
          </Text>
          <SegmentedControl
            aria-labelledby="direct-contact-kind"
            value={kind}
            onChange={(value) => {
              setKind(value as DirectContactKind);
              reset();
            }}
            data={DIRECT_CONTACT_KINDS.map((k) => ({ value: k, label: t(`directContacts.kinds.${k}`) }))}
          />
        </div>
        <Textarea
          label={t('directContacts.note')}
          description={t('directContacts.noteHint')}
          required
          autosize
          minRows={2}
          maxLength={4000}
          value={note}
          onChange={(e) => {
            setNote(e.currentTarget.value);
            setNoteMissing(false);
          }}
          error={noteError}
        />
        {refused && kind === 'offer' && (
          <Alert
            color="orange"
            variant="light"
            role="alert"
            title={t('directContacts.refusedTitle')}
            data-testid="direct-offer-refused"
          >
            <Stack gap="sm">
              <Text size="sm">
                {refused.code === 'direct_offer_clearance_refused'
                  ? t('directContacts.notDeclined', { partner: refused.partner })
                  : t('directContacts.refused', { partner: refused.partner, sources })}
              </Text>
              <Radio.Group
                label={t('directContacts.clearanceQuestion')}
                value={clearance ?? ''}
                onChange={(value) => {
                  setClearance(value as DirectContactClearance);
                  setClearanceNoteMissing(false);
                  reset();
                }}
              >
                <Stack gap={6} mt={6}>
                  <Radio
                    value="partner_consent"
                    label={t('directContacts.consent', { partner: refused.partner })}
                  />
                  <Radio
                    value="partner_declined"
                    label={t('directContacts.declined', { partner: refused.partner })}
                  />
                </Stack>
              </Radio.Group>
              {clearance && (
                <Textarea
                  label={
                    clearance === 'partner_consent'
                      ? t('directContacts.consentNote')
                      : t('directContacts.declinedNote')
                  }
                  description={
                    clearance === 'partner_consent' ? t('directContacts.consentNoteHint') : undefined
                  }
                  required={clearance === 'partner_consent'}
                  autosize
                  minRows={2}
                  maxLength={2000}
                  value={clearanceNote}
                  onChange={(e) => {
                    setClearanceNote(e.currentTarget.value);
                    setClearanceNoteMissing(false);
                  }}
                  error={clearanceNoteError}
                />
              )}
            </Stack>
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={record.isPending}>
            {kind === 'offer' && clearance ? t('directContacts.submitCleared') : t('directContacts.submit')}
          </Button>
        </Group>
        {record.isSuccess && (
          <Text size="sm" c="teal.9" role="status">
            {t('directContacts.recorded')}
          </Text>
        )}
        {record.isError &&
          !refusal(record.error) &&
          !serverError('note') &&
          !serverError('clearanceNote') && <ErrorAlert error={record.error} />}
      </Stack>
    </form>
  );
}

/** The operator's own sales contacts with a customer; a direct offer respects the partner's protection. */
export function DirectContactsCard({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const contacts = useQuery(directContactsQuery(org.id));
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="org-direct-contacts">
      <Title order={2} size="h3" id="org-direct-contacts" mb="xs">
        {t('directContacts.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('directContacts.intro')}
      </Text>
      {contacts.isPending ? (
        <PageLoader />
      ) : contacts.isError ? (
        <ErrorAlert error={contacts.error} />
      ) : (
        <ContactsTable items={contacts.data} />
      )}
      <Stack mt="lg">
        <RecordForm org={org} />
      </Stack>
    </Card>
  );
}
