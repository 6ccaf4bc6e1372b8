import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ESCALATION_ROLES, PARTNER_ROLES, type Role } from '../../../shared/roles';
import { requireUser } from '../../http/auth-guard';
import { ProblemResponse } from '../../http/problem-schema';
import { AppError } from '../../shared/app-error';
import type { Deps } from '../../shared/deps';
import { requireRole, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { audienceOf } from '../cases/access';
import { CASE_STATUSES, type CaseStatus, type SupportCaseUpdate } from '../cases/case.table';
import { CaseRef } from '../cases/schemas';
import { changeCase } from '../cases/service';
import { enqueueCaseMail, mailboxForCase } from './case-mail';
import { escalationMail } from './templates';

/**
 * Handing a case to a carrier or manufacturer is case work: not for billing clerks. Partners may
 * too, but only to a third party that accepts partner escalations (escalationRefusal).
 */
export const ESCALATE_ROLES: readonly Role[] = [...ESCALATION_ROLES, ...PARTNER_ROLES];

type EscalationPolicy = {
  name: string;
  phone: string | null;
  service_hours: string | null;
  accepts_partner_escalation: number;
};

/**
 * The one rule on who escalates to whom: the operator to every third party, a partner only to one
 * whose policy accepts partner escalations. Otherwise the partner is told to have the customer
 * call, with the third party's number and hours (null: allowed).
 */
export function escalationRefusal(scope: Scope, thirdParty: EscalationPolicy): AppError | null {
  if (audienceOf(scope) !== 'partner' || thirdParty.accepts_partner_escalation === 1) return null;
  const phone = thirdParty.phone ?? 'unknown number';
  const hours = thirdParty.service_hours ?? 'unknown hours';
  return new AppError(
    'partner_escalation_not_accepted',
    `${thirdParty.name} takes faults only from the customer: have the customer call ${phone} (${hours}).`,
    [],
    { thirdParty: thirdParty.name, phone: thirdParty.phone, hours: thirdParty.service_hours },
  );
}

/** Where an escalated case waits, when the installation knows that status. */
const WAITING: CaseStatus | undefined = CASE_STATUSES.find((s) => s === 'waiting_third_party');
const EXCERPT_MESSAGES = 5;
const EXCERPT_CHARACTERS = 800;

export const EscalateBody = z.object({
  /** Defaults to the case's third party; when given, it becomes the case's third party. */
  thirdPartyId: z.uuid().optional(),
  note: z.string().trim().min(1, 'must say what the third party should do').max(5000),
});
export type EscalateBody = z.infer<typeof EscalateBody>;

export const Escalation = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  status: z.string(),
  thirdParty: z.object({ id: z.string(), number: z.string(), name: z.string(), email: z.string() }),
  /** Our mail's Message-ID (with angle brackets); the third party's reply threads by it. */
  messageId: z.string(),
});
export type Escalation = z.infer<typeof Escalation>;

function shorten(text: string, max: number): string {
  const flat = text.trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Sends the case to a third party's address (in German, with the case's reply token), records an
 * internal `escalated` event and an audit entry, and puts the case into waiting_third_party. The
 * third party's answer comes back through the intake, which reads its ticket reference.
 */
export async function escalateToThirdParty(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
  input: EscalateBody,
): Promise<Escalation> {
  requireRole(scope, ESCALATE_ROLES);
  return changeCase(deps, scope, caseIdOrNumber, async (ctx) => {
    const { row, trx } = ctx;
    if (row.status === 'closed')
      throw new AppError('conflict', 'The case is closed. Open a new case and link it.');
    if (row.merged_into_id)
      throw new AppError('conflict', 'The case was merged into another case; escalate that one.');
    const thirdPartyId = input.thirdPartyId ?? row.third_party_id;
    if (!thirdPartyId) throw AppError.field('thirdPartyId', 'is required: the case has no third party yet');
    const thirdParty = await trx
      .selectFrom('organisation')
      .select([
        'id',
        'number',
        'name',
        'kind',
        'email',
        'active',
        'phone',
        'service_hours',
        'accepts_partner_escalation',
      ])
      .where('id', '=', thirdPartyId)
      .executeTakeFirst();
    if (thirdParty?.kind !== 'third_party') throw AppError.field('thirdPartyId', 'is not a third party');
    if (thirdParty.active !== 1) throw AppError.field('thirdPartyId', 'is not active');
    const refusal = escalationRefusal(scope, thirdParty);
    if (refusal) throw refusal;
    if (!thirdParty.email)
      throw AppError.field('thirdPartyId', 'has no e-mail address; add one to the organisation first');
    const mailbox = await mailboxForCase(trx, row.id);
    if (!mailbox)
      throw new AppError(
        'conflict',
        'No active mailbox to send from. Set one up first: the answer has to come back to a mailbox.',
      );

    const customer = await trx
      .selectFrom('organisation')
      .select(['name', 'city'])
      .where('id', '=', row.customer_id)
      .executeTakeFirstOrThrow();
    const contact = row.contact_id
      ? await trx.selectFrom('person').select(['name']).where('id', '=', row.contact_id).executeTakeFirst()
      : undefined;
    const facts = await trx
      .selectFrom('case_fact')
      .select(['label', 'value', 'state'])
      .where('case_id', '=', row.id)
      // A disputed fact would mislead the third party; it stays on the case.
      .where('state', '!=', 'disputed')
      .orderBy('created_at')
      .orderBy('key')
      .execute();
    // Only what the customer may see as well: internal notes never leave the house.
    const messages = await trx
      .selectFrom('case_message')
      .select(['author_label', 'body_text', 'created_at'])
      .where('case_id', '=', row.id)
      .where('visibility', '=', 'public')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(EXCERPT_MESSAGES)
      .execute();
    const authorName = scope.kind === 'user' ? scope.name : scope.label;
    const content = escalationMail({
      caseNumber: row.number,
      subject: row.subject,
      note: input.note,
      customer: customer.city ? `${customer.name}, ${customer.city}` : customer.name,
      contact: contact?.name ?? null,
      facts: facts.map((f) => ({ label: f.label, value: f.value, unconfirmed: f.state === 'unconfirmed' })),
      excerpt: messages.reverse().map((m) => ({
        at: m.created_at,
        author: m.author_label,
        body: shorten(m.body_text, EXCERPT_CHARACTERS),
      })),
      authorName,
      mailboxName: mailbox.name,
    });
    const messageId = await enqueueCaseMail(trx, deps, {
      caseId: row.id,
      caseMessageId: null,
      mailbox,
      to: thirdParty.email,
      content,
      language: 'de',
    });

    const update: SupportCaseUpdate = {};
    if (thirdParty.id !== row.third_party_id) {
      update.third_party_id = thirdParty.id;
      await ctx.event('third_party_changed', 'internal', { from: row.third_party_id, to: thirdParty.id });
    }
    if (WAITING && row.status !== WAITING) {
      update.status = WAITING;
      if (row.status === 'resolved') update.resolved_at = null;
      await ctx.event('status_changed', 'public', { from: row.status, to: WAITING });
      ctx.happened({ type: 'status_changed', from: row.status, to: WAITING });
    }
    await ctx.event('escalated', 'internal', {
      thirdPartyId: thirdParty.id,
      thirdPartyName: thirdParty.name,
      to: thirdParty.email,
      note: input.note,
      messageId: `<${messageId}>`,
    });
    // The partner sees that its escalation went out (the event above is the operator's, with the mail).
    if (audienceOf(scope) === 'partner')
      await ctx.event('escalated_by_partner', 'partner', { thirdPartyName: thirdParty.name });
    await ctx.update(update);
    await recordAudit(trx, scope, deps.clock, {
      action: 'case.escalated',
      entityType: 'case',
      entityId: row.id,
      before: { status: row.status, third_party_id: row.third_party_id },
      after: {
        status: update.status ?? row.status,
        third_party_id: thirdParty.id,
        to: thirdParty.email,
        messageId: `<${messageId}>`,
      },
    });
    return {
      caseId: row.id,
      caseNumber: row.number,
      status: update.status ?? row.status,
      thirdParty: {
        id: thirdParty.id,
        number: thirdParty.number,
        name: thirdParty.name,
        email: thirdParty.email,
      },
      messageId: `<${messageId}>`,
    };
  });
}

/** A 409; a refused partner escalation names the third party's number and hours for the customer. */
const EscalationRefused = ProblemResponse.extend({
  thirdParty: z.string().optional(),
  phone: z.string().nullable().optional(),
  hours: z.string().nullable().optional(),
});

const CaseParams = z.object({ id: CaseRef.describe('case id or number (CD-2026-000123)') });

export const escalationRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/cases/:id/escalations',
    {
      config: { access: ESCALATE_ROLES },
      schema: {
        tags: ['cases'],
        summary:
          'Send the case to a third party (a carrier, a manufacturer) by mail; its reply comes back to the case',
        params: CaseParams,
        body: EscalateBody,
        response: {
          201: Escalation,
          400: ProblemResponse,
          401: ProblemResponse,
          403: ProblemResponse,
          404: ProblemResponse,
          409: EscalationRefused,
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await escalateToThirdParty(deps, requireUser(request), request.params.id, request.body)),
  );
};
