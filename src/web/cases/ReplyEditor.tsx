import {
  Alert,
  Button,
  CloseButton,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, uploadFile, withQuery } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { type Refusal, useUploadLimit } from '../components/upload-limit';
import type { Audience } from '../roles';
import { useMe } from '../session';
import { formatBytes } from './CaseBadges';
import { insertIntoDraft } from './insert-text';
import { LeakRefusal, leakFindingsOf } from './LeakRefusal';
import { onCaseEvent } from './live';
import { caseUrl, useCaseMutation } from './queries';
import { ReplySignature } from './ReplySignature';
import { TextModulePicker } from './TextModulePicker';
import { type CaseDetail, type UploadedAttachment, VISIBILITIES, type Visibility } from './types';

export type ReplyCommand = { visibility: Visibility; seq: number } | null;

const CHOICES: Record<Audience, readonly Visibility[]> = {
  operator: VISIBILITIES,
  partner: ['public', 'partner'],
  customer: ['public'],
};

export function ReplyEditor({
  kase,
  audience,
  command,
}: {
  kase: CaseDetail;
  audience: Audience;
  command: ReplyCommand;
}) {
  const { t, i18n } = useTranslation();
  const choices = CHOICES[audience];
  const [visibility, setVisibility] = useState<Visibility>(audience === 'operator' ? 'public' : 'public');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<UploadedAttachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const limit = useUploadLimit();
  const [fileRefusal, setFileRefusal] = useState<Refusal | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [collision, setCollision] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const sendingRef = useRef(0);
  const bodyRef = useRef(body);
  bodyRef.current = body;

  useEffect(() => {
    if (!command) return;
    if (choices.includes(command.visibility)) setVisibility(command.visibility);
    textareaRef.current?.focus();
  }, [command, choices]);

  // Someone else wrote on this case while a draft is open: say so before the user sends.
  useEffect(
    () =>
      onCaseEvent((event) => {
        if (event.caseId !== kase.id || event.type !== 'message_added') return;
        if (Date.now() - sendingRef.current < 5000) return;
        if (bodyRef.current.trim() !== '') setCollision(event.at);
      }),
    [kase.id],
  );

  const send = useCaseMutation(kase.id, (vars: { override?: { reason: string } } | undefined) => {
    sendingRef.current = Date.now();
    return api.post<{ id: string }>(`${caseUrl(kase.id)}/messages`, {
      body,
      visibility,
      attachmentIds: files.map((f) => f.id),
      ...(vars?.override ? { override: vars.override } : {}),
    });
  });
  // The leak guard's refusal stays at the composer (with the draft) until the user rewrites or sends.
  const canOverride = useMe().roles.includes('operator_admin');
  const [leak, setLeak] = useState<ReturnType<typeof leakFindingsOf>>(null);
  const sent = () => {
    setBody('');
    setFiles([]);
    setMissing([]);
    setCollision(null);
    setLeak(null);
  };
  const submit = (override?: { reason: string }) =>
    send.mutate(override ? { override } : undefined, {
      onSuccess: sent,
      onError: (error) => {
        const findings = leakFindingsOf(error);
        if (findings) setLeak(findings);
      },
    });

  const upload = async (list: FileList | File[]) => {
    // Checked before sending: a file past the limit would fail only after its whole upload.
    const refusal = limit.refusal(Array.from(list));
    setFileRefusal(refusal);
    if (refusal !== null) return;
    setUploading(true);
    setUploadError(null);
    try {
      for (const file of Array.from(list)) {
        const uploaded = await uploadFile<UploadedAttachment>(
          withQuery(`${caseUrl(kase.id)}/attachments`, { fileName: file.name, visibility }),
          file,
        );
        setFiles((current) => [...current, uploaded]);
      }
    } catch (error) {
      setUploadError(error);
    } finally {
      setUploading(false);
    }
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) void upload(event.dataTransfer.files);
  };

  const closed = kase.status === 'closed';
  const fileInputRef = useRef<HTMLInputElement>(null);

  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="reply-heading"
      className={`cd-reply cd-reply--${visibility}`}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (body.trim() === '') return;
          submit();
        }}
      >
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap">
            <Text fw={600} id="reply-heading" component="h2" size="lg" m={0}>
              {t('cases.reply.title')}
            </Text>
            {choices.length > 1 && (
              <SegmentedControl
                aria-label={t('cases.reply.visibility')}
                value={visibility}
                onChange={(v) => setVisibility(v as Visibility)}
                data={choices.map((v) => ({
                  value: v,
                  label:
                    audience === 'partner' && v === 'partner'
                      ? t('cases.reply.asOperatorOnly')
                      : t(`cases.reply.as.${v}`),
                }))}
              />
            )}
          </Group>
          {visibility === 'public' && audience !== 'customer' && (
            <Alert
              color="orange"
              variant="light"
              title={t('cases.reply.publicWarningTitle')}
              data-testid="public-warning"
            >
              {t(`cases.reply.publicWarning.${audience}`)}
            </Alert>
          )}
          {visibility === 'partner' && (
            <Alert color="grape" variant="light">
              {t(`cases.reply.partnerHint.${audience}`)}
            </Alert>
          )}
          {visibility === 'internal' && (
            <Alert color="yellow" variant="light">
              {t('cases.reply.internalHint')}
            </Alert>
          )}
          {collision !== null && (
            <Alert
              color="red"
              variant="light"
              title={t('cases.reply.collisionTitle')}
              role="alert"
              withCloseButton
              onClose={() => setCollision(null)}
              closeButtonLabel={t('common.close')}
            >
              {t('cases.reply.collision')}
            </Alert>
          )}
          {audience === 'operator' && (
            <TextModulePicker
              caseId={kase.id}
              onInsert={(text, miss) => {
                // At the cursor the draft last had (the picker took the focus), else at the end.
                const area = textareaRef.current;
                const selection = area ? { start: area.selectionStart, end: area.selectionEnd } : null;
                const inserted = insertIntoDraft(bodyRef.current, text, selection);
                setBody(inserted.draft);
                setMissing(miss);
                requestAnimationFrame(() => {
                  textareaRef.current?.focus();
                  textareaRef.current?.setSelectionRange(inserted.cursor, inserted.cursor);
                });
              }}
            />
          )}
          {missing.length > 0 && (
            <Text size="sm" c="orange.9">
              {t('cases.reply.missing', { fields: missing.join(', ') })}
            </Text>
          )}
          {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop zone wraps the text field; the button below does the same by keyboard */}
          <div
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            className={dragging ? 'cd-dropzone cd-dropzone--active' : 'cd-dropzone'}
            data-testid="reply-dropzone"
          >
            <Textarea
              ref={textareaRef}
              label={t('cases.reply.body')}
              description={t('cases.reply.bodyHint')}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              autosize
              minRows={4}
              maxRows={16}
              disabled={closed}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
            />
          </div>
          {visibility === 'public' && kase.replySignature && (
            <ReplySignature lines={kase.replySignature.lines} />
          )}
          {files.length > 0 && (
            <Group gap="xs" aria-label={t('cases.reply.attached')} role="list">
              {files.map((f) => (
                <Group key={f.id} gap={4} role="listitem" className="cd-chip">
                  <Text size="sm">
                    📎 {f.fileName} ({formatBytes(f.size, i18n.language)})
                  </Text>
                  <CloseButton
                    size="sm"
                    aria-label={t('cases.reply.removeFile', { name: f.fileName })}
                    onClick={() => setFiles((c) => c.filter((x) => x.id !== f.id))}
                  />
                </Group>
              ))}
            </Group>
          )}
          {uploadError !== null && <ErrorAlert error={uploadError} />}
          {fileRefusal !== null && (
            <Text size="sm" c="red.8" role="alert" data-testid="file-refusal">
              {limit.say(fileRefusal)}
            </Text>
          )}
          {leak !== null && (
            <LeakRefusal
              findings={leak}
              canOverride={canOverride}
              overriding={send.isPending}
              overrideError={leakFindingsOf(send.error) === null ? send.error : null}
              onRewrite={() => {
                setLeak(null);
                send.reset();
                textareaRef.current?.focus();
              }}
              onOverride={(reason) => submit({ reason })}
            />
          )}
          {send.isError && leak === null && leakFindingsOf(send.error) === null && (
            <ErrorAlert error={send.error} />
          )}
          {closed && (
            <Text c="dimmed" size="sm">
              {t('cases.reply.closed')}
            </Text>
          )}
          <Group justify="space-between">
            <Group gap="xs">
              <input
                ref={fileInputRef}
                type="file"
                multiple
                hidden
                aria-hidden="true"
                tabIndex={-1}
                data-testid="reply-file-input"
                onChange={(e) => {
                  if (e.currentTarget.files) void upload(e.currentTarget.files);
                  e.currentTarget.value = '';
                }}
              />
              <Button
                variant="default"
                onClick={() => fileInputRef.current?.click()}
                loading={uploading}
                disabled={closed}
              >
                {t('cases.reply.attach')}
              </Button>
              <Text size="xs" c="dimmed">
                {t('cases.reply.dropHint')} · <span data-testid="upload-limit">{limit.hint}</span>
              </Text>
            </Group>
            <Button
              type="submit"
              loading={send.isPending}
              disabled={closed || body.trim() === ''}
              // Orange 9 has only 4.3:1 with white text; a draft kept after a refusal leaves the button enabled.
              color={visibility === 'public' && audience !== 'customer' ? '#b03a0a' : undefined}
            >
              {audience === 'customer'
                ? t('cases.reply.sendPlain')
                : audience === 'partner' && visibility === 'partner'
                  ? t('cases.reply.sendOperatorOnly')
                  : t(`cases.reply.send.${visibility}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
