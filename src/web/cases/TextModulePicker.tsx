import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { textModulesQuery } from './queries';

/**
 * Picks a text module and hands over its text as the server rendered it for the case
 * (placeholders filled, its own sign-off dropped: the mail signs once, below the text).
 */
export function TextModulePicker({
  caseId,
  onInsert,
}: {
  caseId: string;
  onInsert: (text: string, missing: string[]) => void;
}) {
  const { t } = useTranslation();
  const modules = useQuery(textModulesQuery);
  const [value, setValue] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <Select
        label={t('cases.reply.textModule')}
        placeholder={t('cases.reply.textModulePlaceholder')}
        searchable
        clearable
        value={value}
        nothingFoundMessage={t('cases.reply.textModuleNone')}
        data={(modules.data?.items ?? [])
          .filter((m) => m.active)
          .map((m) => ({ value: m.id, label: `${m.name} (${m.language.toUpperCase()})` }))}
        onChange={async (id) => {
          setValue(id);
          if (!id) return;
          try {
            const rendered = await api.post<{ text: string; missing: string[] }>(
              `/api/text-modules/${id}/render`,
              { caseId },
            );
            onInsert(rendered.text, rendered.missing);
            setError(null);
          } catch (e) {
            setError(e);
          }
          setValue(null);
        }}
        w={{ base: '100%', sm: 320 }}
      />
      {error !== null && <ErrorAlert error={error} />}
    </>
  );
}
