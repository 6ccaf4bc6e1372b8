import type { OutgoingMail } from '../mail/outbound';
import { type Greeted, greetingFor } from '../users/greeting';

/**
 * The mail that tells an account's owner it was locked. The login form answers a locked account
 * exactly like a wrong password (so nobody learns which addresses exist or are under attack);
 * the owner learns it here, in their language and time zone, with the way out.
 */
export function lockedAccountMail(input: {
  to: string;
  person: Greeted;
  locale: 'de' | 'en';
  timeZone: string;
  lockedUntil: Date;
  failures: number;
  publicUrl: string;
}): OutgoingMail & { locale: 'de' | 'en' } {
  const until = formatTime(input.lockedUntil, input.locale, input.timeZone);
  const resetLink = `${input.publicUrl}/forgot-password`;
  if (input.locale === 'en') {
    return {
      to: input.to,
      locale: 'en',
      subject: 'channeldesk: your account is locked for a while',
      text:
        `${greetingFor('en', input.person)}\n\n` +
        `after ${input.failures} wrong passwords in a row, your channeldesk account is locked until ${until}. ` +
        'After that you can log in again.\n\n' +
        `If this was not you, please choose a new password; that also lifts the lock at once:\n${resetLink}\n`,
    };
  }
  return {
    to: input.to,
    locale: 'de',
    subject: 'channeldesk: Ihr Zugang ist vorübergehend gesperrt',
    text:
      `${greetingFor('de', input.person)}\n\n` +
      `nach ${input.failures} falschen Passwörtern in Folge ist Ihr Zugang zu channeldesk bis ${until} gesperrt. ` +
      'Danach können Sie sich wieder anmelden.\n\n' +
      `Waren Sie das nicht, legen Sie bitte ein neues Passwort fest; das hebt die Sperre auch sofort auf:\n${resetLink}\n`,
  };
}

function formatTime(at: Date, locale: 'de' | 'en', timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', { ...options, timeZone }).format(at);
  } catch {
    // A time zone the runtime does not know: UTC is still a true statement.
    return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', {
      ...options,
      timeZone: 'UTC',
    }).format(at);
  }
}
