import type { z } from 'zod';
import { OPERATOR_ROLES } from '../../../shared/roles';
import type { Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import { nextCounterValue } from '../../shared/counter';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { actorLabel, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { describeThreadReason, type ThreadReason } from '../mail/thread-reason';
import { readCaseClocks } from '../sla/service';
import {
  type Audience,
  audienceOf,
  currentResellerOf,
  entryVisibleTo,
  partnerOrganisationOfEntry,
  visibleTo,
  writableBy,
  writerPartnerOf,
} from './access';
import type { CaseStatus, Priority, SupportCaseRow, SupportCaseUpdate, Visibility } from './case.table';
import { type CaseHappening, onCaseHappening } from './case-hooks';
import { formatCaseNumber, looksLikeCaseNumber } from './case-number';
import { type FiledExtras, recordFiledExtras } from './filing';
import type { CaseChange } from './live';
import {
  findAttachmentsOfCase,
  findCase,
  findCommitments,
  findDecisions,
  findEvents,
  findFacts,
  findLinks,
  findMessages,
  findTags,
  insertCase,
  lockCase,
  updateCaseRow,
} from './repository';
import { sanitiseHtml, showMessageHtml } from './sanitise-html';
import type { AddMessageBody, CaseDetail, CreateCaseBody, TimelineEntry, UpdateCaseBody } from './schemas';
import { indexCaseMessage, rebuildCaseSearch } from './search-document';

const PRIORITY_ORDER: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];

/** What a unit of work on a case records besides its row changes. */
export type CaseWork = {
  trx: Trx;
  row: SupportCaseRow;
  /**
   * Adds a timeline event (and a live change). A `partner` event belongs to the writer's partner
   * organisation, or (operator) to the case's partner or reseller of record, unless `addressedTo` names it.
   */
  event(
    type: string,
    visibility: Visibility,
    data: Record<string, unknown>,
    options?: { addressedTo?: string | null },
  ): Promise<void>;
  /** Tells the SLA clocks and other hooks what happened. */
  happened(happening: CaseHappening): void;
  /** A live change without a timeline event (e.g. a new message, with its partner organisation). */
  announce(type: string, visibility: Visibility, partnerOrganisationId?: string | null): void;
  /** Changes columns of the case row; the caller records the matching events and happenings. */
  update(set: SupportCaseUpdate): Promise<void>;
};

function notFound(): AppError {
  return AppError.notFound('Case');
}

async function resolveCaseId(deps: Deps, scope: Scope, idOrNumber: string): Promise<SupportCaseRow> {
  const row = await findCase(deps.db, scope, idOrNumber);
  if (!row) throw notFound();
  return row;
}

/**
 * Runs one change on a case in one transaction: locks the row, lets `work` change it and record
 * events, runs the hooks (SLA clocks, search index) and announces live changes after commit.
 */
export async function changeCase<T>(
  deps: Deps,
  scope: Scope,
  idOrNumber: string,
  work: (ctx: CaseWork) => Promise<T>,
): Promise<T> {
  const target = await resolveCaseId(deps, scope, idOrNumber);
  const changes: CaseChange[] = [];
  const result = await deps.db.transaction().execute(async (trx) => {
    await lockCase(trx, deps.dialect, target.id);
    const row = await findCase(trx, scope, target.id);
    if (!row) throw notFound();
    const now = isoNow(deps.clock);
    const happenings: CaseHappening[] = [];
    const change = (
      type: string,
      visibility: Visibility,
      partnerOrganisationId: string | null,
    ): CaseChange => ({
      caseId: row.id,
      number: row.number,
      customerId: row.customer_id,
      partnerId: row.partner_id,
      type,
      visibility,
      partnerOrganisationId,
      at: now,
    });
    const ctx: CaseWork = {
      trx,
      row,
      async event(type, visibility, data, options = {}) {
        const partnerOrganisationId =
          visibility === 'partner' && options.addressedTo !== undefined
            ? options.addressedTo
            : await partnerOrganisationOfEntry(trx, row, visibility, writerPartnerOf(scope));
        await trx
          .insertInto('case_event')
          .values({
            id: newId(),
            case_id: row.id,
            type,
            visibility,
            partner_organisation_id: partnerOrganisationId,
            actor_person_id: scope.kind === 'user' ? scope.personId : null,
            actor_label: scope.kind === 'user' ? scope.name : scope.label,
            data: JSON.stringify(data),
            created_at: now,
          })
          .execute();
        changes.push(change(type, visibility, partnerOrganisationId));
      },
      happened(happening) {
        happenings.push(happening);
      },
      announce(type, visibility, partnerOrganisationId = null) {
        changes.push(change(type, visibility, partnerOrganisationId));
      },
      async update(set) {
        if (Object.keys(set).length > 0) await updateCaseRow(trx, row.id, set);
      },
    };
    const value = await work(ctx);
    const updated = await updateCaseRow(trx, row.id, { updated_at: now });
    // Streams judge the changes by the case as it is now (a new partner hears of them, a former one not).
    for (const change of changes) {
      change.customerId = updated.customer_id;
      change.partnerId = updated.partner_id;
    }
    for (const happening of happenings) await onCaseHappening(trx, deps, updated, happening);
    await deps.live?.announce(trx, changes);
    return value;
  });
  deps.live?.afterCommit(changes);
  return result;
}

// ------------------------------------------------------------------ create

async function requireOrganisation(trx: Trx, id: string, kind: string, field: string) {
  const org = await trx
    .selectFrom('organisation')
    .select(['id', 'kind', 'active', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!org || org.kind !== kind) throw AppError.field(field, `is not a ${kind.replace('_', ' ')}`);
  return org;
}

async function requirePersonOf(trx: Trx, personId: string, organisationId: string | null, field: string) {
  const person = await trx
    .selectFrom('person')
    .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
    .select(['person.id', 'person.organisation_id', 'organisation.kind'])
    .where('person.id', '=', personId)
    .executeTakeFirst();
  if (!person) throw AppError.field(field, 'is not a known person');
  if (organisationId !== null && person.organisation_id !== organisationId) {
    throw AppError.field(field, 'belongs to another organisation');
  }
  return person;
}

async function requireAssignee(trx: Trx, personId: string): Promise<void> {
  const person = await requirePersonOf(trx, personId, null, 'assigneeId');
  if (person.kind !== 'operator') throw AppError.field('assigneeId', 'must be an operator user');
}

async function requireGroup(trx: Trx, groupId: string): Promise<void> {
  const group = await trx.selectFrom('case_group').select('id').where('id', '=', groupId).executeTakeFirst();
  if (!group) throw AppError.field('groupId', 'is not a known group');
}

async function requireCause(trx: Trx, causeId: string): Promise<void> {
  const cause = await trx
    .selectFrom('cause')
    .select(['id', 'parent_id', 'active'])
    .where('id', '=', causeId)
    .executeTakeFirst();
  if (cause?.active !== 1) throw AppError.field('causeId', 'is not an active cause');
  if (cause.parent_id === null) throw AppError.field('causeId', 'choose a specific cause, not a category');
}

/** Who wrote a message that arrived from outside the app (a mail), as opposed to the scope filing it. */
export type ExternalAuthor = {
  personId: string | null;
  label: string;
  side: 'customer' | 'partner' | 'third_party';
};

/** How a message from outside is filed; the intake uses it to commit its own rows atomically. */
export type FilingOptions = {
  author?: ExternalAuthor;
  /** Already sanitised. */
  html?: string | null;
  inboundMailId?: string;
  /** The mail's whole subject when the case subject had to be shortened (kept and searchable). */
  fullSubject?: string;
  /** The subject of the mail the message came as (e.g. a reply's): searchable with the message. */
  mailSubject?: string;
  /** Attachments and facts the mail brings along, written with the message (filing.ts). */
  extras?: FiledExtras;
  /** Runs inside the case's transaction once the message is written; throwing undoes everything. */
  alsoInTransaction?: (
    trx: Trx,
    written: { caseId: string; number: string; messageId: string },
  ) => Promise<void>;
};

/**
 * The partner organisation that writes a message: the partner user writing it, or for a mail the
 * sender's partner organisation. Null when the operator, a customer or a third party writes.
 */
async function writerPartnerOfMessage(
  trx: Trx,
  scope: Scope,
  author: ExternalAuthor | undefined,
): Promise<string | null> {
  if (!author) return writerPartnerOf(scope);
  if (author.side !== 'partner' || !author.personId) return null;
  const person = await trx
    .selectFrom('person')
    .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
    .select(['person.organisation_id', 'organisation.kind'])
    .where('person.id', '=', author.personId)
    .executeTakeFirst();
  return person?.kind === 'partner' ? person.organisation_id : null;
}

/** Where a mail's message shows: a third party's mail is for the operator only, a partner's for the channel. */
function visibilityOfAuthor(author: ExternalAuthor): Visibility {
  return author.side === 'third_party' ? 'internal' : author.side === 'partner' ? 'partner' : 'public';
}

/**
 * Opens a case. Customers open cases for their own organisation; partners for their customers
 * (the partner becomes the involved reseller); operator users for any customer. The description
 * becomes the first, public message.
 */
export async function createCase(
  deps: Deps,
  scope: Scope,
  input: CreateCaseBody,
  options: FilingOptions = {},
): Promise<CaseDetail> {
  const { id } = await openCase(deps, scope, input, options);
  const detail = await getCase(deps, scope, id);
  if ('redirectTo' in detail) throw notFound();
  return detail;
}

/** Fields that steer the operator's work; a customer or partner states its urgency instead. */
const OPERATOR_ONLY_ON_CREATE = [
  'priority',
  'tags',
  'assigneeId',
  'groupId',
  'causeId',
  'thirdPartyId',
] as const;

/** A customer's or partner's request naming an operator-only field is refused, not quietly trimmed. */
function refuseOperatorOnlyFields(input: CreateCaseBody): void {
  const set = OPERATOR_ONLY_ON_CREATE.filter((field) => input[field] !== undefined);
  if (set.length === 0) return;
  const errors = set.map((field) => ({
    field,
    message:
      field === 'priority'
        ? 'only the operator sets the priority; send urgency to say how urgent it is for you'
        : 'only the operator sets this field',
  }));
  throw new AppError('validation', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

/** Opens a case as createCase does, without reading it back: for callers that need only its id. */
export async function openCase(
  deps: Deps,
  scope: Scope,
  input: CreateCaseBody,
  options: FilingOptions = {},
): Promise<{ id: string; number: string }> {
  const audience = audienceOf(scope);
  if (scope.kind === 'user' && scope.roles.length === 0)
    throw new AppError('forbidden', 'Your role does not allow this action');
  // Before the case number is taken, so a refused request leaves no gap.
  if (audience !== 'operator') refuseOperatorOnlyFields(input);
  const now = isoNow(deps.clock);
  const year = deps.clock.now().getUTCFullYear();
  const id = newId();
  const changes: CaseChange[] = [];
  // On PostgreSQL the counter row would stay locked until this transaction commits, queuing
  // every concurrent creation behind it; taking the number in its own short transaction avoids
  // that. A rolled-back creation leaves a gap, never a reused number. SQLite has one writer anyway.
  const reservedSequence =
    deps.dialect === 'postgres' ? await nextCounterValue(deps.db, `case.${year}`) : undefined;
  const number = await deps.db.transaction().execute(async (trx) => {
    let customerId: string;
    let partnerId: string | null = input.partnerId ?? null;
    let contactId: string | null = input.contactId ?? null;
    let channel = input.channel;
    if (audience === 'customer' && scope.kind === 'user') {
      customerId = scope.organisationId;
      contactId ??= scope.personId;
      channel = 'web';
      partnerId = null;
    } else {
      if (!input.customerId) throw AppError.field('customerId', 'is required');
      customerId = input.customerId;
      channel ??= audience === 'partner' ? 'partner' : 'phone';
    }
    const customer = await requireOrganisation(trx, customerId, 'customer', 'customerId');
    const resellerId = await currentResellerOf(trx, customer.id);
    if (audience === 'partner' && scope.kind === 'user') {
      if (resellerId !== scope.organisationId) {
        // Not its customer: answer as if the customer did not exist.
        throw AppError.notFound('Organisation');
      }
      partnerId = scope.organisationId;
    }
    partnerId ??= resellerId;
    if (partnerId && audience === 'operator')
      await requireOrganisation(trx, partnerId, 'partner', 'partnerId');
    if (input.thirdPartyId) await requireOrganisation(trx, input.thirdPartyId, 'third_party', 'thirdPartyId');
    if (contactId) await requirePersonOf(trx, contactId, customer.id, 'contactId');
    if (input.assigneeId) await requireAssignee(trx, input.assigneeId);
    if (input.groupId) await requireGroup(trx, input.groupId);
    if (input.causeId) await requireCause(trx, input.causeId);

    const sequence = reservedSequence ?? (await nextCounterValue(trx, `case.${year}`));
    const row = await insertCase(trx, {
      id,
      number: formatCaseNumber(deps.config.cases.numberPrefix, year, sequence),
      type: input.type,
      status: 'new',
      priority: input.priority ?? 'normal',
      subject: input.subject,
      customer_id: customer.id,
      contact_id: contactId,
      partner_id: partnerId,
      third_party_id: input.thirdPartyId ?? null,
      assignee_id: input.assigneeId ?? null,
      group_id: input.groupId ?? null,
      channel: channel ?? 'web',
      cause_id: input.causeId ?? null,
      merged_into_id: null,
      full_subject: options.fullSubject ?? null,
      created_by_id: scope.kind === 'user' ? scope.personId : null,
      breaching: 0,
      created_at: now,
      updated_at: now,
      first_response_at: null,
      last_public_reply_at: null,
      last_customer_message_at: audience === 'operator' && options.author?.side !== 'customer' ? null : now,
      resolved_at: null,
      closed_at: null,
    });
    const tags = [...new Set(input.tags ?? [])];
    if (tags.length > 0)
      await trx
        .insertInto('case_tag')
        .values(tags.map((tag) => ({ case_id: id, tag })))
        .execute();
    const messageId = newId();
    const firstVisibility = options.author ? visibilityOfAuthor(options.author) : 'public';
    await trx
      .insertInto('case_message')
      .values({
        id: messageId,
        case_id: id,
        visibility: firstVisibility,
        partner_organisation_id: await partnerOrganisationOfEntry(
          trx,
          row,
          firstVisibility,
          await writerPartnerOfMessage(trx, scope, options.author),
        ),
        direction: options.author ? 'inbound' : audience === 'operator' ? 'note' : 'inbound',
        author_person_id: options.author
          ? options.author.personId
          : scope.kind === 'user'
            ? scope.personId
            : null,
        author_label: options.author?.label ?? (scope.kind === 'user' ? scope.name : scope.label),
        body_text: input.description,
        body_html: options.html ?? null,
        channel: row.channel,
        inbound_mail_id: options.inboundMailId ?? null,
        created_at: now,
      })
      .execute();
    const source = audience === 'operator' ? 'agent' : audience;
    // The customer's sense of urgency is a fact of the case they can see and correct; the
    // priority stays the operator's judgement. Written first, so it wins over a listed fact of
    // the same key.
    const facts = input.urgency
      ? [{ key: 'urgency', label: 'Dringlichkeit', value: input.urgency }, ...input.facts]
      : input.facts;
    for (const fact of facts) {
      await trx
        .insertInto('case_fact')
        .values({
          id: newId(),
          case_id: id,
          key: fact.key,
          label: fact.label,
          value: fact.value,
          source,
          // A fact the customer states is what they confirm; one the agent states awaits the customer.
          state: source === 'customer' ? 'confirmed' : 'unconfirmed',
          note: null,
          updated_by_label: actorLabel(scope),
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['case_id', 'key']).doNothing())
        .execute();
    }
    await trx
      .insertInto('case_event')
      .values({
        id: newId(),
        case_id: id,
        type: 'created',
        visibility: 'public',
        actor_person_id: scope.kind === 'user' ? scope.personId : null,
        actor_label: scope.kind === 'user' ? scope.name : scope.label,
        data: JSON.stringify({ channel: row.channel }),
        created_at: now,
      })
      .execute();
    await recordAudit(trx, scope, deps.clock, {
      action: 'case.created',
      entityType: 'case',
      entityId: id,
      after: row,
    });
    // Read back, so each text is searchable by exactly those who may read it (the first
    // message may be a third party's internal one, or a partner's).
    await rebuildCaseSearch(trx, deps.dialect, id);
    await onCaseHappening(trx, deps, row, { type: 'created' });
    if (options.extras) await recordFiledExtras(trx, deps, scope, { caseId: id, messageId }, options.extras);
    await options.alsoInTransaction?.(trx, { caseId: id, number: row.number, messageId });
    const created: CaseChange = {
      caseId: id,
      number: row.number,
      customerId: row.customer_id,
      partnerId: row.partner_id,
      type: 'created',
      visibility: 'public',
      partnerOrganisationId: null,
      at: now,
    };
    changes.push(created);
    await deps.live?.announce(trx, changes);
    return row.number;
  });
  deps.live?.afterCommit(changes);
  return { id, number };
}

// ------------------------------------------------------------------ read

type Named = { id: string; name: string };

function named(id: string | null, name: string | null): Named | null {
  return id === null ? null : { id, name: name ?? '' };
}

/** The names a case shows (customer, contact, partner, third party, assignee, group), in one query. */
async function namesOf(deps: Deps, row: SupportCaseRow) {
  return deps.db
    .selectFrom('support_case')
    .innerJoin('organisation as customer', 'customer.id', 'support_case.customer_id')
    .leftJoin('person as contact', 'contact.id', 'support_case.contact_id')
    .leftJoin('organisation as partner', 'partner.id', 'support_case.partner_id')
    .leftJoin('organisation as third_party', 'third_party.id', 'support_case.third_party_id')
    .leftJoin('person as assignee', 'assignee.id', 'support_case.assignee_id')
    .leftJoin('case_group', 'case_group.id', 'support_case.group_id')
    .select([
      'customer.id as customer_id',
      'customer.number as customer_number',
      'customer.name as customer_name',
      'contact.name as contact_name',
      'partner.name as partner_name',
      'third_party.name as third_party_name',
      'assignee.name as assignee_name',
      'case_group.name as group_name',
    ])
    .where('support_case.id', '=', row.id)
    .executeTakeFirstOrThrow();
}

/**
 * The case as the caller's audience may see it. A merged duplicate answers with the case it was
 * merged into (`redirectTo`), so old numbers keep working.
 */
export async function getCase(
  deps: Deps,
  scope: Scope,
  idOrNumber: string,
): Promise<CaseDetail | { redirectTo: { id: string; number: string } }> {
  const row = await findCase(deps.db, scope, idOrNumber);
  if (!row) throw notFound();
  if (row.merged_into_id) {
    const target = await findCase(deps.db, scope, row.merged_into_id);
    if (target) return { redirectTo: { id: target.id, number: target.number } };
  }
  return caseDetail(deps, scope, row);
}

async function caseDetail(deps: Deps, scope: Scope, row: SupportCaseRow): Promise<CaseDetail> {
  const audience = audienceOf(scope);
  const now = deps.clock.now().toISOString();
  const names = await namesOf(deps, row);
  const facts = await findFacts(deps.db, row.id);
  const factById = new Map(facts.map((f) => [f.id, f]));
  const commitments = await findCommitments(deps.db, row.id);
  const decisions = await findDecisions(deps.db, row.id);
  const links = await findLinks(deps.db, scope, row.id);
  const mergedInto = row.merged_into_id ? await findCase(deps.db, scope, row.merged_into_id) : undefined;
  const detail: CaseDetail = {
    id: row.id,
    number: row.number,
    type: row.type,
    status: row.status,
    priority: row.priority,
    subject: row.subject,
    customer: { id: names.customer_id, number: names.customer_number, name: names.customer_name },
    partner: named(row.partner_id, names.partner_name),
    assignee: named(row.assignee_id, names.assignee_name),
    channel: row.channel,
    breaching: row.breaching === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    contact: named(row.contact_id, names.contact_name),
    thirdParty: named(row.third_party_id, names.third_party_name),
    mergedInto: mergedInto ? { id: mergedInto.id, number: mergedInto.number } : null,
    firstResponseAt: row.first_response_at,
    lastPublicReplyAt: row.last_public_reply_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    facts: facts.map((f) => ({
      id: f.id,
      key: f.key,
      label: f.label,
      value: f.value,
      source: f.source,
      state: f.state,
      note: f.note,
      updatedBy: f.updated_by_label,
      updatedAt: f.updated_at,
    })),
    commitments: commitments.map((c) => ({
      id: c.id,
      description: c.description,
      dueAt: c.due_at,
      owner: { id: c.owner_person_id, name: c.owner_name },
      status: c.status,
      overdue: c.status === 'broken' || (c.status === 'open' && c.due_at < now),
      createdAt: c.created_at,
      resolvedAt: c.resolved_at,
    })),
    decisions: decisions.map((d) => ({
      id: d.id,
      outcome: d.outcome,
      policy: d.policy,
      conditions: d.conditions,
      citedFacts: (JSON.parse(d.cited_fact_ids) as string[])
        .map((id) => factById.get(id))
        .filter((f) => f !== undefined)
        .map((f) => ({ id: f.id, label: f.label, value: f.value })),
      decidedBy: d.decided_by_label,
      decidedAt: d.decided_at,
    })),
    links: [
      ...links.outgoing.map((l) => ({
        kind: l.kind,
        direction: 'outgoing' as const,
        case: { id: l.id, number: l.number, subject: l.subject },
      })),
      ...links.incoming.map((l) => ({
        kind: l.kind,
        direction: 'incoming' as const,
        case: { id: l.id, number: l.number, subject: l.subject },
      })),
    ],
  };
  if (audience === 'operator') {
    detail.group = named(row.group_id, names.group_name);
    detail.tags = await findTags(deps.db, row.id);
    detail.cause = row.cause_id ? await causeLabel(deps, row.cause_id) : null;
    detail.clocks = await readCaseClocks(deps, row.id);
  }
  return detail;
}

async function causeLabel(deps: Deps, causeId: string) {
  const cause = await deps.db
    .selectFrom('cause as c')
    .leftJoin('cause as p', 'p.id', 'c.parent_id')
    .select(['c.id', 'c.name_de', 'p.name_de as parent_name'])
    .where('c.id', '=', causeId)
    .executeTakeFirst();
  if (!cause) return null;
  return {
    id: cause.id,
    label: cause.parent_name ? `${cause.parent_name} › ${cause.name_de}` : cause.name_de,
  };
}

type MailOrigin = NonNullable<z.infer<typeof TimelineEntry>['mail']>;

/**
 * For the operator: which messages came by mail and why each joined the case. Customers and
 * partners never see this; the reason names Message-IDs and other cases.
 */
async function mailOrigins(
  deps: Deps,
  messages: { id: string; inbound_mail_id: string | null; body_html: string | null }[],
): Promise<Map<string, MailOrigin>> {
  const ids = messages.flatMap((m) => (m.inbound_mail_id ? [m.inbound_mail_id] : []));
  if (ids.length === 0) return new Map();
  const rows = await deps.db
    .selectFrom('inbound_mail')
    .select(['id', 'thread_reason'])
    .where('id', 'in', ids)
    .execute();
  const reasonOf = new Map(rows.map((row) => [row.id, row.thread_reason]));
  const origins = new Map<string, MailOrigin>();
  for (const message of messages) {
    if (!message.inbound_mail_id) continue;
    let reason: ThreadReason | null = null;
    try {
      reason = JSON.parse(reasonOf.get(message.inbound_mail_id) ?? 'null') as ThreadReason | null;
    } catch {
      // an unreadable reason is shown as none
    }
    const remoteImages = message.body_html?.match(/data-remote-src=/g)?.length ?? 0;
    origins.set(message.id, {
      id: message.inbound_mail_id,
      reason,
      reasonText: reason ? describeThreadReason(reason) : null,
      ...(remoteImages > 0 ? { remoteImages } : {}),
    });
  }
  return origins;
}

/** Messages and events in order, as far as the caller's audience may see them. */
export async function getTimeline(
  deps: Deps,
  scope: Scope,
  idOrNumber: string,
): Promise<z.infer<typeof TimelineEntry>[]> {
  const row = await resolveCaseId(deps, scope, idOrNumber);
  const audience = audienceOf(scope);
  const messages = await findMessages(deps.db, row.id, scope);
  const events = await findEvents(deps.db, row.id, scope);
  const attachments = await findAttachmentsOfCase(deps.db, row.id, scope);
  const byMessage = new Map<string, typeof attachments>();
  for (const a of attachments) {
    if (!a.message_id) continue;
    byMessage.set(a.message_id, [...(byMessage.get(a.message_id) ?? []), a]);
  }
  const shownHtml = new Map(
    messages.map((m) => [
      m.id,
      m.body_html === null ? null : showMessageHtml(row.id, m.body_html, byMessage.get(m.id)),
    ]),
  );
  const mails = audience === 'operator' ? await mailOrigins(deps, messages) : new Map<string, MailOrigin>();
  const entries: z.infer<typeof TimelineEntry>[] = [
    ...messages.map((m) => ({
      id: m.id,
      kind: 'message' as const,
      at: m.created_at,
      visibility: m.visibility,
      author: m.author_label,
      direction: m.direction,
      body: m.body_text,
      html: shownHtml.get(m.id)?.html ?? null,
      channel: m.channel,
      attachments: (byMessage.get(m.id) ?? []).map((a) => ({
        id: a.id,
        fileName: a.file_name,
        mimeType: a.mime_type,
        size: a.size,
        ...(shownHtml.get(m.id)?.inlineAttachmentIds.has(a.id) ? { inline: true } : {}),
      })),
      ...(mails.has(m.id) ? { mail: mails.get(m.id) } : {}),
    })),
    ...events.map((e) => ({
      id: e.id,
      kind: 'event' as const,
      at: e.created_at,
      visibility: e.visibility,
      author: e.actor_label,
      type: e.type,
      data: JSON.parse(e.data) as Record<string, unknown>,
    })),
  ];
  // Ids are UUIDv7: sorting by id is sorting by creation time, with a stable tie-break.
  return entries.sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at.localeCompare(b.at)));
}

// ------------------------------------------------------------------ change

const PUBLIC_FIELD_EVENTS = new Set(['status', 'priority', 'type', 'subject']);

/** Changes status, priority, assignment and the other case fields; each change is a timeline event. */
export async function updateCase(
  deps: Deps,
  scope: Scope,
  idOrNumber: string,
  input: UpdateCaseBody,
): Promise<CaseDetail> {
  if (audienceOf(scope) !== 'operator')
    throw new AppError('forbidden', 'Only the operator changes case fields');
  if (scope.kind === 'user' && !scope.roles.some((r) => OPERATOR_ROLES.includes(r))) {
    throw new AppError('forbidden', 'Your role does not allow this action');
  }
  const id = await changeCase(deps, scope, idOrNumber, async (ctx) => {
    const { row, trx } = ctx;
    if (row.status === 'closed')
      throw new AppError(
        'conflict',
        'The case is closed; closed cases do not change. Open a new case and link it.',
      );
    if (row.merged_into_id)
      throw new AppError('conflict', 'The case was merged into another case; change that one.');
    if (input.assigneeId) await requireAssignee(trx, input.assigneeId);
    if (input.groupId) await requireGroup(trx, input.groupId);
    if (input.causeId) await requireCause(trx, input.causeId);
    if (input.partnerId) await requireOrganisation(trx, input.partnerId, 'partner', 'partnerId');
    if (input.thirdPartyId) await requireOrganisation(trx, input.thirdPartyId, 'third_party', 'thirdPartyId');
    if (input.contactId) await requirePersonOf(trx, input.contactId, row.customer_id, 'contactId');
    const now = isoNow(deps.clock);
    const fields: [keyof UpdateCaseBody, keyof SupportCaseRow][] = [
      ['subject', 'subject'],
      ['type', 'type'],
      ['status', 'status'],
      ['priority', 'priority'],
      ['assigneeId', 'assignee_id'],
      ['groupId', 'group_id'],
      ['causeId', 'cause_id'],
      ['partnerId', 'partner_id'],
      ['thirdPartyId', 'third_party_id'],
      ['contactId', 'contact_id'],
    ];
    const update: Record<string, unknown> = {};
    for (const [field, column] of fields) {
      const next = input[field];
      if (next === undefined || next === row[column]) continue;
      update[column] = next;
      const visibility: Visibility = PUBLIC_FIELD_EVENTS.has(field)
        ? 'public'
        : field === 'partnerId'
          ? 'partner'
          : 'internal';
      // A partner change is told to the partner now on the case (or the one taken off it).
      await ctx.event(
        `${field.replace(/Id$/, '')}_changed`,
        visibility,
        { from: row[column], to: next },
        field === 'partnerId' ? { addressedTo: (next as string | null) ?? row.partner_id } : {},
      );
    }
    if (input.status && input.status !== row.status) {
      if (input.status === 'resolved') update.resolved_at = now;
      if (input.status === 'closed') update.closed_at = now;
      if (row.status === 'resolved' && input.status !== 'closed') update.resolved_at = null;
      ctx.happened({ type: 'status_changed', from: row.status, to: input.status });
    }
    if (input.priority && input.priority !== row.priority) ctx.happened({ type: 'priority_changed' });
    if (Object.keys(update).length > 0) {
      await updateCaseRow(trx, row.id, update);
      if ('subject' in update || 'contact_id' in update) await rebuildCaseSearch(trx, deps.dialect, row.id);
      await recordAudit(trx, scope, deps.clock, {
        action: 'case.updated',
        entityType: 'case',
        entityId: row.id,
        before: Object.fromEntries(Object.keys(update).map((k) => [k, row[k as keyof SupportCaseRow]])),
        after: update,
      });
    }
    return row.id;
  });
  return (await getCase(deps, scope, id)) as CaseDetail;
}

export async function setTags(
  deps: Deps,
  scope: Scope,
  idOrNumber: string,
  tags: string[],
): Promise<string[]> {
  if (audienceOf(scope) !== 'operator') throw new AppError('forbidden', 'Only the operator tags cases');
  return changeCase(deps, scope, idOrNumber, async (ctx) => {
    const before = await findTags(ctx.trx, ctx.row.id);
    const after = [...new Set(tags.map((t) => t.toLowerCase()))].sort();
    if (before.join('\n') === after.join('\n')) return after;
    await ctx.trx.deleteFrom('case_tag').where('case_id', '=', ctx.row.id).execute();
    if (after.length > 0)
      await ctx.trx
        .insertInto('case_tag')
        .values(after.map((tag) => ({ case_id: ctx.row.id, tag })))
        .execute();
    await ctx.event('tags_changed', 'internal', { from: before, to: after });
    return after;
  });
}

/**
 * Adds a message. A public message from the operator is a reply to the customer (first response,
 * silence clock restart); a customer message reopens a resolved case. Closed cases take no messages.
 */
export async function addMessage(
  deps: Deps,
  scope: Scope,
  idOrNumber: string,
  input: z.infer<typeof AddMessageBody>,
  options: FilingOptions = {},
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
  return changeCase(deps, scope, idOrNumber, async (ctx) => {
    const { row, trx } = ctx;
    if (row.status === 'closed') {
      throw new AppError('conflict', 'The case is closed. Open a new case; it can refer to this one.');
    }
    const now = isoNow(deps.clock);
    const id = newId();
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
      ctx.happened({ type: 'customer_message' });
    }
    if (Object.keys(update).length > 0) await updateCaseRow(trx, row.id, update);
    if (options.extras)
      await recordFiledExtras(trx, deps, scope, { caseId: row.id, messageId: id }, options.extras);
    await options.alsoInTransaction?.(trx, { caseId: row.id, number: row.number, messageId: id });
    return { id };
  });
}

export function raisePriority(priority: Priority): Priority {
  const index = PRIORITY_ORDER.indexOf(priority);
  return PRIORITY_ORDER[Math.min(index + 1, PRIORITY_ORDER.length - 1)] ?? priority;
}

export function isClosedStatus(status: CaseStatus): boolean {
  return status === 'closed';
}

export async function resolveCaseForScope(
  deps: Deps,
  scope: Scope,
  idOrNumber: string,
): Promise<SupportCaseRow> {
  if (!looksLikeCaseNumber(idOrNumber) && !/^[0-9a-f-]{36}$/i.test(idOrNumber)) {
    throw AppError.field('id', 'must be a case id or number such as CD-2026-000123');
  }
  return resolveCaseId(deps, scope, idOrNumber);
}

export type { Audience };
