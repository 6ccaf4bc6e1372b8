import type { Db } from '../../db/database';
import type { Deps } from '../../shared/deps';
import type { ParsedMail } from './parse';
import { readReplyToken } from './reply-token';
import { threadKeys } from './thread-keys';
import type { ThreadReason } from './thread-reason';

/** The case a mail threads into, with what decides whose side its sender is on. */
export type ThreadedCase = {
  id: string;
  number: string;
  status: string;
  customerId: string;
  partnerId: string | null;
};

export type Thread =
  | { kind: 'existing'; target: ThreadedCase; reason: ThreadReason }
  /** `closed`: the closed case the mail would have joined, and why. */
  | { kind: 'new-case'; reason: ThreadReason; closed?: { target: ThreadedCase; reason: ThreadReason } };

/**
 * The threading rules, in order (In-Reply-To and References, our case number in the subject, the
 * reply token in a recipient address); each match names itself as the reason. A closed case takes
 * no mail: the mail opens a new case, and the closed one is named (a quiet mail still goes to it).
 */
export async function findThread(
  deps: Deps,
  parsed: ParsedMail,
  mailboxAddresses: string[],
): Promise<Thread> {
  const keys = threadKeys(parsed, { caseNumberPrefix: deps.config.cases.numberPrefix, mailboxAddresses });
  const inReplyTo = new Set(parsed.inReplyTo);
  let closed: { target: ThreadedCase; reason: ThreadReason } | undefined;
  const open = async (caseId: string, reason: (number: string) => ThreadReason): Promise<Thread | null> => {
    const target = await followMerges(deps.db, caseId);
    if (!target) return null;
    if (target.status === 'closed') {
      closed ??= { target, reason: reason(target.number) };
      return null;
    }
    return { kind: 'existing', target, reason: reason(target.number) };
  };
  for (const messageId of keys.messageIds) {
    const known = await deps.db
      .selectFrom('mail_reference')
      .select('case_id')
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    if (!known) continue;
    const found = await open(known.case_id, (caseNumber) =>
      inReplyTo.has(messageId)
        ? { kind: 'in-reply-to', messageId, caseNumber }
        : { kind: 'references', messageId, caseNumber },
    );
    if (found) return found;
  }
  for (const number of keys.caseNumbers) {
    const known = await deps.db
      .selectFrom('support_case')
      .select('id')
      .where('number', '=', number)
      .executeTakeFirst();
    if (!known) continue;
    const found = await open(known.id, (caseNumber) => ({ kind: 'case-number', caseNumber }));
    if (found) return found;
  }
  for (const token of keys.replyTokens) {
    const caseId = readReplyToken(token, deps.config.sessionSecret);
    if (!caseId) continue;
    const found = await open(caseId, (caseNumber) => ({ kind: 'reply-token', caseNumber }));
    if (found) return found;
  }
  return closed
    ? {
        kind: 'new-case',
        reason: { kind: 'new-case', note: 'closed', closedCaseNumber: closed.target.number },
        closed,
      }
    : { kind: 'new-case', reason: { kind: 'new-case' } };
}

/** A merged case answers for the case it was merged into. */
export async function followMerges(db: Db, caseId: string): Promise<ThreadedCase | undefined> {
  const read = (id: string) =>
    db
      .selectFrom('support_case')
      .select(['id', 'number', 'status', 'merged_into_id', 'customer_id', 'partner_id'])
      .where('id', '=', id)
      .executeTakeFirst();
  let current = await read(caseId);
  for (let hops = 0; current?.merged_into_id && hops < 10; hops++)
    current = await read(current.merged_into_id);
  return current
    ? {
        id: current.id,
        number: current.number,
        status: current.status,
        customerId: current.customer_id,
        partnerId: current.partner_id,
      }
    : undefined;
}
