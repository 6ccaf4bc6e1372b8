import { useLooseT } from '../cases/CaseBadges';
import type { ThreadReason } from './types';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The threading reason in the UI language; an unknown kind falls back to the server's English sentence. */
export function useThreadReasonText(): (reason: ThreadReason | null, fallback?: string | null) => string {
  const t = useLooseT();
  return (reason, fallback) => {
    if (!reason) return fallback ?? t('mail.reason.none');
    const values = {
      messageId: text(reason.messageId),
      caseNumber: text(reason.caseNumber),
      by: text(reason.by),
      closedCaseNumber: text(reason.closedCaseNumber),
    };
    switch (reason.kind) {
      case 'in-reply-to':
        return t('mail.reason.inReplyTo', values);
      case 'references':
        return t('mail.reason.references', values);
      case 'case-number':
        return t('mail.reason.caseNumber', values);
      case 'reply-token':
        return t('mail.reason.replyToken', values);
      case 'new-case':
        return reason.note === 'closed' ? t('mail.reason.newCaseClosed', values) : t('mail.reason.newCase');
      case 'bounce':
        return values.caseNumber ? t('mail.reason.bounce', values) : t('mail.reason.bounceUnknown');
      case 'filed-by-hand':
        return t('mail.reason.filedByHand', values);
      default:
        return fallback ?? reason.kind;
    }
  };
}
