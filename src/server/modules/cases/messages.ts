// Adding a message to a case: replies, partner notes, internal notes and mail filed from outside.
import type { z } from 'zod';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import type { Scope } from '../../shared/scope';
import { audienceOf, entryVisibleTo, partnerOrganisationOfEntry, visibleTo, writableBy } from './access';
import type { Visibility } from './case.table';
import { changeCase } from './change-case';
import { recordFiledExtras } from './filing';
import { guardCustomerText, type LeakOverride, leakFactsForCase } from './leak-check';
import { type FilingOptions, visibilityOfAuthor, writerPartnerOfMessage } from './message-author';
import { updateCaseRow } from './repository';
import { sanitiseHtml } from './sanitise-html';
import type { AddMessageBody } from './schemas';
import { indexCaseMessage } from './search-document';

/**
 * Adds a message. A public message from the operator is a reply to the customer (first response,
 * silence clock restart); a customer message reopens a resolved case. Closed cases take no messages.
 * With `leakGuard` (text a person wrote, from the API), a public reply by the operator or a partner
 * is checked by the leak guard first: refused, nothing is stored and nothing mailed.
 */
export async function addMessage(
  deps: Deps,
  scope: Scope,
  idOrNumber: string,
  input: z.infer<typeof AddMessageBody>,
  options: FilingOptions & { leakGuard?: { override?: LeakOverride | undefined } } = {},
): Promise<{ id: string }> {
  // A mail is filed by the system but written by its sender: the sender's side decides.
  const audience = options.author
    ? options.author.side === 'third_party'
      ? 'operator'
      : options.author.side
    : audienceOf(scope);
  const visibility: Visibility = options.author
    ? visibilityOfAuthor(options.author)
    : (input.visibility ?? (audience === 'operator' ? 'internal' : 'public'));
  if (!options.author && !writableBy(audience).includes(visibility)) {
    throw AppError.field('visibility', `must be one of ${writableBy(audience).join(', ')} for you`);
  }
  const guarded = options.leakGuard && !options.author && visibility === 'public' && audience !== 'customer';
  // Partners see no billing data, so a refusal must not tell them about it either.
  const facts = guarded ? await leakFactsForCase(deps, scope, idOrNumber) : [];
  return changeCase(deps, scope, idOrNumber, async (ctx) => {
    const { row, trx } = ctx;
    if (row.status === 'closed') {
      throw new AppError('conflict', 'The case is closed. Open a new case; it can refer to this one.');
    }
    const now = isoNow(deps.clock);
    const id = newId();
    if (guarded)
      await guardCustomerText(trx, deps, row, {
        scope,
        audience,
        texts: [{ field: 'body', text: input.body }],
        facts,
        subject: { type: 'case_message', id },
        override: options.leakGuard?.override,
      });
    const direction = options.author
      ? 'inbound'
      : audience === 'operator'
        ? visibility === 'public'
          ? 'outbound'
          : 'note'
        : 'inbound';
    const partnerOrganisationId = await partnerOrganisationOfEntry(
      trx,
      row,
      visibility,
      await writerPartnerOfMessage(trx, scope, options.author),
    );
    await trx
      .insertInto('case_message')
      .values({
        id,
        case_id: row.id,
        visibility,
        partner_organisation_id: partnerOrganisationId,
        direction,
        author_person_id: options.author
          ? options.author.personId
          : scope.kind === 'user'
            ? scope.personId
            : null,
        author_label: options.author?.label ?? (scope.kind === 'user' ? scope.name : scope.label),
        body_text: input.body,
        body_html: options.html !== undefined ? options.html : input.html ? sanitiseHtml(input.html) : null,
        // A mail filed by hand is still a mail, though a person wrote the note around it.
        channel:
          options.author || options.inboundMailId ? 'email' : audience === 'partner' ? 'partner' : 'web',
        inbound_mail_id: options.inboundMailId ?? null,
        created_at: now,
      })
      .execute();
    if (input.attachmentIds.length > 0) {
      const result = await trx
        .updateTable('case_attachment')
        .set({ message_id: id, visibility, partner_organisation_id: partnerOrganisationId })
        .where('case_id', '=', row.id)
        .where('message_id', 'is', null)
        .where('id', 'in', input.attachmentIds)
        .where('visibility', 'in', visibleTo(audience))
        .where(entryVisibleTo(scope, 'case_attachment'))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== input.attachmentIds.length) {
        throw AppError.field(
          'attachmentIds',
          'contains an attachment that is not an unsent upload of this case',
        );
      }
    }
    await indexCaseMessage(trx, deps.dialect, row.id, id, options.mailSubject);
    ctx.announce('message_added', visibility, partnerOrganisationId);
    const update: Record<string, unknown> = {};
    if (direction === 'outbound') {
      update.last_public_reply_at = now;
      if (!row.first_response_at) update.first_response_at = now;
      if (row.status === 'new') update.status = 'open';
      ctx.happened({ type: 'public_reply', messageId: id });
    }
    if (audience === 'customer') {
      update.last_customer_message_at = now;
      if (row.status === 'resolved' || row.status === 'waiting_customer') {
        update.status = 'open';
        update.resolved_at = null;
        await ctx.event(row.status === 'resolved' ? 'reopened' : 'status_changed', 'public', {
          from: row.status,
          to: 'open',
        });
        ctx.happened({ type: 'status_changed', from: row.status, to: 'open' });
      }
      ctx.happened({ type: 'customer_message', messageId: id });
    }
    if (Object.keys(update).length > 0) await updateCaseRow(trx, row.id, update);
    if (options.extras)
      await recordFiledExtras(trx, deps, scope, { caseId: row.id, messageId: id }, options.extras);
    await options.alsoInTransaction?.(trx, { caseId: row.id, number: row.number, messageId: id });
    return { id };
  });
}
