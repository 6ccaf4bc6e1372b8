export type MailContent = { subject: string; text: string; html: string };

type AutoReplyInput = {
  caseNumber: string;
  subject: string;
  statusUrl: string | null;
  mailboxName: string;
};

// The case number goes into the subject in brackets: replies keep it, and threading finds the
// case by it even when a mail program drops In-Reply-To.
const AUTO_REPLY = {
  de: (input: AutoReplyInput) => ({
    subject: `[${input.caseNumber}] Eingangsbestätigung: ${input.subject}`,
    lines: [
      'Guten Tag,',
      '',
      `vielen Dank für Ihre Nachricht. Wir haben sie unter der Nummer ${input.caseNumber} erfasst und melden uns so bald wie möglich.`,
      input.statusUrl ? `Den Stand Ihres Anliegens sehen Sie jederzeit hier: ${input.statusUrl}` : null,
      'Wenn Sie auf diese E-Mail antworten, landet Ihre Antwort direkt bei Ihrem Anliegen.',
      '',
      'Freundliche Grüße',
      input.mailboxName,
      '',
      'Diese Nachricht wurde automatisch erstellt.',
    ],
  }),
  en: (input: AutoReplyInput) => ({
    subject: `[${input.caseNumber}] We received your message: ${input.subject}`,
    lines: [
      'Hello,',
      '',
      `thank you for your message. We have recorded it as ${input.caseNumber} and will get back to you as soon as possible.`,
      input.statusUrl ? `You can follow its progress at any time here: ${input.statusUrl}` : null,
      'If you reply to this e-mail, your reply goes straight to your request.',
      '',
      'Kind regards',
      input.mailboxName,
      '',
      'This message was sent automatically.',
    ],
  }),
} as const;

/** The acknowledgement a new case by mail gets: case number, status link, how to reply. */
export function autoReplyMail(language: 'de' | 'en', input: AutoReplyInput): MailContent {
  const { subject, lines } = AUTO_REPLY[language](input);
  const kept = lines.filter((line): line is string => line !== null);
  return { subject, text: kept.join('\n'), html: paragraphs(kept, input.statusUrl) };
}

/** Plain lines as HTML paragraphs; the status link becomes a link. */
function paragraphs(lines: string[], link: string | null): string {
  const blocks: string[][] = [[]];
  for (const line of lines) {
    if (line === '') blocks.push([]);
    else blocks[blocks.length - 1]!.push(line);
  }
  return blocks
    .filter((block) => block.length > 0)
    .map((block) => {
      const html = block
        .map((line) => {
          const escaped = escapeHtml(line);
          return link
            ? escaped.replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`)
            : escaped;
        })
        .join('<br>');
      return `<p>${html}</p>`;
    })
    .join('\n');
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
