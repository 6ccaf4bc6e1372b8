import { escapeHtml, type MailContent } from '../mail/templates';

// The mail that tells a partner's people how their deal registration was decided, in their language.

type DecisionInput = {
  status: 'approved' | 'rejected';
  prospectName: string;
  productLine: string;
  reason: string;
  protectedUntil: string | null;
  link: string;
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
      'Guten Tag,',
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
      'Hello,',
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
  const kept = lines.filter((line): line is string => line !== null);
  const link = escapeHtml(input.link);
  const html = kept
    .join('\n')
    .split('\n\n')
    .map(
      (block) =>
        `<p>${escapeHtml(block).replace(/\n/g, '<br>').replace(link, `<a href="${link}">${link}</a>`)}</p>`,
    )
    .join('\n');
  return { subject, text: `${kept.join('\n')}\n`, html };
}
