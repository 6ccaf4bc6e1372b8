import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../i18n';
import { useChangeLanguage } from '../session';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const changeLanguage = useChangeLanguage();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.label')}
      value={isLocale(i18n.language) ? i18n.language : 'de'}
      onChange={(value) => {
        if (isLocale(value)) changeLanguage(value);
      }}
      data={[
        { value: 'de', label: <span title={t('language.de')}>{t('language.shortDe')}</span> },
        { value: 'en', label: <span title={t('language.en')}>{t('language.shortEn')}</span> },
      ]}
    />
  );
}
