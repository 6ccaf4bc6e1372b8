/** The 16 German states (Bundesländer) by their two-letter codes, as postal data and holiday calendars use them. */
export const GERMAN_STATE_CODES = [
  'BW',
  'BY',
  'BE',
  'BB',
  'HB',
  'HH',
  'HE',
  'MV',
  'NI',
  'NW',
  'RP',
  'SL',
  'SN',
  'ST',
  'SH',
  'TH',
] as const;
export type GermanStateCode = (typeof GERMAN_STATE_CODES)[number];
