import 'i18next';
import type de from './de.json';

// Typed keys: t('nav.audit') is checked against de.json at compile time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof de };
  }
}
