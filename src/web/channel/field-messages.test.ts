import { describe, expect, it } from 'vitest';
import de from '../i18n/de.json';
import en from '../i18n/en.json';
import { FIELD_MESSAGE_KEYS, fieldMessageOf } from './field-messages';

describe('field messages of the channel API', () => {
  it('knows the messages the channel forms meet, with their numbers and dates', () => {
    expect(fieldMessageOf('must not be empty')).toEqual({ key: 'required', params: {} });
    expect(fieldMessageOf('must have at most 1000 characters')).toEqual({
      key: 'maxChars',
      params: { max: '1000' },
    });
    expect(fieldMessageOf('must be at most 90 days')).toEqual({
      key: 'atMost',
      params: { max: '90', unit: 'days' },
    });
    expect(fieldMessageOf('must be at least 1 km')).toEqual({
      key: 'atLeast',
      params: { min: '1', unit: 'km' },
    });
    expect(fieldMessageOf('must be an active partner')?.key).toBe('activePartner');
    expect(fieldMessageOf('an asset with this serial already exists (case ignored)')?.key).toBe(
      'serialTaken',
    );
    expect(fieldMessageOf('must not be more than a year ahead (2027-11-24 at the latest)')).toEqual({
      key: 'outcomeTooFarAhead',
      params: {},
      date: '2027-11-24',
    });
    expect(fieldMessageOf('must not be before the lead was created (2026-11-24)')?.date).toBe('2026-11-24');
    expect(fieldMessageOf('must be a date YYYY-MM-DD')?.key).toBe('date');
    expect(fieldMessageOf('must be a lead id')?.key).toBe('id');
  });

  it('leaves a message it does not know to be shown as sent', () => {
    expect(fieldMessageOf('something the server says now')).toBeNull();
  });

  it('has every message in German and English', () => {
    for (const key of FIELD_MESSAGE_KEYS) {
      expect(de.fieldMessages, key).toHaveProperty(key);
      expect(en.fieldMessages, key).toHaveProperty(key);
    }
    expect(Object.keys(de.fieldMessages).sort()).toEqual(Object.keys(en.fieldMessages).sort());
  });
});
