import type { Trx } from '../../db/database';
import { enqueueOutbox } from '../../jobs/outbox';
import type { Deps } from '../../shared/deps';
import { findLeadRecipients } from './lead-repository';

// Mail to a partner about its leads, through the outbox in the caller's transaction (sent if and
// only if the change commits), to its lead contacts or else its partner admins, each in their
// language, with the link to the lead in the portal.

export type LeadMailFacts = {
  id: string;
  number: string;
  customerName: string;
  customerCity: string | null;
  kind: string;
  protectedUntil: string | null;
};

const KIND_NAMES = {
  de: {
    warranty_extension: 'Garantieverlängerung',
    new_device: 'Neugerät',
    service_contract: 'Servicevertrag',
    other: 'Sonstiges',
  },
  en: {
    warranty_extension: 'warranty extension',
    new_device: 'new device',
    service_contract: 'service contract',
    other: 'other',
  },
} as const;

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const kindName = (language: 'de' | 'en', kind: string) =>
  KIND_NAMES[language][kind as keyof (typeof KIND_NAMES)['de']] ?? kind;

function formatInstant(at: string, language: 'de' | 'en'): string {
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Berlin',
    timeZoneName: 'short',
  }).format(new Date(at));
}

function offeredContent(language: 'de' | 'en', lead: LeadMailFacts) {
  const where = lead.customerCity ? `, ${lead.customerCity}` : '';
  if (language === 'de') {
    return {
      subject: `Neuer Lead ${lead.number}: ${lead.customerName} (${kindName('de', lead.kind)})`,
      text:
        `Ihnen wurde der Lead ${lead.number} für ${lead.customerName}${where} zugewiesen (${kindName('de', lead.kind)}).` +
        (lead.protectedUntil
          ? ` Bitte nehmen Sie ihn bis ${formatInstant(lead.protectedUntil, 'de')} an oder lehnen Sie ihn mit Begründung ab; danach geht er an den nächsten Partner.`
          : ''),
    };
  }
  return {
    subject: `New lead ${lead.number}: ${lead.customerName} (${kindName('en', lead.kind)})`,
    text:
      `Lead ${lead.number} for ${lead.customerName}${where} has been routed to you (${kindName('en', lead.kind)}).` +
      (lead.protectedUntil
        ? ` Please accept it, or decline it with a reason, by ${formatInstant(lead.protectedUntil, 'en')}; after that it goes to the next partner.`
        : ''),
  };
}

function withdrawnContent(language: 'de' | 'en', lead: LeadMailFacts, reason: string) {
  if (language === 'de') {
    return {
      subject: `Lead ${lead.number} wurde Ihnen entzogen`,
      text: `Der Lead ${lead.number} für ${lead.customerName} wurde vom Channel-Management neu vergeben. Begründung: ${reason}`,
    };
  }
  return {
    subject: `Lead ${lead.number} was taken away from you`,
    text: `Lead ${lead.number} for ${lead.customerName} was reassigned by channel management. Reason: ${reason}`,
  };
}

function cancelledContent(language: 'de' | 'en', lead: LeadMailFacts, reason: string) {
  if (language === 'de') {
    return {
      subject: `Lead ${lead.number} wurde storniert`,
      text: `Der Lead ${lead.number} für ${lead.customerName} wurde vom Channel-Management storniert; Sie brauchen ihn nicht weiter zu bearbeiten, und er schützt den Kunden nicht mehr für Sie. Begründung: ${reason}`,
    };
  }
  return {
    subject: `Lead ${lead.number} was cancelled`,
    text: `Lead ${lead.number} for ${lead.customerName} was cancelled by channel management; there is nothing more to do on it, and it no longer protects the customer for you. Reason: ${reason}`,
  };
}

async function mailPartner(
  trx: Trx,
  deps: Pick<Deps, 'clock' | 'config'>,
  partnerId: string,
  lead: LeadMailFacts,
  content: (language: 'de' | 'en') => { subject: string; text: string },
): Promise<void> {
  const link = `${deps.config.publicUrl}/leads/${lead.id}`;
  for (const person of await findLeadRecipients(trx, partnerId)) {
    const language = person.locale === 'en' ? 'en' : 'de';
    const { subject, text } = content(language);
    const open = language === 'de' ? 'Lead öffnen:' : 'Open the lead:';
    await enqueueOutbox(trx, deps.clock, {
      topic: 'mail.send',
      payload: {
        to: person.email,
        subject,
        text: `${text}\n\n${open} ${link}\n`,
        html: `<p>${escapeHtml(text)}</p>\n<p>${escapeHtml(open)} <a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
        locale: language,
      },
    });
  }
}

/** Tells a partner that a lead was routed to it, and until when it holds it. */
export function mailLeadOffered(
  trx: Trx,
  deps: Pick<Deps, 'clock' | 'config'>,
  partnerId: string,
  lead: LeadMailFacts,
): Promise<void> {
  return mailPartner(trx, deps, partnerId, lead, (language) => offeredContent(language, lead));
}

const TAKEN_BACK = { withdrawn: withdrawnContent, cancelled: cancelledContent };

/**
 * Tells the partner holding a lead that a channel manager took it back, with the reason:
 * `withdrawn` (given to another partner or the queue; not to whom) or `cancelled` (closed for good).
 */
export function mailLeadTakenBack(
  trx: Trx,
  deps: Pick<Deps, 'clock' | 'config'>,
  partnerId: string,
  lead: LeadMailFacts,
  reason: string,
  how: keyof typeof TAKEN_BACK,
): Promise<void> {
  return mailPartner(trx, deps, partnerId, lead, (language) => TAKEN_BACK[how](language, lead, reason));
}
