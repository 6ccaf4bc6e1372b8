// The mail a customer gets when their case is resolved: what was resolved, the one-question
// survey link (while the case has an unanswered one) and the status link. In the contact's language.
import { escapeHtml, type MailContent } from '../mail/templates';
import { type Greeted, greetingFor } from '../users/greeting';

export type ResolutionMailInput = {
  caseNumber: string;
  /** The case's subject, without reply prefixes. */
  subject: string;
  surveyUrl: string | null;
  statusUrl: string | null;
  mailboxName: string;
  /** The case's contact, greeted by name (formally with a salutation). */
  contact: Greeted;
};

const TEXTS = {
  de: (input: ResolutionMailInput) => ({
    subject: `[${input.caseNumber}] Ihr Anliegen ist erledigt: ${input.subject}`,
    lines: [
      greetingFor('de', input.contact),
      '',
      `wir haben Ihr Anliegen ${input.caseNumber} („${input.subject}“) als erledigt abgeschlossen.`,
      'Falls doch noch etwas offen ist, antworten Sie einfach auf diese E-Mail.',
      ...(input.surveyUrl
        ? [
            '',
            'Wie zufrieden sind Sie mit unserer Hilfe? Eine Frage, ein Klick (ohne Anmeldung):',
            input.surveyUrl,
          ]
        : []),
      ...(input.statusUrl ? ['', `Den Verlauf sehen Sie hier: ${input.statusUrl}`] : []),
      '',
      'Freundliche Grüße',
      input.mailboxName,
    ],
  }),
  en: (input: ResolutionMailInput) => ({
    subject: `[${input.caseNumber}] Your request has been resolved: ${input.subject}`,
    lines: [
      greetingFor('en', input.contact),
      '',
      `we have resolved your request ${input.caseNumber} ("${input.subject}").`,
      'If anything is still open, simply reply to this e-mail.',
      ...(input.surveyUrl
        ? [
            '',
            'How satisfied are you with our help? One question, one click (no login needed):',
            input.surveyUrl,
          ]
        : []),
      ...(input.statusUrl ? ['', `You can see its history here: ${input.statusUrl}`] : []),
      '',
      'Kind regards',
      input.mailboxName,
    ],
  }),
} as const;

function linked(line: string, urls: (string | null)[]): string {
  let html = escapeHtml(line);
  for (const url of urls) {
    if (!url) continue;
    const escaped = escapeHtml(url);
    html = html.replace(escaped, `<a href="${escaped}">${escaped}</a>`);
  }
  return html;
}

export function resolutionMail(language: 'de' | 'en', input: ResolutionMailInput): MailContent {
  const { subject, lines } = TEXTS[language](input);
  const blocks: string[][] = [[]];
  for (const line of lines) {
    if (line === '') blocks.push([]);
    else blocks[blocks.length - 1]!.push(line);
  }
  const html = blocks
    .filter((block) => block.length > 0)
    .map((block) => `<p>${block.map((l) => linked(l, [input.surveyUrl, input.statusUrl])).join('<br>')}</p>`)
    .join('\n');
  return { subject, text: lines.join('\n'), html };
}
