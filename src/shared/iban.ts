// IBAN and BIC checks for the seller's bank details, shared by the settings form and the API.
// ISO 13616: two letters of the country, two check digits, then the country's BBAN of a fixed
// length; valid when the number, rearranged and read as digits (A = 10 … Z = 35), is 1 mod 97.

/** Length of the whole IBAN per country (SWIFT IBAN registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HN: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

/** The IBAN without spaces, upper case (how it is stored). */
export function normaliseIban(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** mod 97 of the IBAN rearranged (first four characters moved to the end, letters as numbers). */
function ibanRemainder(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : char.charCodeAt(0) - 48;
    remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97;
  }
  return remainder;
}

/** What is wrong with an IBAN, in words a form can show; null when it is valid. */
export function ibanProblem(value: string): string | null {
  const iban = normaliseIban(value);
  if (!/^[A-Z]{2}/.test(iban)) return 'must start with the two-letter country code, e.g. DE';
  const country = iban.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return `${country} is not a country that uses IBANs`;
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) {
    return 'may contain only letters and digits, with two check digits after the country code';
  }
  if (iban.length !== length) return `must have ${length} characters for ${country}, not ${iban.length}`;
  if (ibanRemainder(iban) !== 1) return 'check digits do not match: there is a typing error in the IBAN';
  return null;
}

/** What is wrong with a BIC (ISO 9362: 8 or 11 characters); null when it has the right form. */
export function bicProblem(value: string): string | null {
  const bic = value.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) {
    return 'must be 8 or 11 characters: 4 letters of the bank, 2 of the country, 2 of the place, optionally 3 of the branch';
  }
  return null;
}
