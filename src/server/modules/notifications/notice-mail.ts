// The notification mails, in the recipient's language: a greeting (users/greeting.ts), one or two lines on
// what happened, the link to the case, and one signature (the mailbox's or the product's name).
import type { DecisionOutcome } from '../../../shared/cases';
import type { NotificationKind } from '../../../shared/notifications';
import type { Salutation } from '../../../shared/salutation';
import { escapeHtml, type MailContent } from '../mail/templates';
import { greetingFor } from '../users/greeting';

export type NoticeMailInput = {
  kind: NotificationKind;
  caseNumber: string;
  /** The case's subject, without reply prefixes. */
  subject: string;
  recipientName: string;
  /** With one, a formal greeting by surname ("Sehr geehrte Frau Sommer,"); else by full name. */
  recipientSalutation?: Salutation | null;
  /** The portal page of the case, or its status link for a contact without login. */
  link: string;
  /** Who signs: the mailbox's name for customers, the product's for staff and partners. */
  signature: string;
  timeZone: string;
  customerName?: string;
  description?: string;
  dueAt?: string;
  outcome?: DecisionOutcome;
  policy?: string;
  conditions?: string | null;
  excerpt?: string;
  reason?: string;
  heldTo?: string;
};

type Lines = { subject: string; lines: string[] };

const OUTCOMES = {
  de: { granted: 'bewilligt', conditional: 'bewilligt unter Bedingungen', refused: 'abgelehnt' },
  en: { granted: 'granted', conditional: 'granted on conditions', refused: 'refused' },
} as const;

function when(language: 'de' | 'en', iso: string | undefined, timeZone: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

function german(input: NoticeMailInput): Lines {
  const n = input.caseNumber;
  const s = input.subject;
  switch (input.kind) {
    case 'case_received':
      return {
        subject: `[${n}] Ihr Anliegen ist eingegangen: ${s}`,
        lines: [
          `wir haben Ihr Anliegen „${s}“ erhalten und unter der Nummer ${n} erfasst. Wir melden uns so bald wie möglich.`,
        ],
      };
    case 'commitment_made':
      return {
        subject: `[${n}] Unsere Zusage: ${input.description}`,
        lines: [
          `wir haben Ihnen zugesagt: „${input.description}“, bis ${when('de', input.dueAt, input.timeZone)}.`,
        ],
      };
    case 'commitment_kept':
      return {
        subject: `[${n}] Zusage erfüllt: ${input.description}`,
        lines: [`unsere Zusage „${input.description}“ ist erfüllt.`],
      };
    case 'commitment_broken':
      return {
        subject: `[${n}] Zusage nicht eingehalten: ${input.description}`,
        lines: [
          `unsere Zusage „${input.description}“ (bis ${when('de', input.dueAt, input.timeZone)}) haben wir nicht eingehalten. Das tut uns leid.`,
          'Ihr Anliegen wird jetzt vorrangig bearbeitet.',
        ],
      };
    case 'commitment_dropped':
      return {
        subject: `[${n}] Zusage entfällt: ${input.description}`,
        lines: [
          `unsere Zusage „${input.description}“ entfällt mit dem Abschluss Ihres Anliegens.`,
          `Grund: ${input.reason ?? ''}`,
        ],
      };
    case 'held_for_commitments':
      return {
        subject: `[${n}] Nicht automatisch ${input.heldTo === 'resolved' ? 'gelöst' : 'geschlossen'}: offene Zusagen`,
        lines: [
          `der Fall ${n} („${s}“) wurde nicht automatisch ${input.heldTo === 'resolved' ? 'gelöst' : 'geschlossen'}, weil Zusagen offen sind: ${input.description ?? ''}.`,
          'Bitte sagen Sie, was aus jeder wird (erfüllt, entfällt mit Grund, bleibt offen), und schließen Sie den Fall selbst ab.',
        ],
      };
    case 'decision_made':
      return {
        subject: `[${n}] Entscheidung zu Ihrem Anliegen: ${s}`,
        lines: [
          `wir haben zu Ihrem Anliegen entschieden: ${OUTCOMES.de[input.outcome ?? 'granted']}.`,
          `Grundlage: ${input.policy ?? ''}`,
          ...(input.conditions ? [`Bedingungen: ${input.conditions}`] : []),
        ],
      };
    case 'partner_new_case':
      return {
        subject: `[${n}] Neuer Fall Ihres Kunden ${input.customerName ?? ''}: ${s}`,
        lines: [`für Ihren Kunden ${input.customerName ?? ''} wurde der Fall ${n} („${s}“) angelegt.`],
      };
    case 'partner_public_reply':
      return {
        subject: `[${n}] Antwort an Ihren Kunden: ${s}`,
        lines: [`im Fall ${n} („${s}“) haben wir Ihrem Kunden geantwortet:`, '', input.excerpt ?? ''],
      };
    case 'case_assigned':
      return {
        subject: `[${n}] Ihnen zugewiesen: ${s}`,
        lines: [`der Fall ${n} („${s}“) ist Ihnen zugewiesen.`],
      };
    case 'customer_reply':
      return {
        subject: `[${n}] Neue Nachricht des Kunden: ${s}`,
        lines: [`im Fall ${n} („${s}“) hat der Kunde geschrieben:`, '', input.excerpt ?? ''],
      };
    case 'case_resolved':
    case 'sla_breached':
      // Mailed by the surveys module and the SLA escalation; here only for completeness.
      return { subject: `[${n}] ${s}`, lines: [`Fall ${n}: ${s}`] };
  }
}

function english(input: NoticeMailInput): Lines {
  const n = input.caseNumber;
  const s = input.subject;
  switch (input.kind) {
    case 'case_received':
      return {
        subject: `[${n}] We received your request: ${s}`,
        lines: [
          `we received your request "${s}" and recorded it as ${n}. We will get back to you as soon as possible.`,
        ],
      };
    case 'commitment_made':
      return {
        subject: `[${n}] Our commitment: ${input.description}`,
        lines: [
          `we have committed to: "${input.description}", by ${when('en', input.dueAt, input.timeZone)}.`,
        ],
      };
    case 'commitment_kept':
      return {
        subject: `[${n}] Commitment kept: ${input.description}`,
        lines: [`our commitment "${input.description}" has been kept.`],
      };
    case 'commitment_broken':
      return {
        subject: `[${n}] Commitment missed: ${input.description}`,
        lines: [
          `we did not keep our commitment "${input.description}" (by ${when('en', input.dueAt, input.timeZone)}). We are sorry.`,
          'Your request now has priority.',
        ],
      };
    case 'commitment_dropped':
      return {
        subject: `[${n}] Commitment dropped: ${input.description}`,
        lines: [
          `our commitment "${input.description}" is dropped as your request is resolved.`,
          `Reason: ${input.reason ?? ''}`,
        ],
      };
    case 'held_for_commitments':
      return {
        subject: `[${n}] Not ${input.heldTo === 'resolved' ? 'resolved' : 'closed'} automatically: open commitments`,
        lines: [
          `case ${n} ("${s}") was not ${input.heldTo === 'resolved' ? 'resolved' : 'closed'} automatically because commitments are open: ${input.description ?? ''}.`,
          'Please say what becomes of each (kept, dropped with a reason, carried over) and finish the case yourself.',
        ],
      };
    case 'decision_made':
      return {
        subject: `[${n}] Decision on your request: ${s}`,
        lines: [
          `we have decided on your request: ${OUTCOMES.en[input.outcome ?? 'granted']}.`,
          `Policy: ${input.policy ?? ''}`,
          ...(input.conditions ? [`Conditions: ${input.conditions}`] : []),
        ],
      };
    case 'partner_new_case':
      return {
        subject: `[${n}] New case of your customer ${input.customerName ?? ''}: ${s}`,
        lines: [`case ${n} ("${s}") was opened for your customer ${input.customerName ?? ''}.`],
      };
    case 'partner_public_reply':
      return {
        subject: `[${n}] Reply to your customer: ${s}`,
        lines: [`on case ${n} ("${s}") we replied to your customer:`, '', input.excerpt ?? ''],
      };
    case 'case_assigned':
      return {
        subject: `[${n}] Assigned to you: ${s}`,
        lines: [`case ${n} ("${s}") has been assigned to you.`],
      };
    case 'customer_reply':
      return {
        subject: `[${n}] New message from the customer: ${s}`,
        lines: [`on case ${n} ("${s}") the customer wrote:`, '', input.excerpt ?? ''],
      };
    case 'case_resolved':
    case 'sla_breached':
      return { subject: `[${n}] ${s}`, lines: [`Case ${n}: ${s}`] };
  }
}

/** A notification mail: greeting by name, what happened, the link, one signature. */
export function noticeMailFor(language: 'de' | 'en', input: NoticeMailInput): MailContent {
  const { subject, lines } = language === 'de' ? german(input) : english(input);
  const greeting = greetingFor(language, {
    name: input.recipientName,
    salutation: input.recipientSalutation ?? null,
  });
  const open = language === 'de' ? 'Zum Fall:' : 'Open the case:';
  const regards = language === 'de' ? 'Freundliche Grüße' : 'Kind regards';
  const all = [greeting, '', ...lines, '', `${open} ${input.link}`, '', regards, input.signature];
  const blocks: string[][] = [[]];
  for (const line of all) {
    if (line === '') blocks.push([]);
    else blocks[blocks.length - 1]!.push(line);
  }
  const link = escapeHtml(input.link);
  const html = blocks
    .filter((block) => block.length > 0)
    .map(
      (block) =>
        `<p>${block.map((line) => escapeHtml(line).replace(link, `<a href="${link}">${link}</a>`)).join('<br>')}</p>`,
    )
    .join('\n');
  return { subject, text: all.join('\n'), html };
}

/** The first lines of a message for a notice: enough to decide whether to open the case. */
export function excerptOf(text: string, max = 400): string {
  const trimmed = text.trim().replace(/\n{3,}/g, '\n\n');
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1).trimEnd()}…`;
}
