// The opening line of a mail to a person, in the recipient's language. With a salutation it is
// the formal German/English form with the surname; without one the full name, which suits
// anyone whose form of address we do not know (and names that are not a person's).
import type { Salutation } from '../../../shared/salutation';

export type Greeted = { name: string; salutation: Salutation | null };

const FORMAL = {
  de: { ms: 'Sehr geehrte Frau', mr: 'Sehr geehrter Herr' },
  en: { ms: 'Dear Ms', mr: 'Dear Mr' },
} as const;
const BY_NAME = { de: 'Guten Tag', en: 'Hello' } as const;

/**
 * The surname is taken to be the last word of the name ("Anna Sommer" → "Sommer"). Simple on
 * purpose: we store one name field, and for double names ("Anna Meier Sommer") or particles
 * ("Jan van Dijk" → "Dijk") the result can be wrong; a person whose greeting reads wrong is best
 * left without a salutation, and is then greeted by the full name.
 */
export function surnameOf(name: string): string {
  return name.trim().split(/\s+/).at(-1) ?? '';
}

/**
 * "Sehr geehrte Frau Sommer," / "Dear Mr Kaya," with a salutation, "Guten Tag Max Mustermann," /
 * "Hello Max Mustermann," without one, and "Guten Tag," / "Hello," when the name is empty.
 */
export function greetingFor(language: 'de' | 'en', person: Greeted): string {
  const name = person.name.trim().replace(/\s+/g, ' ');
  if (name === '') return `${BY_NAME[language]},`;
  if (person.salutation) return `${FORMAL[language][person.salutation]} ${surnameOf(name)},`;
  return `${BY_NAME[language]} ${name},`;
}
