// What happens when a case is resolved: its survey row (one per case) and the resolution mail
// with the survey link, both in the case's transaction, so the mail is in the outbox if and only
// if the case is resolved. Called from the case hooks: like mail/case-mail.ts it must not import
// the case service at load time (the service imports the hooks).
import type { Trx } from '../../db/database';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import type { SupportCaseRow } from '../cases/case.table';
import { enqueueCaseMail, mailboxForCase } from '../mail/case-mail';
import { withoutReplyPrefixes } from '../mail/templates';
import { resolutionMail } from './resolution-mail';
import type { CaseSurveyRow } from './survey.table';
import { surveyUrl } from './survey-token';

/** How long the survey link in the resolution mail works. */
export const SURVEY_VALID_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * The case's survey, made on its first resolution with the agent and group who resolved it. A case
 * resolved again (after it was reopened) keeps its survey; an unanswered one is issued anew with
 * this resolution's agent and group, and one that expired meanwhile gets a fresh period. An answered
 * survey stays with whoever it was answered for.
 */
async function surveyFor(
  trx: Trx,
  deps: Pick<Deps, 'clock'>,
  row: Pick<SupportCaseRow, 'id' | 'assignee_id' | 'group_id'>,
  language: 'de' | 'en',
) {
  const caseId = row.id;
  const resolver = { assignee_id: row.assignee_id, group_id: row.group_id };
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + SURVEY_VALID_DAYS * DAY_MS).toISOString();
  const existing = await trx
    .selectFrom('case_survey')
    .selectAll()
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!existing) {
    return trx
      .insertInto('case_survey')
      .values({
        id: newId(),
        case_id: caseId,
        language,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        answered_at: null,
        score: null,
        comment: null,
        ...resolver,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  if (existing.answered_at) return existing;
  const expired = existing.expires_at <= now.toISOString();
  return trx
    .updateTable('case_survey')
    .set({ ...(expired ? { expires_at: expiresAt, language } : {}), ...resolver })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function onCaseResolved(trx: Trx, deps: Deps, row: SupportCaseRow): Promise<void> {
  // An invoice request is resolved by its own reply mail (with the invoices); no second mail.
  if (row.type === 'invoice_request') return;
  const contact = row.contact_id
    ? await trx
        .selectFrom('person')
        .select(['email', 'locale', 'active', 'mail_bounced_at', 'name', 'salutation'])
        .where('id', '=', row.contact_id)
        .executeTakeFirst()
    : undefined;
  const language = contact?.locale === 'en' ? 'en' : 'de';
  const survey: CaseSurveyRow = await surveyFor(trx, deps, row, language);
  // Nobody to write to (no contact, a bounced or deactivated one) or nothing to send from: the
  // survey still exists, and the status page is where the customer finds the case.
  if (!contact?.email || contact.mail_bounced_at || contact.active !== 1) return;
  const mailbox = await mailboxForCase(trx, row.id);
  if (!mailbox) return;
  // Loaded when used, not at import: status-link.ts imports the case service (see the top).
  const { statusLinkFor } = await import('../cases/status-link');
  const content = resolutionMail(language, {
    caseNumber: row.number,
    subject: withoutReplyPrefixes(row.subject) || row.subject,
    surveyUrl: survey.answered_at ? null : surveyUrl(deps, survey),
    statusUrl: (await statusLinkFor(trx, deps, row.id, 'reply_mail')).url,
    mailboxName: mailbox.name,
    contact,
  });
  await enqueueCaseMail(trx, deps, {
    caseId: row.id,
    caseMessageId: null,
    mailbox,
    to: contact.email,
    content,
    language,
  });
}
