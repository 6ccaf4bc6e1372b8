import type { Salutation } from '../../../shared/salutation';

// Demo first names (contacts' and logins') by form of address. Derived, not drawn: another draw
// from the seeded random would change every name generated after it.
const FEMALE_FIRST_NAMES: ReadonlySet<string> = new Set([
  'Anja',
  'Anna',
  'Birgit',
  'Claudia',
  'Elif',
  'Eva',
  'Hannah',
  'Heike',
  'Ines',
  'Jana',
  'Julia',
  'Karin',
  'Katrin',
  'Kerstin',
  'Lea',
  'Maria',
  'Marion',
  'Martina',
  'Melanie',
  'Mira',
  'Nadine',
  'Petra',
  'Sabine',
  'Sandra',
  'Silke',
  'Sophie',
  'Susanne',
  'Tanja',
  'Ute',
  'Yvonne',
]);
const MALE_FIRST_NAMES: ReadonlySet<string> = new Set([
  'Andreas',
  'Christian',
  'Daniel',
  'Dennis',
  'Fabian',
  'Frank',
  'Jan',
  'Jens',
  'Lars',
  'Lukas',
  'Marco',
  'Markus',
  'Matthias',
  'Michael',
  'Niklas',
  'Olaf',
  'Ralf',
  'Sebastian',
  'Simon',
  'Stefan',
  'Thomas',
  'Tim',
  'Tobias',
  'Torsten',
  'Uwe',
]);

/** 'ms' or 'mr' by the first name; null for a name the lists do not know (greeted by full name). */
export function salutationOf(name: string): Salutation | null {
  const first = name.trim().split(/\s+/)[0] ?? '';
  if (FEMALE_FIRST_NAMES.has(first)) return 'ms';
  if (MALE_FIRST_NAMES.has(first)) return 'mr';
  return null;
}
