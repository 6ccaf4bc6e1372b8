import { escapeHtml, type MailContent } from '../mail/templates';
import { type Greeted, greetingFor } from '../users/greeting';

// The alert to the complaints group's lead that a public post names us, in the lead's language.

export type MentionAlertInput = {
  caseNumber: string;
  title: string;
  sourceName: string;
  link: string | null;
  author: string | null;
  publishedAt: string | null;
  terms: string[];
  excerpt: string;
  suggestedNumbers: string[];
  caseUrl: string;
  /** The group's lead, who gets the alert. */
  lead: Greeted;
};

function when(iso: string, language: 'de' | 'en'): string {
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    timeZone: 'Europe/Berlin',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

const TEXTS = {
  de: (input: MentionAlertInput) => ({
    subject: `Öffentliche Erwähnung (${input.caseNumber}): ${input.title}`,
    lines: [
      greetingFor('de', input.lead),
      '',
      `in „${input.sourceName}“ wurde ein Beitrag gefunden, der ${input.terms.join(', ')} nennt. Daraus wurde der Vorgang ${input.caseNumber}.`,
      '',
      `Titel: ${input.title}`,
      input.author ? `Autor: ${input.author}` : null,
      input.publishedAt ? `Veröffentlicht: ${when(input.publishedAt, 'de')}` : null,
      input.link ? `Beitrag: ${input.link}` : null,
      input.suggestedNumbers.length > 0
        ? `Vielleicht gehört er zu: ${input.suggestedNumbers.join(', ')}`
        : null,
      '',
      input.excerpt,
      '',
      `Zum Vorgang: ${input.caseUrl}`,
    ],
  }),
  en: (input: MentionAlertInput) => ({
    subject: `Public mention (${input.caseNumber}): ${input.title}`,
    lines: [
      greetingFor('en', input.lead),
      '',
      `A post in "${input.sourceName}" names ${input.terms.join(', ')}. It became case ${input.caseNumber}.`,
      '',
      `Title: ${input.title}`,
      input.author ? `Author: ${input.author}` : null,
      input.publishedAt ? `Published: ${when(input.publishedAt, 'en')}` : null,
      input.link ? `Post: ${input.link}` : null,
      input.suggestedNumbers.length > 0 ? `It may belong to: ${input.suggestedNumbers.join(', ')}` : null,
      '',
      input.excerpt,
      '',
      `Open the case: ${input.caseUrl}`,
    ],
  }),
} as const;

export function mentionAlertMail(language: 'de' | 'en', input: MentionAlertInput): MailContent {
  const { subject, lines } = TEXTS[language](input);
  const kept = lines.filter((line): line is string => line !== null);
  const html = kept
    .join('\n')
    .split('\n\n')
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  // A subject is one line, whatever the post's title holds.
  return { subject: subject.replace(/\s+/g, ' ').trim().slice(0, 250), text: `${kept.join('\n')}\n`, html };
}
