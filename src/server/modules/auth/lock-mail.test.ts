import { describe, expect, it } from 'vitest';
import { lockedAccountMail } from './lock-mail';

const base = {
  to: 'anna@test.example',
  person: { name: 'Anna Beispiel', salutation: null },
  lockedUntil: new Date('2026-11-24T09:15:00.000Z'),
  failures: 5,
  publicUrl: 'https://desk.example',
};

describe('the locked-account mail', () => {
  it('tells a German user in German, with the time in their own zone', () => {
    const mail = lockedAccountMail({ ...base, locale: 'de', timeZone: 'Europe/Berlin' });
    expect(mail.subject).toContain('gesperrt');
    expect(mail.text).toContain('Guten Tag Anna Beispiel,');
    expect(mail.text).toContain('nach 5 falschen Passwörtern');
    expect(mail.text).toContain('24. November 2026 um 10:15');
    expect(mail.text).toContain('https://desk.example/forgot-password');
  });

  it('tells an English user in English', () => {
    const mail = lockedAccountMail({ ...base, locale: 'en', timeZone: 'America/New_York' });
    expect(mail.subject).toContain('locked');
    expect(mail.text).toContain('Hello Anna Beispiel,');
    expect(mail.text).toContain('after 5 wrong passwords');
    expect(mail.text).toContain('24 November 2026 at 04:15');
  });

  it('greets an owner with a salutation formally, by surname', () => {
    const person = { name: 'Anna Beispiel', salutation: 'ms' as const };
    const german = lockedAccountMail({ ...base, person, locale: 'de', timeZone: 'Europe/Berlin' });
    expect(german.text.startsWith('Sehr geehrte Frau Beispiel,\n')).toBe(true);
    const english = lockedAccountMail({ ...base, person, locale: 'en', timeZone: 'Europe/Berlin' });
    expect(english.text.startsWith('Dear Ms Beispiel,\n')).toBe(true);
  });

  it('falls back to UTC for a time zone the runtime does not know', () => {
    const mail = lockedAccountMail({ ...base, locale: 'en', timeZone: 'Mars/Olympus' });
    expect(mail.text).toContain('09:15 UTC');
  });
});
