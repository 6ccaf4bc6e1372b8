import type { OutgoingMail } from '../mail/outbound';
import { type Greeted, greetingFor } from './greeting';

/**
 * Told to the owner of an address when an administrator outside their organisation tried to
 * add it as a new person. The administrator's answer does not reveal that the address is taken
 * (see createUser); the owner hears of it here and can ask the operator to move their account.
 */
export function addressTakenMail(input: {
  to: string;
  person: Greeted;
  locale: 'de' | 'en';
  requestedBy: string;
}): OutgoingMail & { locale: 'de' | 'en' } {
  if (input.locale === 'en') {
    return {
      to: input.to,
      locale: 'en',
      subject: 'channeldesk: your address was given for a new account',
      text:
        `${greetingFor('en', input.person)}\n\n` +
        `${input.requestedBy} tried to add your e-mail address to channeldesk. ` +
        'Your address is already registered with channeldesk, so nothing was changed.\n\n' +
        `If you now work for ${input.requestedBy}, please ask the operator of channeldesk to move your account. ` +
        'Otherwise you can ignore this message.\n',
    };
  }
  return {
    to: input.to,
    locale: 'de',
    subject: 'channeldesk: Ihre Adresse wurde für einen neuen Zugang angegeben',
    text:
      `${greetingFor('de', input.person)}\n\n` +
      `${input.requestedBy} wollte Ihre E-Mail-Adresse in channeldesk eintragen. ` +
      'Ihre Adresse ist bei channeldesk bereits hinterlegt, daher wurde nichts geändert.\n\n' +
      `Wenn Sie inzwischen für ${input.requestedBy} arbeiten, bitten Sie den Betreiber von channeldesk, Ihren Zugang umzuziehen. ` +
      'Andernfalls können Sie diese Nachricht ignorieren.\n',
  };
}
