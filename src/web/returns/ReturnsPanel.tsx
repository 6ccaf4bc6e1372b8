import {
  Alert,
  Button,
  Divider,
  FileButton,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ITEM_CONDITIONS,
  type ItemCondition,
  RETURN_OUTCOMES,
  type ReturnOutcome,
} from '../../shared/returns';
import { api, uploadFile, withQuery } from '../api';
import type { Organisation } from '../api-types';
import { Panel } from '../cases/CasePanels';
import { isLeakRefusal, LeakOverride, useLeakFieldError } from '../cases/LeakFieldGuard';
import { caseUrl, useCaseMutation } from '../cases/queries';
import type { CaseDetail } from '../cases/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { type Refusal, useUploadLimit } from '../components/upload-limit';
import { useFormat } from '../session';
import { ReturnView } from './ReturnView';
import type { CaseReturn } from './types';

type Line = { product: string; serial: string; quantity: number; reason: string };
const EMPTY_LINE: Line = { product: '', serial: '', quantity: 1, reason: '' };

function RequestForm({ kase, onDone }: { kase: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [lines, setLines] = useState<Line[]>([{ ...EMPTY_LINE }]);
  const request = useCaseMutation(kase.id, () =>
    api.post<CaseReturn>(`${caseUrl(kase.id)}/returns`, {
      items: lines.map((l) => ({ ...l, serial: l.serial || null })),
    }),
  );
  const set = (index: number, patch: Partial<Line>) =>
    setLines((all) => all.map((l, i) => (i === index ? { ...l, ...patch } : l)));
  return (
    <Stack
      gap="xs"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        request.mutate(undefined, { onSuccess: onDone });
      }}
    >
      {lines.map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity until sent
        <Stack key={index} gap={4}>
          <TextInput
            label={t('returns.product')}
            required
            value={line.product}
            onChange={(e) => set(index, { product: e.currentTarget.value })}
          />
          <Group grow>
            <TextInput
              label={t('returns.serial')}
              value={line.serial}
              onChange={(e) => set(index, { serial: e.currentTarget.value })}
            />
            <NumberInput
              label={t('returns.quantity')}
              min={1}
              value={line.quantity}
              onChange={(v) => set(index, { quantity: Number(v) || 1 })}
            />
          </Group>
          <TextInput
            label={t('returns.reason')}
            required
            value={line.reason}
            onChange={(e) => set(index, { reason: e.currentTarget.value })}
          />
        </Stack>
      ))}
      {request.isError && <ErrorAlert error={request.error} />}
      <Group>
        <Button size="xs" variant="default" onClick={() => setLines((all) => [...all, { ...EMPTY_LINE }])}>
          {t('returns.addItem')}
        </Button>
        <Button size="xs" type="submit" loading={request.isPending}>
          {t('returns.submit')}
        </Button>
      </Group>
    </Stack>
  );
}

type Finding = { condition: ItemCondition | null; notes: string; photos: { id: string; fileName: string }[] };

function InspectForm({ kase, item }: { kase: CaseDetail; item: CaseReturn }) {
  const { t } = useTranslation();
  const [findings, setFindings] = useState<Finding[]>(
    item.items.map(() => ({ condition: null, notes: '', photos: [] })),
  );
  const [outcome, setOutcome] = useState<ReturnOutcome | null>(null);
  const [reason, setReason] = useState('');
  const [uploadError, setUploadError] = useState<unknown>(null);
  const limit = useUploadLimit();
  const [photoRefusal, setPhotoRefusal] = useState<Refusal | null>(null);
  const inspect = useCaseMutation(kase.id, (override?: { reason: string }) =>
    api.post<CaseReturn>(`/api/returns/${item.id}/inspect`, {
      items: findings.map((f) => ({
        condition: f.condition,
        notes: f.notes || null,
        attachmentIds: f.photos.map((p) => p.id),
      })),
      outcome,
      reason,
      ...(override ? { override } : {}),
    }),
  );
  const reasonError = useLeakFieldError(inspect.error, 'reason');
  const set = (index: number, patch: Partial<Finding>) =>
    setFindings((all) => all.map((f, i) => (i === index ? { ...f, ...patch } : f)));
  const upload = async (index: number, file: File | null) => {
    if (!file) return;
    setUploadError(null);
    // Checked before sending, like every upload: a photo past the limit is refused at once.
    setPhotoRefusal(limit.refusal([file]));
    if (limit.refusal([file]) !== null) return;
    try {
      const uploaded = await uploadFile<{ id: string; fileName: string }>(
        withQuery(`${caseUrl(kase.id)}/attachments`, { fileName: file.name, visibility: 'internal' }),
        file,
      );
      set(index, { photos: [...findings[index]!.photos, uploaded] });
    } catch (error) {
      setUploadError(error);
    }
  };
  return (
    <Stack gap="xs" data-testid="inspect-form">
      <Text size="sm" fw={600}>
        {t('returns.inspection')}
      </Text>
      {item.items.map((line, index) => (
        <Stack key={line.id} gap={4}>
          <Select
            label={t('returns.conditionFor', { product: line.product })}
            data={ITEM_CONDITIONS.map((c) => ({ value: c, label: t(`returns.condition.${c}`) }))}
            value={findings[index]!.condition}
            onChange={(v) => set(index, { condition: v as ItemCondition })}
            required
          />
          <Textarea
            label={t('returns.notes')}
            description={t('returns.notesHint')}
            autosize
            minRows={1}
            value={findings[index]!.notes}
            onChange={(e) => set(index, { notes: e.currentTarget.value })}
          />
          <Group gap="xs">
            <FileButton accept="image/*" onChange={(file) => void upload(index, file)}>
              {(props) => (
                <Button size="compact-xs" variant="default" {...props}>
                  {t('returns.photo')}
                </Button>
              )}
            </FileButton>
            <Text size="xs" c="dimmed">
              {limit.hint}
            </Text>
            {findings[index]!.photos.map((p) => (
              <Text size="xs" key={p.id}>
                {p.fileName}
              </Text>
            ))}
          </Group>
        </Stack>
      ))}
      <Select
        label={t('returns.outcome.label')}
        data={RETURN_OUTCOMES.map((o) => ({ value: o, label: t(`returns.outcome.${o}`) }))}
        value={outcome}
        onChange={(v) => setOutcome(v as ReturnOutcome)}
        required
      />
      <Textarea
        label={t('returns.outcomeReason')}
        description={t('returns.outcomeReasonHint')}
        required
        autosize
        minRows={2}
        value={reason}
        error={reasonError}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      <LeakOverride error={inspect.error} pending={inspect.isPending} onOverride={(o) => inspect.mutate(o)} />
      {uploadError !== null && <ErrorAlert error={uploadError} />}
      {photoRefusal !== null && (
        <Text size="sm" c="red.8" role="alert">
          {limit.say(photoRefusal)}
        </Text>
      )}
      {inspect.isError && !isLeakRefusal(inspect.error) && <ErrorAlert error={inspect.error} />}
      <Button size="xs" onClick={() => inspect.mutate(undefined)} loading={inspect.isPending}>
        {t('returns.action.inspect')}
      </Button>
    </Stack>
  );
}

function AgentActions({ kase, item }: { kase: CaseDetail; item: CaseReturn }) {
  const { t } = useTranslation();
  const [rejectReason, setRejectReason] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const step = useCaseMutation(kase.id, (action: string) =>
    api.post<CaseReturn>(`/api/returns/${item.id}/${action}`),
  );
  const reject = useCaseMutation(kase.id, (override?: { reason: string }) =>
    api.post<CaseReturn>(`/api/returns/${item.id}/reject`, {
      reason: rejectReason,
      ...(override ? { override } : {}),
    }),
  );
  const rejectError = useLeakFieldError(reject.error, 'reason');
  if (item.state === 'closed' || item.state === 'rejected') return null;
  const next = (
    { requested: 'authorise', authorised: 'receive', received: null, inspected: 'close' } as const
  )[item.state];
  return (
    <Stack gap="xs">
      {item.state === 'received' && <InspectForm kase={kase} item={item} />}
      <Group gap="xs">
        {next && (
          <Button size="xs" onClick={() => step.mutate(next)} loading={step.isPending}>
            {t(`returns.action.${next}`)}
          </Button>
        )}
        <Button size="xs" color="red" variant="light" onClick={() => setRejecting((v) => !v)}>
          {t('returns.action.reject')}
        </Button>
      </Group>
      {rejecting && (
        <Stack gap="xs">
          <Textarea
            label={t('returns.rejectReason')}
            description={t('returns.outcomeReasonHint')}
            required
            autosize
            minRows={2}
            value={rejectReason}
            error={rejectError}
            onChange={(e) => setRejectReason(e.currentTarget.value)}
          />
          <LeakOverride
            error={reject.error}
            pending={reject.isPending}
            onOverride={(o) => reject.mutate(o)}
          />
          <Button size="xs" color="red" onClick={() => reject.mutate(undefined)} loading={reject.isPending}>
            {t('returns.confirmReject')}
          </Button>
        </Stack>
      )}
      {step.isError && <ErrorAlert error={step.error} />}
      {reject.isError && !isLeakRefusal(reject.error) && <ErrorAlert error={reject.error} />}
    </Stack>
  );
}

/** The case's returns ("Rücksendung"): request one, follow its state; the operator's agents work it. */
export function ReturnsPanel({
  kase,
  canWork,
  isOperator,
}: {
  kase: CaseDetail;
  canWork: boolean;
  isOperator: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [requesting, setRequesting] = useState(false);
  const returns = useQuery({
    queryKey: ['cases', 'returns', kase.id],
    queryFn: ({ signal }) =>
      api.get<{ items: CaseReturn[] }>(`${caseUrl(kase.id)}/returns`, undefined, signal),
  });
  // Agents see on the case when the customer's account is flagged for review (never the customer).
  const customer = useQuery({
    queryKey: ['cases', 'returns', kase.id, 'customer-review'],
    enabled: isOperator,
    queryFn: ({ signal }) =>
      api.get<Organisation>(`/api/organisations/${encodeURIComponent(kase.customer.id)}`, undefined, signal),
  });
  const items = returns.data?.items ?? [];
  const flag = isOperator ? customer.data?.reviewFlag : null;
  return (
    <Panel
      title={t('returns.title')}
      id="returns-heading"
      actions={
        <Button size="xs" variant="default" onClick={() => setRequesting((v) => !v)}>
          {t('returns.request')}
        </Button>
      }
    >
      {returns.isError && <ErrorAlert error={returns.error} />}
      {flag && (
        <Alert color="red" mb="sm" title={t('returns.reviewFlag')} data-testid="review-flag">
          {flag.reason}
        </Alert>
      )}
      {requesting && <RequestForm kase={kase} onDone={() => setRequesting(false)} />}
      {returns.isSuccess && items.length === 0 && !requesting && (
        <Text size="sm" c="dimmed">
          {t('returns.none')}
        </Text>
      )}
      <Stack gap="md">
        {items.map((item, index) => (
          <Stack key={item.id} gap="xs">
            {(index > 0 || requesting) && <Divider />}
            <ReturnView item={item} showNotes={isOperator} dateTime={fmt.dateTime} />
            {canWork && <AgentActions kase={kase} item={item} />}
          </Stack>
        ))}
      </Stack>
    </Panel>
  );
}
