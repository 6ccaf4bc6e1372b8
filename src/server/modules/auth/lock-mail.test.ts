import { describe, expect, it } from 'vitest';
import { lockedAccountMail } from './lock-mail';

const base = {
  to: 'anna@test.example',
  name: 'Anna Beispiel',
  lockedUntil: new Date('2026-11-24T09:15:00.000Z'),
  failures: 5,
  publicUrl: 'https://desk.example',
};

describe('the locked-account mail', () => {
  it('tells a German user in German, with the time in their own zone', () => {
    const mail = lockedAccountMail({ ...base, locale: 'de', timeZone: 'Europe/Berlin' });
    expect(mail.subject).toContain('gesperrt');
    expect(mail.text).toContain('Hallo Anna Beispiel');
    expect(mail.text).toContain('nach 5 falschen Passwörtern');
    expect(mail.text).toContain('24. November 2026 um 10:15');
    expect(mail.text).toContain('https://desk.example/forgot-password');
  });

  it('tells an English user in English', () => {
    const mail = lockedAccountMail({ ...base, locale: 'en', timeZone: 'America/New_York' });
    expect(mail.subject).toContain('locked');
    expect(mail.text).toContain('after 5 wrong passwords');
    expect(mail.text).toContain('24 November 2026 at 04:15');
  });

  it('falls back to UTC for a time zone the runtime does not know', () => {
    const mail = lockedAccountMail({ ...base, locale: 'en', timeZone: 'Mars/Olympus' });
    expect(mail.text).toContain('09:15 UTC');
  });
});
