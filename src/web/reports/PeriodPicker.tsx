import { Button, Group, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { presetPeriod } from './report-format';

type Period = { from: string; to: string };
const PRESETS = ['last12', 'last90', 'thisYear'] as const;

/** From and to as calendar days (native date inputs: the phone's own picker), plus presets. */
export function PeriodPicker({ value, onChange }: { value: Period; onChange: (period: Period) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value);
  // A new period from outside (a preset, the URL, the server's default) replaces what was typed.
  useEffect(() => setDraft({ from: value.from, to: value.to }), [value.from, value.to]);
  const wrongOrder = draft.from !== '' && draft.to !== '' && draft.from > draft.to;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!wrongOrder && draft.from && draft.to) onChange(draft);
  }

  return (
    <form onSubmit={submit} aria-label={t('reports.period.legend')}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          type="date"
          label={t('reports.period.from')}
          value={draft.from}
          onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
          required
          w={170}
        />
        <TextInput
          type="date"
          label={t('reports.period.to')}
          value={draft.to}
          onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })}
          error={wrongOrder ? t('reports.period.fromAfterTo') : undefined}
          required
          w={170}
        />
        <Button type="submit" disabled={wrongOrder}>
          {t('reports.period.apply')}
        </Button>
      </Group>
      <Group gap="xs" mt="xs" wrap="wrap">
        {PRESETS.map((preset) => (
          <Button
            key={preset}
            variant="subtle"
            size="compact-sm"
            onClick={() => onChange(presetPeriod(preset, new Date()))}
          >
            {t(`reports.period.${preset}`)}
          </Button>
        ))}
      </Group>
    </form>
  );
}
