import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../api-types';
import de from './de.json';
import en from './en.json';

export const LANGUAGES: readonly Locale[] = ['de', 'en'];
const STORAGE_KEY = 'channeldesk.language';

export function isLocale(value: unknown): value is Locale {
  return value === 'de' || value === 'en';
}

/** German unless the visitor picked English on this device before logging in. */
function initialLanguage(): Locale {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : 'de';
  } catch {
    return 'de';
  }
}

void i18n.use(initReactI18next).init({
  resources: { de: { translation: de }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'de',
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false },
  initAsync: false,
});

function applyLanguage(language: string): void {
  document.documentElement.lang = language;
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode: the choice just does not survive a reload.
  }
}

applyLanguage(i18n.language);
i18n.on('languageChanged', applyLanguage);

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'de';
}

export default i18n;
