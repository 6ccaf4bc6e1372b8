// A field problem in the user's words: the rules the mailbox and checklist forms meet have their own
// German and English messages; a rule the app does not know shows the server's words with the field.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldMessageOf } from '../channel/field-messages';
import de from '../i18n/de.json';
import en from '../i18n/en.json';
import { fieldProblemText } from './field-errors';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    resources: { de: { translation: de }, en: { translation: en } },
    lng: 'de',
    interpolation: { escapeValue: false },
  });
});
const say = (message: string, field?: string, lng: 'de' | 'en' = 'de') =>
  fieldProblemText(i18n.getFixedT(lng), message, field);

describe('field problems in the user’s words', () => {
  it('gives the mailbox form its own messages, not the API’s English', () => {
    expect(say('must look like imap://user:password@host:143 or imaps://…', 'imapUrl')).toMatch(
      /IMAP-Adresse wie imaps:\/\//,
    );
    expect(say('is not a known group', 'groupId', 'en')).toBe(
      'This group does not exist (any more). Please choose a group from the list.',
    );
    expect(say('already exists', 'address')).toBe('Das ist schon vergeben.');
    expect(say('must be one of de, en', 'language', 'en')).toBe('Please choose one of: de, en.');
    expect(say('must be true or false', 'active')).toBe('Bitte ja oder nein wählen.');
    expect(say('must have at most 200 characters', 'imapFolder', 'en')).toBe('At most 200 characters.');
  });

  it('gives the checklist forms their own messages, with the step they name', () => {
    expect(say('is not a third party', 'thirdPartyId')).toMatch(/Dritten/);
    expect(say('is not an active checklist', 'checklistId', 'en')).toBe('This checklist is not active.');
    expect(say('is for fault cases, this case is a complaint', 'checklistId', 'en')).toBe(
      'This checklist is for another type of case.',
    );
    expect(say('router is not the step to answer now', 'stepId')).toBe(
      'Schritt router ist jetzt nicht an der Reihe.',
    );
    expect(say('lights takes one of yes, no', 'value', 'en')).toBe(
      'Step lights takes one of these answers: yes, no.',
    );
    expect(say('note takes a text of 1 to 500 characters', 'value')).toBe(
      'Schritt note erwartet einen Text mit 1 bis 500 Zeichen.',
    );
  });

  it('knows zod’s own words where a schema gives none', () => {
    expect(fieldMessageOf('Too big: expected string to have <=100 characters')).toEqual({
      key: 'maxChars',
      params: { max: '100' },
    });
    expect(fieldMessageOf('Too small: expected string to have >=1 characters')?.key).toBe('required');
    expect(fieldMessageOf('Too small: expected string to have >=2 characters')).toEqual({
      key: 'minChars',
      params: { min: '2' },
    });
    expect(fieldMessageOf('Too big: expected array to have <=500 items')).toEqual({
      key: 'tooMany',
      params: { max: '500' },
    });
    expect(fieldMessageOf('Invalid UUID')?.key).toBe('id');
    expect(fieldMessageOf('Invalid input: expected boolean, received string')?.key).toBe('boolean');
    expect(say('Invalid option: expected one of "de"|"en"', 'language', 'en')).toBe(
      'Please choose one of: de, en.',
    );
  });

  it('shows a rule it has no message for with the server’s words and the field, not a generic text', () => {
    expect(say('must be a palindrome', 'imapFolder')).toBe(
      'Bitte prüfen Sie „imapFolder“: must be a palindrome',
    );
    expect(say('must be a palindrome', 'definition.steps.2.id', 'en')).toBe(
      'Please check “definition.steps.2.id”: must be a palindrome',
    );
    // Without a field or words there is nothing to quote: the general request to check.
    expect(say('', 'name')).toBe('Bitte prüfen Sie diese Angabe.');
    expect(say('must be a palindrome')).toBe('Bitte prüfen Sie diese Angabe.');
  });
});
