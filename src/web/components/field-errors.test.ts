// What a user reads for an API problem and for the customer's case page: the app's own words in
// the user's language, never the API's English detail, and plain words for a customer.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '../../shared/cases';
import { ApiError } from '../api';
import { fieldMessageOf } from '../channel/field-messages';
import de from '../i18n/de.json';
import en from '../i18n/en.json';
import { problemMessage } from './field-errors';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    resources: { de: { translation: de }, en: { translation: en } },
    lng: 'de',
    interpolation: { escapeValue: false },
  });
});
// Keys built at run time: the typed t() of the app knows only literal keys.
const text = (key: string, options: { lng: 'de' | 'en' }): string =>
  (i18n.t as unknown as (k: string, o: { lng: string }) => string)(key, options);
const say = (error: unknown, lng: 'de' | 'en' = 'de') =>
  problemMessage(i18n.getFixedT(lng), error, (key) => i18n.exists(key, { lng }));

describe('problem messages in the user words', () => {
  it('a conflict says what to do in German and English, not the API detail', () => {
    const error = new ApiError({
      status: 409,
      title: 'Conflict',
      detail: 'The case is closed.',
      code: 'conflict',
    });
    expect(say(error)).toMatch(/Bitte laden Sie die Seite neu/);
    expect(say(error, 'en')).toMatch(/Please reload the page/);
    expect(say(error, 'en')).not.toContain('The case is closed.');
  });

  it('a forbidden answer never shows its detail', () => {
    const error = new ApiError({
      status: 403,
      title: 'Forbidden',
      detail: 'Role agent lacks x',
      code: 'forbidden',
    });
    expect(say(error)).toBe('Dafür fehlt Ihnen die Berechtigung.');
  });

  it('an unknown code falls back by its status; a server failure and a lost network say so', () => {
    expect(say(new ApiError({ status: 413, title: 'Too large', code: 'FST_SOMETHING' }))).toBe(
      'Die Datei ist zu groß.',
    );
    expect(say(new ApiError({ status: 502, title: 'Bad gateway' }))).toBe(
      'Auf dem Server ist ein Fehler aufgetreten.',
    );
    expect(say(new ApiError({ status: 0, title: 'Network error' }))).toMatch(/nicht erreichbar/);
  });

  it('field messages the new-case form and the uploads meet are known', () => {
    expect(fieldMessageOf('must have at least 3 characters')).toEqual({
      key: 'minChars',
      params: { min: '3' },
    });
    expect(fieldMessageOf('is larger than the limit of 25 MB')).toEqual({
      key: 'fileTooLarge',
      params: { max: '25' },
    });
    expect(fieldMessageOf('the file is empty')?.key).toBe('fileEmpty');
    expect(fieldMessageOf('is required to resolve a case: choose the cause first')?.key).toBe('required');
  });
});

describe("the customer's words", () => {
  it('every status has a plain word for customers that is not an internal status name', () => {
    const internal = new Set(CASE_STATUSES.map((s) => text(`cases.status.${s}`, { lng: 'de' })));
    for (const lng of ['de', 'en'] as const)
      for (const status of CASE_STATUSES) {
        const plain = text(`cases.statusPlain.${status}`, { lng });
        expect(i18n.exists(`cases.statusPlain.${status}`, { lng }), `${lng} ${status}`).toBe(true);
        if (status.startsWith('waiting_')) expect(internal.has(plain), plain).toBe(false);
      }
    expect(text('cases.statusPlain.waiting_third_party', { lng: 'de' })).not.toBe('Wartet auf Dritte');
  });

  it('messages are a "Nachricht" or an "Antwort" for customers, not a direction', () => {
    for (const direction of ['inbound', 'outbound', 'note'])
      expect(text(`cases.directionPlain.${direction}`, { lng: 'de' })).not.toMatch(/eingehend|ausgehend/);
    expect(text('cases.directionPlain.inbound', { lng: 'en' })).toBe('Message');
  });

  it('facts from forms and assets have labels in both languages by their key', () => {
    for (const key of ['product', 'order_number', 'serial_number', 'device', 'topic', 'reference'])
      for (const lng of ['de', 'en'] as const)
        expect(i18n.exists(`cases.newCase.fact.${key}`, { lng }), `${lng} ${key}`).toBe(true);
    for (const key of ['urgency', 'model'])
      expect(text(`cases.factLabel.${key}`, { lng: 'en' })).not.toBe(
        text(`cases.factLabel.${key}`, { lng: 'de' }),
      );
  });
});
