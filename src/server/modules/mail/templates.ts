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

type CaseReplyInput = {
  caseNumber: string;
  /** The case's subject, without reply prefixes. */
  subject: string;
  /** True when the mail answers a mail of the customer: the subject then gets "AW:"/"Re:". */
  answering: boolean;
  body: string;
  /** Already sanitised HTML of the message, when the agent wrote it with formatting. */
  bodyHtml: string | null;
  statusUrl: string | null;
  authorName: string;
  mailboxName: string;
};

// Mail programs add their own prefix on every reply ("AW: AW: Re:"); we strip what is there and
// put exactly one, in the recipient's language.
const REPLY_PREFIXES = /^\s*(?:(?:re|aw|antw|wg|fw|fwd)\s*(?:\[\d+\])?\s*:\s*)+/i;

export function withoutReplyPrefixes(subject: string): string {
  return subject.replace(REPLY_PREFIXES, '').trim();
}

/**
 * The one signature below an agent's public reply: closing, the author, the mailbox. The reply
 * composer shows these lines (case detail's replySignature), and text modules drop their own.
 */
export function replySignOff(language: 'de' | 'en', authorName: string, mailboxName: string): string[] {
  return [language === 'de' ? 'Freundliche Grüße' : 'Kind regards', authorName, mailboxName];
}

const CASE_REPLY = {
  de: (input: CaseReplyInput) => ({
    prefix: 'AW: ',
    footer: [
      `Ihr Anliegen: ${input.caseNumber} – ${input.subject}`,
      input.statusUrl ? `Den Stand sehen Sie jederzeit hier: ${input.statusUrl}` : null,
      'Wenn Sie auf diese E-Mail antworten, landet Ihre Antwort direkt bei Ihrem Anliegen.',
    ],
    greeting: replySignOff('de', input.authorName, input.mailboxName),
  }),
  en: (input: CaseReplyInput) => ({
    prefix: 'Re: ',
    footer: [
      `Your request: ${input.caseNumber} – ${input.subject}`,
      input.statusUrl ? `You can follow its progress at any time here: ${input.statusUrl}` : null,
      'If you reply to this e-mail, your reply goes straight to your request.',
    ],
    greeting: replySignOff('en', input.authorName, input.mailboxName),
  }),
} as const;

/**
 * An agent's public reply as a mail: the message, a greeting, then the case number and status link.
 * The case number also goes into the subject so threading finds the case without any headers.
 */
export function caseReplyMail(language: 'de' | 'en', input: CaseReplyInput): MailContent {
  const { prefix, footer, greeting } = CASE_REPLY[language](input);
  const kept = footer.filter((line): line is string => line !== null);
  const subject = `${input.answering ? prefix : ''}[${input.caseNumber}] ${input.subject}`;
  const text = [input.body.trim(), '', ...greeting, '', '-- ', ...kept].join('\n');
  const bodyHtml = input.bodyHtml ?? paragraphs(input.body.trim().split('\n'), null);
  const html = [
    bodyHtml,
    paragraphs(greeting, null),
    '<hr>',
    `<div style="color:#555;font-size:0.9em">${paragraphs(kept, input.statusUrl)}</div>`,
  ].join('\n');
  return { subject, text, html };
}

export type EscalationInput = {
  caseNumber: string;
  subject: string;
  note: string;
  customer: string;
  contact: string | null;
  facts: { label: string; value: string; unconfirmed: boolean }[];
  /** Public messages of the case, oldest first, already shortened. */
  excerpt: { at: string; author: string; body: string }[];
  authorName: string;
  mailboxName: string;
};

const BERLIN = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  dateStyle: 'medium',
  timeStyle: 'short',
});

/**
 * The case handed to a third party (a carrier, a manufacturer). German, because the third parties
 * are German businesses. It asks for their own reference so their reply can be filed with it.
 */
export function escalationMail(input: EscalationInput): MailContent {
  const subject = `[${input.caseNumber}] Bitte um Bearbeitung: ${input.subject}`;
  const details = [
    `Unser Vorgang: ${input.caseNumber}`,
    `Betreff: ${input.subject}`,
    `Kunde: ${input.customer}`,
    input.contact ? `Ansprechpartner beim Kunden: ${input.contact}` : null,
  ].filter((line): line is string => line !== null);
  const facts = input.facts.map((f) => `${f.label}: ${f.value}${f.unconfirmed ? ' (unbestätigt)' : ''}`);
  const excerpt = input.excerpt.map((m) => ({
    head: `${BERLIN.format(new Date(m.at))}, ${m.author}:`,
    body: m.body,
  }));
  const closing = [
    'Bitte antworten Sie auf diese E-Mail und nennen Sie dabei Ihre eigene Vorgangsnummer; Ihre Antwort wird dann unserem Vorgang zugeordnet.',
  ];
  const greeting = ['Freundliche Grüße', input.authorName, input.mailboxName];

  const text = [
    'Guten Tag,',
    '',
    `wir bitten Sie um Bearbeitung des folgenden Vorgangs.`,
    '',
    input.note.trim(),
    '',
    ...details,
    ...(facts.length > 0 ? ['', 'Angaben zum Fall:', ...facts.map((f) => `- ${f}`)] : []),
    ...(excerpt.length > 0
      ? ['', 'Bisheriger Verlauf (Auszug):', ...excerpt.flatMap((m) => ['', m.head, m.body])]
      : []),
    '',
    ...closing,
    '',
    ...greeting,
  ].join('\n');

  const list = (items: string[]) => `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  const html = [
    '<p>Guten Tag,</p>',
    '<p>wir bitten Sie um Bearbeitung des folgenden Vorgangs.</p>',
    paragraphs(input.note.trim().split('\n'), null),
    list(details),
    ...(facts.length > 0 ? ['<p><strong>Angaben zum Fall</strong></p>', list(facts)] : []),
    ...(excerpt.length > 0
      ? [
          '<p><strong>Bisheriger Verlauf (Auszug)</strong></p>',
          ...excerpt.map(
            (m) =>
              `<p><em>${escapeHtml(m.head)}</em></p><blockquote>${paragraphs(m.body.split('\n'), null)}</blockquote>`,
          ),
        ]
      : []),
    paragraphs(closing, null),
    paragraphs(greeting, null),
  ].join('\n');
  return { subject, text, html };
}

/** A notice to an operator user (SLA warning, breach, missed commitment): text plus a link to the case. */
export function noticeMail(
  language: 'de' | 'en',
  input: { subject: string; text: string; link: string },
): MailContent {
  const open = language === 'de' ? 'Fall öffnen:' : 'Open the case:';
  const lines = [input.text, '', `${open} ${input.link}`];
  return { subject: input.subject, text: `${lines.join('\n')}\n`, html: paragraphs(lines, input.link) };
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
