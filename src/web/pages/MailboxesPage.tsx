import {
  Anchor,
  Card,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, isApiError } from '../api';
import { useLooseT } from '../cases/CaseBadges';
import { groupsQuery } from '../cases/queries';
import { CASE_TYPES } from '../cases/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormActions } from '../components/FormActions';
import { useFieldErrors } from '../components/field-errors';
import { PageLoader } from '../components/PageLoader';
import { usePageTitle } from '../components/usePageTitle';
import { MailboxList, withoutPassword } from '../mail/MailboxList';
import type { Mailbox, MailboxInput } from '../mail/types';
import { useMe } from '../session';
import NotFoundPage from './NotFoundPage';

type Form = {
  address: string;
  name: string;
  groupId: string | null;
  caseType: string;
  language: 'de' | 'en';
  smtpEnabled: boolean;
  /** The IMAP address without the password, e.g. imaps://service@mail.example:993. */
  imapAddress: string;
  /** Write-only: empty keeps the stored password. */
  imapPassword: string;
  imapFolder: string;
  imapDoneFolder: string;
  autoReply: boolean;
  active: boolean;
};

const EMPTY: Form = {
  address: '',
  name: '',
  groupId: null,
  caseType: 'request',
  language: 'de',
  smtpEnabled: true,
  imapAddress: '',
  imapPassword: '',
  imapFolder: 'INBOX',
  imapDoneFolder: 'Processed',
  autoReply: true,
  active: true,
};

/** imaps://user@host + secret → imaps://user:secret@host (URL-encoded, as the server reads it). */
function withPassword(address: string, password: string): string | null {
  const match = /^(imaps?:\/\/)([^@/]+)@(.+)$/i.exec(address.trim());
  if (!match) return null;
  return `${match[1]}${match[2]}:${encodeURIComponent(password)}@${match[3]}`;
}

function formOf(mailbox: Mailbox): Form {
  return {
    address: mailbox.address,
    name: mailbox.name,
    groupId: mailbox.groupId,
    caseType: mailbox.caseType,
    language: mailbox.language,
    smtpEnabled: mailbox.smtpEnabled,
    imapAddress: mailbox.imap ? withoutPassword(mailbox.imap.url) : '',
    imapPassword: '',
    imapFolder: mailbox.imap?.folder ?? 'INBOX',
    imapDoneFolder: mailbox.imap?.doneFolder ?? 'Processed',
    autoReply: mailbox.autoReply,
    active: mailbox.active,
  };
}

// Every field of the mailbox API the form has an input for; a problem at another stays for the alert.
const SERVER_FIELDS = [
  'address',
  'name',
  'groupId',
  'caseType',
  'language',
  'smtpEnabled',
  'imapUrl',
  'imapFolder',
  'imapDoneFolder',
  'autoReply',
  'active',
] as const;

/** Two fields side by side, one with a hint and one without: their inputs stand in one line. */
const INPUTS_IN_LINE = { alignItems: 'end' } as const;

function MailboxForm({ editing, onDone }: { editing: Mailbox | null; onDone: () => void }) {
  const { t } = useTranslation();
  const tt = useLooseT();
  const queryClient = useQueryClient();
  const groups = useQuery(groupsQuery);
  const [form, setForm] = useState<Form>(editing ? formOf(editing) : EMPTY);
  const [localErrors, setLocalErrors] = useState<Partial<Record<keyof Form, string>>>({});
  const save = useMutation({
    mutationFn: (body: Partial<MailboxInput>) =>
      editing
        ? api.patch<Mailbox>(`/api/mailboxes/${encodeURIComponent(editing.id)}`, body)
        : api.post<Mailbox>('/api/mailboxes', body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['mailboxes'] });
      onDone();
    },
  });
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setLocalErrors((e) => ({ ...e, [key]: undefined }));
    save.reset();
  };
  // The server names the field of every problem; each is shown at its input in the user's language.
  const { errorAt, unplaced } = useFieldErrors(save.error, SERVER_FIELDS);
  const errorOf = (key: keyof Form, field: string = key): string | undefined => {
    if (localErrors[key]) return localErrors[key];
    const message = errorAt(field);
    if (message === undefined) return undefined;
    // A taken address names what has it; an IMAP address the server cannot read says how it should look.
    if (field === 'address')
      return isApiError(save.error, 409) ? t('mailboxes.addressTaken') : t('validation.email');
    if (field === 'imapUrl') return t('mailboxes.imapInvalid');
    return message;
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors: Partial<Record<keyof Form, string>> = {};
    if (form.address.trim() === '') errors.address = t('validation.required');
    if (form.name.trim() === '') errors.name = t('validation.required');
    const storedAddress = editing?.imap ? withoutPassword(editing.imap.url) : '';
    const imapChanged = form.imapAddress.trim() !== storedAddress || form.imapPassword !== '';
    let imapUrl: string | null | undefined;
    if (!editing || imapChanged) {
      if (form.imapAddress.trim() === '') imapUrl = null;
      else if (form.imapPassword === '') imapUrl = form.imapAddress.trim();
      else {
        imapUrl = withPassword(form.imapAddress, form.imapPassword);
        if (imapUrl === null) errors.imapAddress = t('mailboxes.imapNeedsUser');
      }
    }
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    save.mutate({
      address: form.address.trim(),
      name: form.name.trim(),
      groupId: form.groupId,
      caseType: form.caseType,
      language: form.language,
      smtpEnabled: form.smtpEnabled,
      ...(imapUrl !== undefined ? { imapUrl } : {}),
      imapFolder: form.imapFolder.trim(),
      imapDoneFolder: form.imapDoneFolder.trim(),
      autoReply: form.autoReply,
      active: form.active,
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="mailbox-form-heading">
      <Stack>
        <Title order={2} size="h3" id="mailbox-form-heading" style={{ overflowWrap: 'anywhere' }}>
          {editing ? t('mailboxes.editTitle', { address: editing.address }) : t('mailboxes.newTitle')}
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={INPUTS_IN_LINE}>
          <TextInput
            label={t('mailboxes.address')}
            description={t('mailboxes.addressHint')}
            type="email"
            required
            value={form.address}
            onChange={(e) => set('address', e.currentTarget.value)}
            error={errorOf('address')}
          />
          <TextInput
            label={t('mailboxes.name')}
            description={t('mailboxes.nameHint')}
            required
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={errorOf('name')}
          />
          <Select
            label={t('mailboxes.group')}
            description={t('mailboxes.groupHint')}
            clearable
            value={form.groupId}
            onChange={(value) => set('groupId', value)}
            data={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
            error={errorOf('groupId')}
          />
          <Select
            label={t('mailboxes.caseType')}
            allowDeselect={false}
            value={form.caseType}
            onChange={(value) => value && set('caseType', value)}
            data={CASE_TYPES.map((type) => ({ value: type, label: tt(`cases.type.${type}`) }))}
            error={errorOf('caseType')}
          />
          <Select
            label={t('mailboxes.language')}
            description={t('mailboxes.languageHint')}
            allowDeselect={false}
            value={form.language}
            onChange={(value) => (value === 'de' || value === 'en') && set('language', value)}
            data={[
              { value: 'de', label: t('language.de') },
              { value: 'en', label: t('language.en') },
            ]}
            error={errorOf('language')}
          />
        </SimpleGrid>
        <Switch
          label={t('mailboxes.smtpEnabled')}
          description={t('mailboxes.smtpEnabledHint')}
          checked={form.smtpEnabled}
          onChange={(e) => set('smtpEnabled', e.currentTarget.checked)}
          error={errorOf('smtpEnabled')}
        />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={INPUTS_IN_LINE}>
          <TextInput
            label={t('mailboxes.imapAddress')}
            description={t('mailboxes.imapAddressHint')}
            placeholder="imaps://service@mail.example:993"
            value={form.imapAddress}
            onChange={(e) => set('imapAddress', e.currentTarget.value)}
            error={errorOf('imapAddress', 'imapUrl')}
          />
          <PasswordInput
            label={t('mailboxes.imapPassword')}
            description={editing?.imap ? t('mailboxes.imapPasswordKeep') : t('mailboxes.imapPasswordHint')}
            autoComplete="new-password"
            value={form.imapPassword}
            onChange={(e) => set('imapPassword', e.currentTarget.value)}
          />
          <TextInput
            label={t('mailboxes.imapFolder')}
            value={form.imapFolder}
            onChange={(e) => set('imapFolder', e.currentTarget.value)}
            error={errorOf('imapFolder')}
          />
          <TextInput
            label={t('mailboxes.imapDoneFolder')}
            description={t('mailboxes.imapDoneFolderHint')}
            value={form.imapDoneFolder}
            onChange={(e) => set('imapDoneFolder', e.currentTarget.value)}
            error={errorOf('imapDoneFolder')}
          />
        </SimpleGrid>
        <Switch
          label={t('mailboxes.autoReply')}
          description={t('mailboxes.autoReplyHint')}
          checked={form.autoReply}
          onChange={(e) => set('autoReply', e.currentTarget.checked)}
          error={errorOf('autoReply')}
        />
        <Switch
          label={t('mailboxes.active')}
          checked={form.active}
          onChange={(e) => set('active', e.currentTarget.checked)}
          error={errorOf('active')}
        />
        <FormActions
          editing={editing !== null}
          createLabel={t('mailboxes.create')}
          pending={save.isPending}
          onCancel={editing ? onDone : undefined}
          error={save.isError && unplaced ? save.error : null}
        />
      </Stack>
    </form>
  );
}

export default function MailboxesPage() {
  const { t } = useTranslation();
  usePageTitle(t('mailboxes.title'));
  const me = useMe();
  const list = useQuery({
    queryKey: ['mailboxes'],
    queryFn: ({ signal }) => api.get<{ items: Mailbox[] }>('/api/mailboxes', undefined, signal),
  });
  const [editing, setEditing] = useState<Mailbox | null>(null);
  // Bumped after each save so the form starts empty again.
  const [formKey, setFormKey] = useState(0);
  // Mailboxes are the operator admin's to configure; nobody else is offered the page.
  if (!me.roles.includes('operator_admin') || isApiError(list.error, 403)) return <NotFoundPage />;

  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to="/mail" size="sm">
          ← {t('mailboxes.back')}
        </Anchor>
        <Title order={1} mt={4}>
          {t('mailboxes.title')}
        </Title>
        <Text c="dimmed" mt={4}>
          {t('mailboxes.intro')}
        </Text>
      </div>
      {list.isError && <ErrorAlert error={list.error} />}
      {list.isPending ? (
        <PageLoader />
      ) : (
        <MailboxList
          mailboxes={list.data?.items ?? []}
          onEdit={(mailbox) => {
            setEditing(mailbox);
            // The form sits below the list; on a phone it would be out of sight.
            document.getElementById('mailbox-form-heading')?.scrollIntoView({ block: 'center' });
          }}
        />
      )}
      <Card withBorder padding="lg" component="section">
        <MailboxForm
          key={editing ? editing.id : `new-${formKey}`}
          editing={editing}
          onDone={() => {
            setEditing(null);
            setFormKey((k) => k + 1);
          }}
        />
      </Card>
    </Stack>
  );
}
