import { describe, expect, it } from 'vitest';
import { bicProblem, ibanProblem, normaliseIban } from './iban';

describe('IBAN (ISO 13616)', () => {
  it('accepts valid IBANs of several countries, with or without spaces and in lower case', () => {
    for (const iban of [
      'DE89 3704 0044 0532 0130 00',
      'de89370400440532013000',
      'GB82 WEST 1234 5698 7654 32',
      'AT61 1904 3002 3457 3201',
      'CH93 0076 2011 6238 5295 7',
      'NL91 ABNA 0417 1643 00',
      'FR14 2004 1010 0505 0001 3M02 606',
      'NO93 8601 1117 947',
    ]) {
      expect(ibanProblem(iban), iban).toBeNull();
    }
  });

  it('names a typing error when the check digits do not match', () => {
    expect(ibanProblem('DE89 3704 0044 0532 0130 01')).toMatch(/check digits/);
    expect(ibanProblem('DE98 3704 0044 0532 0130 00')).toMatch(/check digits/);
  });

  it('names the length a country needs', () => {
    expect(ibanProblem('DE89 3704 0044 0532 0130')).toBe('must have 22 characters for DE, not 20');
    expect(ibanProblem('NO93 8601 1117 9470')).toBe('must have 15 characters for NO, not 16');
  });

  it('refuses an unknown country, a missing country and stray characters', () => {
    expect(ibanProblem('US12 3456 7890 1234')).toBe('US is not a country that uses IBANs');
    expect(ibanProblem('1234567890')).toMatch(/country code/);
    expect(ibanProblem('DE89-3704-0044-0532-0130-00')).toMatch(/only letters and digits/);
    expect(ibanProblem('DEXX370400440532013000')).toMatch(/only letters and digits/);
  });

  it('stores the IBAN without spaces in upper case', () => {
    expect(normaliseIban(' de89 3704 0044 0532 0130 00 ')).toBe('DE89370400440532013000');
  });
});

describe('BIC (ISO 9362)', () => {
  it('accepts 8 and 11 characters', () => {
    expect(bicProblem('COBADEFFXXX')).toBeNull();
    expect(bicProblem('COBADEFF')).toBeNull();
    expect(bicProblem('genodef1s10')).toBeNull();
  });

  it('refuses other lengths and digits in the bank or country part', () => {
    for (const bad of ['COBADEF', 'COBADEFFXX', 'C0BADEFF', 'COBA12FF', '']) {
      expect(bicProblem(bad), bad).toMatch(/8 or 11 characters/);
    }
  });
});
