import { Alert, Button, Card, FileInput, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PAYMENT_IMPORT_MAX_BYTES } from '../../../shared/payments';
import { uploadFile } from '../../api';
import { useUploadLimit } from '../../components/upload-limit';
import { BillingProblem } from '../problems';
import { type ImportResult, PAYMENTS_KEY } from './types';

/** The content type the import takes: CAMT as XML, anything else as CSV (browsers often send none). */
function statementFile(file: File): File {
  const type = /\.xml$/i.test(file.name) || /xml/.test(file.type) ? 'application/xml' : 'text/csv';
  return new File([file], file.name, { type });
}

/** Upload of a bank statement (CAMT.053 or CSV) with what became of it. */
export function ImportPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  // The statement's size is checked before sending, against the import's own limit.
  const limit = useUploadLimit(PAYMENT_IMPORT_MAX_BYTES);
  const refusal = file ? limit.refusal([file]) : null;
  const upload = useMutation({
    mutationFn: (chosen: File) => uploadFile<ImportResult>('/api/payments/import', statementFile(chosen)),
    onSuccess: async () => {
      setFile(null);
      await queryClient.invalidateQueries({ queryKey: PAYMENTS_KEY });
      await queryClient.invalidateQueries({ queryKey: ['billing', 'account'] });
    },
  });
  const result = upload.data;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="payments-import">
      <Title order={2} size="h3" id="payments-import" mb="xs">
        {t('billing.payments.import.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('billing.payments.import.hint')}
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (file) upload.mutate(file);
        }}
      >
        <Stack gap="sm">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <FileInput
              label={t('billing.payments.import.file')}
              accept=".xml,.csv,.txt,application/xml,text/xml,text/csv"
              description={limit.hint}
              error={refusal ? limit.say(refusal) : undefined}
              value={file}
              onChange={(chosen) => {
                setFile(chosen);
                upload.reset();
              }}
              clearable
              style={{ flex: '1 1 260px' }}
            />
            <Button type="submit" disabled={!file || refusal !== null} loading={upload.isPending}>
              {t('billing.payments.import.submit')}
            </Button>
          </Group>
          {upload.isError && <BillingProblem error={upload.error} />}
          {result && (
            <Alert color="teal" variant="light" title={t('billing.payments.import.done')} role="status">
              <Text size="sm">
                {t('billing.payments.import.summary', {
                  imported: result.imported,
                  duplicates: result.duplicates,
                  matched: result.matched,
                  partial: result.partial,
                  unmatched: result.unmatched,
                })}
              </Text>
            </Alert>
          )}
        </Stack>
      </form>
    </Card>
  );
}
