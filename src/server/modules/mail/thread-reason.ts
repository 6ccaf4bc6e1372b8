/**
 * Why a mail joined its case, stored with the mail and shown in the API and the UI. Threading
 * tries, in this order: In-Reply-To, References, our case number in the subject, a reply token in
 * a recipient address; otherwise the mail opens a new case.
 */
export type ThreadReason =
  | { kind: 'in-reply-to'; messageId: string; caseNumber: string }
  | { kind: 'references'; messageId: string; caseNumber: string }
  | { kind: 'case-number'; caseNumber: string }
  | { kind: 'reply-token'; caseNumber: string }
  | { kind: 'new-case'; note?: 'closed'; closedCaseNumber?: string }
  | { kind: 'bounce'; messageId: string | null; caseNumber: string | null }
  /** A person filed a mail from the needs-attention queue. */
  | { kind: 'filed-by-hand'; caseNumber: string; by: string };

/** The reason in one plain English sentence, as the API and logs give it. */
export function describeThreadReason(reason: ThreadReason): string {
  switch (reason.kind) {
    case 'in-reply-to':
      return `matched In-Reply-To of message <${reason.messageId}> in ${reason.caseNumber}`;
    case 'references':
      return `matched References entry <${reason.messageId}> in ${reason.caseNumber}`;
    case 'case-number':
      return `case number ${reason.caseNumber} in subject`;
    case 'reply-token':
      return `reply address of ${reason.caseNumber}`;
    case 'new-case':
      return reason.note === 'closed'
        ? `new case: ${reason.closedCaseNumber} is closed`
        : 'new case: no match';
    case 'bounce':
      return reason.caseNumber
        ? `delivery report for <${reason.messageId}> sent from ${reason.caseNumber}`
        : 'delivery report for a mail we do not know';
    case 'filed-by-hand':
      return `filed into ${reason.caseNumber} by ${reason.by}`;
  }
}
