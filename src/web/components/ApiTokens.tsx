import {
  Alert,
  Badge,
  Button,
  Checkbox,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { ApiToken, CreatedApiToken, TokenScope } from '../api-types';
import { useFormat } from '../session';
import { ErrorAlert } from './ErrorAlert';
import { PageLoader } from './PageLoader';

const TOKENS_KEY = ['api-tokens'] as const;
const SCOPES: TokenScope[] = ['read', 'write'];

type TokenStatus = 'active' | 'revoked' | 'expired';

function statusOf(token: ApiToken, now: number): TokenStatus {
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

function CreatedSecret({ token, onDismiss }: { token: CreatedApiToken; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="orange"
      variant="light"
      title={t('tokens.createdTitle', { name: token.name })}
      role="status"
    >
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          {t('tokens.createdWarning')}
        </Text>
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            label={t('tokens.secretLabel')}
            value={token.token}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            style={{ flex: 1 }}
            data-testid="api-token-secret"
          />
          <CopyButton value={token.token}>
            {({ copied, copy }) => (
              <Button variant={copied ? 'light' : 'filled'} onClick={copy}>
                {copied ? t('tokens.copied') : t('tokens.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Button variant="default" w="fit-content" onClick={onDismiss}>
          {t('tokens.dismiss')}
        </Button>
      </Stack>
    </Alert>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['read']);
  const [expiresInDays, setExpiresInDays] = useState<number | ''>(90);
  const [submitted, setSubmitted] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      api.post<CreatedApiToken>('/api/api-tokens', {
        name: name.trim(),
        scopes,
        ...(expiresInDays === '' ? {} : { expiresInDays }),
      }),
    onSuccess: async (token) => {
      onCreated(token);
      setName('');
      setScopes(['read']);
      setSubmitted(false);
      await queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
    },
  });
  const nameMissing = name.trim() === '';
  const scopesMissing = scopes.length === 0;

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (nameMissing || scopesMissing) return;
    create.mutate();
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="token-create-title">
      <Stack gap="sm">
        <Title order={3} size="h4" id="token-create-title">
          {t('tokens.newToken')}
        </Title>
        {create.isError && <ErrorAlert error={create.error} />}
        <Group align="flex-start">
          <TextInput
            label={t('tokens.name')}
            description={t('tokens.nameDescription')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={submitted && nameMissing ? t('validation.required') : undefined}
            w={{ base: '100%', sm: 300 }}
            maxLength={100}
          />
          <NumberInput
            label={t('tokens.expiresInDays')}
            description={t('tokens.expiresHint')}
            value={expiresInDays}
            onChange={(value) => setExpiresInDays(typeof value === 'number' ? value : '')}
            min={1}
            max={3650}
            allowDecimal={false}
            allowNegative={false}
            w={{ base: '100%', sm: 220 }}
          />
        </Group>
        <Checkbox.Group
          label={t('tokens.scopes')}
          value={scopes}
          onChange={(value) => setScopes(SCOPES.filter((scope) => value.includes(scope)))}
          error={submitted && scopesMissing ? t('tokens.scopesRequired') : undefined}
        >
          <Group mt={6}>
            {SCOPES.map((scope) => (
              <Checkbox key={scope} value={scope} label={t(`tokens.scope_${scope}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Button type="submit" w="fit-content" loading={create.isPending}>
          {t('tokens.create')}
        </Button>
      </Stack>
    </form>
  );
}

export default function ApiTokens() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [toRevoke, setToRevoke] = useState<ApiToken | null>(null);
  const tokens = useQuery({
    queryKey: TOKENS_KEY,
    queryFn: ({ signal }) => api.get<{ items: ApiToken[] }>('/api/api-tokens', undefined, signal),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/api/api-tokens/${encodeURIComponent(id)}`),
    onSuccess: async () => {
      setToRevoke(null);
      await queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
    },
  });
  const now = Date.now();

  return (
    <Stack gap="lg">
      <Text size="sm">{t('tokens.intro')}</Text>
      {created !== null && <CreatedSecret token={created} onDismiss={() => setCreated(null)} />}
      {tokens.isPending ? (
        <PageLoader />
      ) : tokens.isError ? (
        <ErrorAlert error={tokens.error} />
      ) : tokens.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('tokens.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="sm">
            <VisuallyHidden component="caption">{t('tokens.tableCaption')}</VisuallyHidden>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('tokens.name')}</Table.Th>
                <Table.Th scope="col">{t('tokens.scopes')}</Table.Th>
                <Table.Th scope="col">{t('tokens.created')}</Table.Th>
                <Table.Th scope="col">{t('tokens.lastUsed')}</Table.Th>
                <Table.Th scope="col">{t('tokens.expires')}</Table.Th>
                <Table.Th scope="col">{t('tokens.status')}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t('tokens.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data.items.map((token) => {
                const status = statusOf(token, now);
                return (
                  <Table.Tr key={token.id}>
                    <Table.Td fw={500}>{token.name}</Table.Td>
                    <Table.Td>{token.scopes.map((scope) => t(`tokens.scope_${scope}`)).join(', ')}</Table.Td>
                    <Table.Td>{format.dateTime(token.createdAt)}</Table.Td>
                    <Table.Td>
                      {token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t('tokens.never')}
                    </Table.Td>
                    <Table.Td>
                      {token.expiresAt ? format.date(token.expiresAt) : t('tokens.noExpiry')}
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        variant="dot"
                        color={status === 'active' ? 'teal' : 'gray'}
                        radius="sm"
                        miw="max-content"
                      >
                        {status === 'active'
                          ? t('tokens.statusActive')
                          : status === 'revoked'
                            ? t('tokens.statusRevoked')
                            : t('tokens.statusExpired')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {status === 'active' && (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red"
                          onClick={() => setToRevoke(token)}
                          aria-label={`${t('tokens.revoke')}: ${token.name}`}
                        >
                          {t('tokens.revoke')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreateTokenForm onCreated={setCreated} />
      <Modal
        closeButtonProps={{ 'aria-label': t('common.close') }}
        opened={toRevoke !== null}
        onClose={() => {
          setToRevoke(null);
          revoke.reset();
        }}
        title={t('tokens.revokeTitle')}
        centered
      >
        <Stack>
          <Text size="sm">{t('tokens.revokeText', { name: toRevoke?.name ?? '' })}</Text>
          {revoke.isError && <ErrorAlert error={revoke.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setToRevoke(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() => {
                if (toRevoke) revoke.mutate(toRevoke.id);
              }}
            >
              {t('tokens.revoke')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
