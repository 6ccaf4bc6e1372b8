import type { Trx } from '../../db/database';
import { enqueueOutbox } from '../../jobs/outbox';
import type { Deps } from '../../shared/deps';
import { escapeHtml, type MailContent } from '../mail/templates';
import { type Greeted, greetingFor } from '../users/greeting';
import type { DealRegistrationRow } from './lead.table';
import type { Conflict } from './protection';

// The mails of deal registrations, each in the reader's language: the partner's people learn how
// their registration was decided; the channel managers learn that a new one collides with
// another partner's protection and waits for their decision.

type DecisionInput = {
  status: 'approved' | 'rejected';
  prospectName: string;
  productLine: string;
  reason: string;
  protectedUntil: string | null;
  link: string;
  /** Who the mail is to. */
  recipient: Greeted;
};

function day(iso: string, language: 'de' | 'en'): string {
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    timeZone: 'Europe/Berlin',
    dateStyle: 'long',
  }).format(new Date(iso));
}

const TEXTS = {
  de: (input: DecisionInput) => ({
    subject:
      input.status === 'approved'
        ? `Deal-Registrierung genehmigt: ${input.prospectName} (${input.productLine})`
        : `Deal-Registrierung abgelehnt: ${input.prospectName} (${input.productLine})`,
    lines: [
      greetingFor('de', input.recipient),
      '',
      input.status === 'approved'
        ? `Ihre Deal-Registrierung für ${input.prospectName} (${input.productLine}) wurde genehmigt.`
        : `Ihre Deal-Registrierung für ${input.prospectName} (${input.productLine}) wurde abgelehnt.`,
      `Begründung: ${input.reason}`,
      input.protectedUntil
        ? `Sie sind für diesen Kunden und diese Produktlinie bis zum ${day(input.protectedUntil, 'de')} geschützt.`
        : null,
      '',
      `Ihre Deal-Registrierungen: ${input.link}`,
    ],
  }),
  en: (input: DecisionInput) => ({
    subject:
      input.status === 'approved'
        ? `Deal registration approved: ${input.prospectName} (${input.productLine})`
        : `Deal registration rejected: ${input.prospectName} (${input.productLine})`,
    lines: [
      greetingFor('en', input.recipient),
      '',
      input.status === 'approved'
        ? `Your deal registration for ${input.prospectName} (${input.productLine}) has been approved.`
        : `Your deal registration for ${input.prospectName} (${input.productLine}) has been rejected.`,
      `Reason: ${input.reason}`,
      input.protectedUntil
        ? `You are protected for this customer and product line until ${day(input.protectedUntil, 'en')}.`
        : null,
      '',
      `Your deal registrations: ${input.link}`,
    ],
  }),
} as const;

export function registrationDecisionMail(language: 'de' | 'en', input: DecisionInput): MailContent {
  const { subject, lines } = TEXTS[language](input);
  return render(subject, lines, input.link);
}

function render(subject: string, lines: (string | null)[], rawLink: string): MailContent {
  const kept = lines.filter((line): line is string => line !== null);
  const link = escapeHtml(rawLink);
  const html = kept
    .join('\n')
    .split('\n\n')
    .map(
      (block) =>
        `<p>${escapeHtml(block).replace(/\n/g, '<br>').replace(link, `<a href="${link}">${link}</a>`)}</p>`,
    )
    .join('\n');
  // A subject is one line: a line break typed into a prospect's name must not start a header.
  return { subject: subject.replace(/\s+/g, ' ').trim(), text: `${kept.join('\n')}\n`, html };
}

type ConflictInput = {
  partnerName: string;
  prospectName: string;
  productLine: string;
  conflicts: Conflict[];
  link: string;
  /** Who the mail is to. */
  recipient: Greeted;
};

/** One line per conflict; the channel manager sees whose protection it is (the partner never does). */
function conflictLine(conflict: Conflict, language: 'de' | 'en'): string {
  const other = conflict.partnerName ?? '?';
  const customer = conflict.customerName ?? '?';
  const of = conflict.customerName
    ? language === 'de'
      ? ` (Kunde ${customer})`
      : ` (customer ${customer})`
    : '';
  const until = conflict.until ? day(conflict.until, language) : null;
  if (language === 'de') {
    switch (conflict.kind) {
      case 'reseller_of_record':
        return `- Reseller of Record ist ${other}${of}`;
      case 'lead':
        return `- ${other} hält einen Lead für diesen Kunden${of}`;
      case 'registration':
        return `- ${other} hat eine genehmigte Deal-Registrierung${until ? ` bis zum ${until}` : ''}${of}`;
      case 'existing_customer':
        return `- Der Interessent ist wahrscheinlich der bestehende Kunde ${customer}`;
    }
  }
  switch (conflict.kind) {
    case 'reseller_of_record':
      return `- ${other} is the reseller of record${of}`;
    case 'lead':
      return `- ${other} holds a lead for this customer${of}`;
    case 'registration':
      return `- ${other} has an approved deal registration${until ? ` until ${until}` : ''}${of}`;
    case 'existing_customer':
      return `- The prospect is probably the existing customer ${customer}`;
  }
}

export function registrationConflictMail(language: 'de' | 'en', input: ConflictInput): MailContent {
  const conflicts = input.conflicts.map((conflict) => conflictLine(conflict, language));
  if (language === 'de') {
    return render(
      `Deal-Registrierung mit Konflikt: ${input.prospectName} (${input.productLine}) von ${input.partnerName}`,
      [
        greetingFor('de', input.recipient),
        '',
        `${input.partnerName} hat eine Deal-Registrierung für ${input.prospectName} (${input.productLine}) angelegt, die mit bestehendem Schutz kollidiert:`,
        ...conflicts,
        '',
        'Die Registrierung bleibt offen, bis Sie sie mit Begründung genehmigen oder ablehnen.',
        `Zur Registrierung: ${input.link}`,
      ],
      input.link,
    );
  }
  return render(
    `Deal registration with a conflict: ${input.prospectName} (${input.productLine}) by ${input.partnerName}`,
    [
      greetingFor('en', input.recipient),
      '',
      `${input.partnerName} has registered a deal for ${input.prospectName} (${input.productLine}) that collides with existing protection:`,
      ...conflicts,
      '',
      'The registration stays pending until you approve or reject it with a reason.',
      `To the registration: ${input.link}`,
    ],
    input.link,
  );
}

type MailDeps = Pick<Deps, 'clock' | 'config'>;

/**
 * The decision goes by mail to the person who registered and to the partner's admins, each in
 * their own language; people who are inactive or whose mail bounced are left out.
 */
export async function tellPartner(trx: Trx, deps: MailDeps, row: DealRegistrationRow): Promise<void> {
  const people = await trx
    .selectFrom('person')
    .select(['id', 'email', 'locale', 'roles', 'name', 'salutation'])
    .where('organisation_id', '=', row.partner_id)
    .where('active', '=', 1)
    .where('mail_bounced_at', 'is', null)
    .where((eb) => eb.or([eb('id', '=', row.created_by_person_id), eb('roles', 'like', '%"partner_admin"%')]))
    .orderBy('email')
    .execute();
  for (const person of people) {
    if (!person.email) continue;
    const language = person.locale === 'en' ? 'en' : 'de';
    const content = registrationDecisionMail(language, {
      status: row.status === 'approved' ? 'approved' : 'rejected',
      prospectName: row.prospect_name,
      productLine: row.product_line,
      reason: row.decision_reason ?? '',
      protectedUntil: row.protected_until,
      link: `${deps.config.publicUrl}/deal-registrations`,
      recipient: person,
    });
    await enqueueOutbox(trx, deps.clock, {
      topic: 'mail.send',
      payload: { to: person.email, ...content, locale: language },
    });
  }
}

/**
 * A registration that collides with another partner's protection waits for a channel manager:
 * each active channel manager of the operator gets a mail in their language with the conflicts
 * in full and a link to the registration (in the same transaction, so no registration goes
 * untold and no mail tells of a registration that was rolled back).
 */
export async function tellChannelManagers(
  trx: Trx,
  deps: MailDeps,
  registration: {
    id: string;
    partner_id: string;
    prospect_name: string;
    product_line: string;
    conflicts: Conflict[];
  },
): Promise<void> {
  const partner = await trx
    .selectFrom('organisation')
    .select('name')
    .where('id', '=', registration.partner_id)
    .executeTakeFirstOrThrow();
  const managers = await trx
    .selectFrom('person')
    .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
    .select(['person.email', 'person.locale', 'person.name', 'person.salutation'])
    .where('organisation.kind', '=', 'operator')
    .where('person.active', '=', 1)
    .where('person.mail_bounced_at', 'is', null)
    .where('person.roles', 'like', '%"channel_manager"%')
    .orderBy('person.email')
    .execute();
  for (const manager of managers) {
    if (!manager.email) continue;
    const language = manager.locale === 'en' ? 'en' : 'de';
    const content = registrationConflictMail(language, {
      partnerName: partner.name,
      prospectName: registration.prospect_name,
      productLine: registration.product_line,
      conflicts: registration.conflicts,
      link: `${deps.config.publicUrl}/deal-registrations?id=${registration.id}`,
      recipient: manager,
    });
    await enqueueOutbox(trx, deps.clock, {
      topic: 'mail.send',
      payload: { to: manager.email, ...content, locale: language },
    });
  }
}
