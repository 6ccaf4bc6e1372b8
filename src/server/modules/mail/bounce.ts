/** What a delivery report says about a mail we sent. */
export type BounceReport = {
  /** Message-ID (without < >) of our mail that could not be delivered, when the report quotes it. */
  originalMessageId: string | null;
  failedRecipients: string[];
  /**
   * The addresses the report says can never be reached (action 'failed'): only these are marked as
   * undeliverable. A delayed recipient, or one delivered next to a failed one, is not among them.
   */
  undeliverable: string[];
  /** RFC 3464 action: 'failed', 'delayed', or for a positive report 'delivered' / 'relayed' / 'expanded'. */
  action: string | null;
  /** RFC 3463 status code such as '5.1.1'. */
  status: string | null;
  diagnostic: string | null;
};

/** The parts of a parsed mail a bounce is recognised by; parse.ts builds it from mailparser's output. */
export type BounceEvidence = {
  fromAddress: string | null;
  fromName: string;
  subject: string;
  /** Root content type and its report-type parameter, e.g. multipart/report + delivery-status. */
  contentType: string | null;
  reportType: string | null;
  /** X-Failed-Recipients (Exim and others), addresses as written. */
  xFailedRecipients: string[];
  text: string;
  /** Non-text parts: message/delivery-status, message/rfc822, text/rfc822-headers and the like. */
  parts: { contentType: string; content: Buffer }[];
};

const DELIVERY_STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const ORIGINAL_MESSAGE_TYPES = new Set([
  'message/rfc822',
  'message/global',
  'text/rfc822-headers',
  'message/rfc822-headers',
  'message/global-headers',
]);
const DAEMON_LOCAL_PART = /^(mailer-daemon|postmaster)$/i;
const DAEMON_NAME = /^(mail delivery (system|subsystem)|microsoft outlook|mail administrator)$/i;
const FAILURE_SUBJECT =
  /(undelivered mail|undeliverable|unzustellbar|mail delivery failed|delivery status notification \(failure\)|returned mail|delivery failure|failure notice|nicht zugestellt|zustellung fehlgeschlagen|mail delivery failure)/i;
const DELAY_SUBJECT =
  /(delayed mail|delivery status notification \(delay\)|delivery delayed|warning: message .* delayed|zustellung verz(ö|oe)gert|verz(ö|oe)gerte zustellung|still being retried)/i;
const ADDRESS =
  /[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+/gi;

/** Header fields of a delivery-status or header block, unfolded; the first occurrence of a name wins. */
function fieldsOf(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}

/** "rfc822; a@b" and "smtp; 550 …" carry a type before the value that nobody needs. */
function withoutTypePrefix(value: string): string {
  const match = /^[a-z0-9-]+\s*;\s*(.*)$/i.exec(value);
  return (match ? match[1] : value)?.trim() ?? '';
}

function messageIdOf(value: string | undefined): string | null {
  if (!value) return null;
  const match = /<([^<>\s]+)>/.exec(value) ?? /^\s*([^<>\s]+@[^<>\s]+)\s*$/.exec(value);
  return match?.[1] ?? null;
}

/** Message-ID of the original mail quoted in a report part (a whole message or only its headers). */
function originalMessageIdIn(parts: BounceEvidence['parts']): string | null {
  for (const part of parts) {
    if (!ORIGINAL_MESSAGE_TYPES.has(part.contentType)) continue;
    const raw = part.content.toString('utf8');
    const headerEnd = raw.search(/\r?\n\r?\n/);
    const id = messageIdOf(fieldsOf(headerEnd >= 0 ? raw.slice(0, headerEnd) : raw).get('message-id'));
    if (id) return id;
  }
  return null;
}

/** Message-ID of the original mail when a bounce pastes its headers into the body text. */
function originalMessageIdInText(text: string): string | null {
  const match = /^[ \t>]*Message-ID:\s*(<[^<>\s]+>)/im.exec(text);
  return messageIdOf(match?.[1]);
}

const ACTION_WEIGHT: Record<string, number> = { failed: 3, delayed: 2 };

function fromDeliveryStatus(content: Buffer, evidence: BounceEvidence): BounceReport {
  // The first block describes the message, every further block one recipient (RFC 3464 §2.1).
  const blocks = content
    .toString('utf8')
    .split(/\r?\n[ \t]*\r?\n/)
    .map(fieldsOf)
    .filter((fields) => fields.size > 0);
  const perMessage = blocks[0] ?? new Map<string, string>();
  const recipients = blocks
    .slice(1)
    .concat(blocks.length === 1 && blocks[0]?.has('action') ? [blocks[0]] : [])
    .filter(
      (fields) => fields.has('final-recipient') || fields.has('original-recipient') || fields.has('action'),
    )
    .map((fields) => ({
      address: withoutTypePrefix(
        fields.get('final-recipient') ?? fields.get('original-recipient') ?? '',
      ).toLowerCase(),
      // The address we wrote to, when a forwarding server names where it went on (Final-Recipient).
      originalAddress: withoutTypePrefix(fields.get('original-recipient') ?? '').toLowerCase(),
      action: (fields.get('action') ?? '').toLowerCase().split(/\s/)[0] ?? '',
      status: /\d\.\d{1,3}\.\d{1,3}/.exec(fields.get('status') ?? '')?.[0] ?? null,
      diagnostic: fields.has('diagnostic-code')
        ? withoutTypePrefix(fields.get('diagnostic-code') ?? '')
        : null,
    }));
  // The report's action is the worst one among its recipients; its first such recipient explains it.
  const worst = [...recipients].sort(
    (a, b) => (ACTION_WEIGHT[b.action] ?? 0) - (ACTION_WEIGHT[a.action] ?? 0),
  )[0];
  const failedRecipients = recipients
    .filter((recipient) => recipient.action === 'failed' || recipient.action === 'delayed')
    .map((recipient) => recipient.address)
    .filter((address) => address !== '');
  const undeliverable = recipients
    .filter((recipient) => recipient.action === 'failed')
    .flatMap((recipient) => [recipient.address, recipient.originalAddress])
    .filter((address) => address.includes('@'));
  const originalMessageId =
    originalMessageIdIn(evidence.parts) ??
    messageIdOf(perMessage.get('original-message-id') ?? perMessage.get('x-original-message-id')) ??
    originalMessageIdInText(evidence.text);
  return {
    originalMessageId,
    failedRecipients: [...new Set(failedRecipients)],
    undeliverable: [...new Set(undeliverable)],
    action: worst?.action || null,
    status: worst?.status ?? null,
    diagnostic: worst?.diagnostic ?? null,
  };
}

/** Failed recipients named in the prose of a non-standard bounce (Postfix, Exchange, Gmail, German MTAs). */
function failedRecipientsInText(text: string, ownAddress: string | null): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*<([^<>\s]+@[^<>\s]+)>:/gm, // Postfix: "<buero@x.example>: host … said: 550 …"
    /(?:message to|nachricht an|delivered to|zugestellt werden an|recipient address|empfängeradresse)\s*:?\s*<?([^<>\s,;:]+@[^<>\s,;:]+)>?/gi,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) if (match[1]) found.push(match[1]);
  }
  // Exchange lists addresses on the lines below "Delivery has failed to these recipients or groups:".
  const listed =
    /(?:failed to these recipients or groups|an folgende empfänger oder gruppen)[^\n]*:\s*\n+((?:.*\S.*\n?){1,10})/i.exec(
      text,
    );
  if (listed?.[1]) {
    const block = listed[1].split(/\n\s*\n/)[0] ?? '';
    found.push(...(block.match(ADDRESS) ?? []));
  }
  return [...new Set(found.map((address) => address.toLowerCase().replace(/\.$/, '')))].filter(
    (address) => address !== ownAddress,
  );
}

function diagnosticInText(text: string): string | null {
  const line = text
    .split(/\r?\n/)
    .map((candidate) => candidate.trim())
    .find((candidate) => /\b[45]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b/.test(candidate));
  return line ?? null;
}

function looksLikeDaemon(evidence: BounceEvidence): boolean {
  const local = evidence.fromAddress?.split('@')[0] ?? '';
  return DAEMON_LOCAL_PART.test(local) || DAEMON_NAME.test(evidence.fromName.trim());
}

/**
 * Recognises a delivery report about a mail we sent. A standard RFC 3464 report is read field by field;
 * otherwise a mail counts as a bounce when its subject says so and it comes from a mailer daemon or
 * postmaster (or quotes the original message), which is how Exchange, Gmail and older MTAs write them.
 * A positive report (action 'delivered') is returned as well: it is machine mail, not a bounce to act on.
 */
export function detectBounce(evidence: BounceEvidence): BounceReport | null {
  const deliveryStatus = evidence.parts.find((part) => DELIVERY_STATUS_TYPES.has(part.contentType));
  if (deliveryStatus) {
    const report = fromDeliveryStatus(deliveryStatus.content, evidence);
    if (report.action) return report;
  }

  const subjectSaysDelay = DELAY_SUBJECT.test(evidence.subject);
  const subjectSaysFailure = FAILURE_SUBJECT.test(evidence.subject);
  const isReport = evidence.contentType === 'multipart/report';
  const quotesOriginal = evidence.parts.some((part) => ORIGINAL_MESSAGE_TYPES.has(part.contentType));
  const fromDaemon = looksLikeDaemon(evidence);
  const claimsBounce = subjectSaysDelay || subjectSaysFailure || evidence.xFailedRecipients.length > 0;
  if (!claimsBounce || !(fromDaemon || isReport || quotesOriginal)) return null;

  const failedRecipients = [
    ...new Set([
      ...evidence.xFailedRecipients.map((address) => address.trim().toLowerCase()),
      ...failedRecipientsInText(evidence.text, evidence.fromAddress),
    ]),
  ].filter((address) => address !== '');
  const diagnostic = diagnosticInText(evidence.text);
  const action = subjectSaysDelay && !subjectSaysFailure ? 'delayed' : 'failed';
  return {
    originalMessageId: originalMessageIdIn(evidence.parts) ?? originalMessageIdInText(evidence.text),
    failedRecipients,
    undeliverable: action === 'failed' ? failedRecipients : [],
    action,
    status: /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(diagnostic ?? evidence.text)?.[1] ?? null,
    diagnostic,
  };
}
