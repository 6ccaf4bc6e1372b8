import type { Trx } from '../../db/database';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import type { CaseType } from '../cases/case.table';
import { type FiledFact, recordFiledFacts } from '../cases/filing';
import { addMessage, changeCase, type ExternalAuthor, openCase } from '../cases/service';
import { flagContactForReview } from '../users/contacts';
import { decideAutoReply, enqueueAutoReply } from './auto-reply';
import { fileBounce } from './file-bounce';
import {
  AlreadyProcessed,
  MAIL_SCOPE,
  MAX_PROCESSING_ATTEMPTS,
  markDone,
  type ProcessOutcome,
} from './inbound-state';
import { isInvoiceRequestMail } from './invoice-request-mail';
import type { InboundMailRow } from './mail.table';
import { bodyOf, htmlOf, senderAddressOf, withoutNulCharacters } from './mail-content';
import { storeAttachmentFiles } from './mail-files';
import { messageIdOf } from './message-id';
import { classifyNoise, isBulkMail, isMachineMail, type NoiseVerdict } from './noise';
import { MailParseError, type ParsedMail, parseMail } from './parse';
import { senderStanding } from './sender-standing';
import { matchSender, type SenderMatch, senderOrganisation, unassignedCustomer } from './senders';
import { allMailboxAddresses, mailboxForRecipients } from './store';
import { caseSubjectOf } from './subject';
import { thirdPartyReferenceFact } from './third-party-reference';
import type { ThreadReason } from './thread-reason';
import { findThread, type ThreadedCase } from './threading';

// The second half of "store first, file after": a stored mail becomes a case, a message on one, a
// quiet event, a delivery report on the case whose mail bounced, or waits for a person (the
// needs-attention queue, the bulk queue). Storing is store.ts; the rules live in their own files
// (threading, noise, bounce, sender standing, subject, Message-ID); this file puts them in order.

export { MAX_PROCESSING_ATTEMPTS, type ProcessOutcome } from './inbound-state';

/**
 * Turns a stored mail into a case or a message on one, exactly once: the mail's row changes from
 * `received` to its outcome in the same transaction that writes the case, so a crash or a second
 * worker can neither lose it nor file it twice.
 */
export async function processInboundMail(deps: Deps, id: string): Promise<ProcessOutcome> {
  const row = await deps.db
    .selectFrom('inbound_mail')
    .selectAll()
    .where('id', '=', id)
    .where('state', '=', 'received')
    .executeTakeFirst();
  if (!row) return 'already_processed';
  try {
    return await fileMail(deps, row);
  } catch (error) {
    if (error instanceof AlreadyProcessed) return 'already_processed';
    const attempts = row.attempts + 1;
    const message = error instanceof Error ? error.message : String(error);
    await deps.db
      .updateTable('inbound_mail')
      .set({
        attempts,
        error: message.slice(0, 2000),
        ...(attempts >= MAX_PROCESSING_ATTEMPTS
          ? { state: 'needs_attention', outcome: 'failed', processed_at: isoNow(deps.clock) }
          : {}),
      })
      .where('id', '=', row.id)
      .where('state', '=', 'received')
      .execute();
    return 'failed';
  }
}

async function fileMail(deps: Deps, row: InboundMailRow): Promise<ProcessOutcome> {
  let parsed: ParsedMail;
  try {
    parsed = withoutNulCharacters(await parseMail(row.raw));
  } catch (error) {
    if (!(error instanceof MailParseError)) throw error;
    await deps.db
      .transaction()
      .execute((trx) =>
        markDone(trx, deps, row, { state: 'needs_attention', outcome: 'unparseable', error: error.message }),
      );
    return 'unparseable';
  }
  const mailbox = row.mailbox_id
    ? await deps.db.selectFrom('mailbox').selectAll().where('id', '=', row.mailbox_id).executeTakeFirst()
    : await mailboxForRecipients(deps.db, [
        ...JSON.parse(row.envelope_to),
        ...parsed.to.map((a) => a.address),
        ...parsed.cc.map((a) => a.address),
        ...parsed.deliveredTo,
      ]);
  const ownAddresses = await allMailboxAddresses(deps.db);
  const noise = classifyNoise(parsed, ownAddresses);

  if (parsed.bounce) return fileBounce(deps, row, parsed);
  if (noise.reasons.includes('own-address')) {
    // Our own mail came back (a forwarding loop): kept for a person to look at, not filed.
    await deps.db.transaction().execute((trx) =>
      markDone(trx, deps, row, {
        state: 'needs_attention',
        outcome: 'ignored_loop',
        parsed,
        error: 'sent from one of our own addresses',
      }),
    );
    return 'ignored_loop';
  }

  const messageId = messageIdOf(parsed);
  const threaded = await findThread(deps, parsed, ownAddresses);
  if (isMachineMail(noise)) {
    // An auto-reply or a newsletter about a case (even a closed one) is noted there, quietly.
    const quietTarget = threaded.kind === 'existing' ? threaded : threaded.closed;
    if (quietTarget) return fileQuietMail(deps, row, parsed, noise, messageId, quietTarget);
  }
  if (threaded.kind === 'new-case' && isBulkMail(noise)) {
    await deps.db.transaction().execute((trx) =>
      markDone(trx, deps, row, {
        state: 'bulk',
        outcome: 'bulk',
        reason: threaded.reason,
        parsed,
        messageId,
      }),
    );
    return 'bulk';
  }

  // A mail without any sender is still filed; nobody can be answered, and the case says so.
  const senderAddress = senderAddressOf(parsed);
  const sender = senderAddress
    ? await matchSender(deps, MAIL_SCOPE, { address: senderAddress, name: parsed.from?.name ?? '' })
    : null;
  const files = await storeAttachmentFiles(deps, parsed);
  const referenceFact = await thirdPartyReferenceFact(deps, MAIL_SCOPE, sender, parsed);
  const extras = {
    files,
    facts: referenceFact ? [referenceFact] : ([] as FiledFact[]),
    uploadedBy: sender?.personId ?? null,
  };
  const remember = (trx: Trx, caseId: string, caseMessageId: string) =>
    rememberMessageId(trx, deps, messageId, caseId, caseMessageId);

  if (threaded.kind === 'existing') {
    const standing = senderStanding(sender, threaded.target);
    await addMessage(
      deps,
      MAIL_SCOPE,
      threaded.target.id,
      { body: bodyOf(parsed), attachmentIds: [] },
      {
        author: authorOf(sender, standing.side),
        html: htmlOf(parsed),
        inboundMailId: row.id,
        mailSubject: parsed.subject,
        extras,
        alsoInTransaction: async (trx, written) => {
          await remember(trx, written.caseId, written.messageId);
          // Not the case's customer or partner: kept internal, and the person goes on the review list.
          if (standing.review && sender) await flagContactForReview(trx, deps, sender.personId);
          await markDone(trx, deps, row, {
            state: 'processed',
            outcome: 'reply',
            reason: threaded.reason,
            parsed,
            messageId,
            caseId: written.caseId,
            caseMessageId: written.messageId,
          });
        },
      },
    );
    return 'reply';
  }

  const standing = senderStanding(sender, null);
  const customerId =
    sender?.organisationKind === 'customer'
      ? sender.organisationId
      : await unassignedCustomer(deps, MAIL_SCOPE);
  const autoReplyDecision = senderAddress
    ? await decideAutoReply(deps, mailbox, noise, senderAddress)
    : 'no sender';
  const subject = caseSubjectOf(parsed.subject, `E-Mail von ${senderAddress ?? 'unbekannt'}`);
  await openCase(
    deps,
    MAIL_SCOPE,
    {
      type: (await isInvoiceRequestMail(deps, sender, parsed))
        ? 'invoice_request'
        : ((mailbox?.case_type ?? 'request') as CaseType),
      subject: subject.subject,
      customerId,
      contactId: sender?.organisationKind === 'customer' ? sender.personId : undefined,
      partnerId: sender?.organisationKind === 'partner' ? sender.organisationId : undefined,
      priority: 'normal',
      channel: 'email',
      groupId: mailbox?.group_id ?? undefined,
      tags: sender?.matchedBy === 'address' ? [] : ['absender-prüfen'],
      description: bodyOf(parsed),
      facts: [],
    },
    {
      author: authorOf(sender, standing.side),
      html: htmlOf(parsed),
      inboundMailId: row.id,
      fullSubject: subject.full ?? undefined,
      extras,
      alsoInTransaction: async (trx, written) => {
        await remember(trx, written.caseId, written.messageId);
        if (autoReplyDecision === 'sent' && mailbox && senderAddress)
          await enqueueAutoReply(
            trx,
            deps,
            { mailbox, parsed, answering: messageId, to: senderAddress },
            written,
          );
        await markDone(trx, deps, row, {
          state: 'processed',
          outcome: 'new_case',
          reason: threaded.reason,
          parsed,
          messageId,
          caseId: written.caseId,
          caseMessageId: written.messageId,
          autoReply: autoReplyDecision,
        });
      },
    },
  );
  return 'new_case';
}

/** The person the message is from, on the side their mail may be seen from (sender-standing.ts). */
function authorOf(sender: SenderMatch | null, side: ExternalAuthor['side']): ExternalAuthor {
  return { personId: sender?.personId ?? null, label: sender?.name ?? 'Unbekannter Absender', side };
}

/**
 * Machine mail about a case (an auto-reply, an out-of-office note, list mail) is kept as an
 * internal event: no message, so it neither counts as the customer's answer nor reopens the
 * case nor touches an SLA clock.
 */
async function fileQuietMail(
  deps: Deps,
  row: InboundMailRow,
  parsed: ParsedMail,
  noise: NoiseVerdict,
  messageId: string,
  thread: { target: ThreadedCase; reason: ThreadReason },
): Promise<ProcessOutcome> {
  // A carrier's automatic acknowledgement names its ticket: that is worth keeping as a fact.
  const address = senderAddressOf(parsed);
  const organisation = address ? await senderOrganisation(deps.db, address) : null;
  const referenceFact = await thirdPartyReferenceFact(deps, MAIL_SCOPE, organisation, parsed);
  await changeCase(deps, MAIL_SCOPE, thread.target.id, async ({ trx, event }) => {
    if (referenceFact) await recordFiledFacts(trx, deps, MAIL_SCOPE, thread.target.id, [referenceFact]);
    await event('mail_quiet', 'internal', {
      from: address ?? '',
      subject: caseSubjectOf(parsed.subject, '').subject,
      reasons: noise.reasons,
      excerpt: bodyOf(parsed).slice(0, 500),
      inboundMailId: row.id,
    });
    await rememberMessageId(trx, deps, messageId, thread.target.id, null);
    await markDone(trx, deps, row, {
      state: 'processed',
      outcome: 'quiet',
      reason: thread.reason,
      parsed,
      messageId,
      caseId: thread.target.id,
    });
  });
  return 'quiet';
}

/** Every Message-ID we receive is kept, so a mail referring to it finds its case. */
async function rememberMessageId(
  trx: Trx,
  deps: Deps,
  messageId: string,
  caseId: string,
  caseMessageId: string | null,
): Promise<void> {
  await trx
    .insertInto('mail_reference')
    .values({
      message_id: messageId,
      case_id: caseId,
      case_message_id: caseMessageId,
      direction: 'inbound',
      recipient: null,
      created_at: isoNow(deps.clock),
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute();
}
