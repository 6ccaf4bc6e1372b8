// Opening a case: who may open it for whom, its number, first message, facts and created event.
import type { Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import { nextCounterValue } from '../../shared/counter';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { actorLabel, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { getAsset } from '../channel/assets';
import {
  audienceOf,
  currentResellerOf,
  PARTNER_HIDDEN_CASE_TYPE,
  partnerOrganisationOfEntry,
  writableBy,
} from './access';
import { getCase } from './case-detail';
import { onCaseHappening } from './case-hooks';
import { formatCaseNumber } from './case-number';
import { notFound } from './change-case';
import {
  requireAssignee,
  requireCause,
  requireGroup,
  requireOrganisation,
  requirePersonOf,
} from './field-checks';
import { recordFiledExtras } from './filing';
import type { CaseChange } from './live';
import { type FilingOptions, visibilityOfAuthor, writerPartnerOfMessage } from './message-author';
import { insertCase } from './repository';
import type { CaseDetail, CreateCaseBody } from './schemas';
import { rebuildCaseSearch } from './search-document';

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
  refuseUnfitAttachments(input.attachments ?? [], deps.config.cases.attachmentMaxBytes);
  const { id } = await openCase(deps, scope, input, options);
  const detail = await getCase(deps, scope, id);
  if ('redirectTo' in detail) throw notFound();
  return detail;
}

/** The announced files the upload would refuse: each named at its field, before anything is written. */
function refuseUnfitAttachments(files: { size: number }[], maxBytes: number): void {
  const maxMb = Math.round(maxBytes / (1024 * 1024));
  const unfit = files.flatMap((file, index) =>
    file.size > maxBytes
      ? [{ field: `attachments.${index}.size`, message: `is larger than the limit of ${maxMb} MB` }]
      : file.size === 0
        ? [{ field: `attachments.${index}.size`, message: 'the file is empty' }]
        : [],
  );
  if (unfit.length > 0)
    throw new AppError('validation', unfit.map((u) => `${u.field}: ${u.message}`).join('; '), unfit);
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

/**
 * The facts a named asset gives a case: its model and serial. The asset must be one of the
 * case's customer that the creator may see (a customer only its own); otherwise a 400 on assetId.
 */
async function factsOfAsset(deps: Deps, scope: Scope, trx: Trx, assetId: string, customerId: string) {
  const asset = await getAsset(deps, scope, assetId, trx).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  });
  if (!asset || asset.customer.id !== customerId)
    throw AppError.field('assetId', 'is not an asset of this customer');
  return [
    { key: 'model', label: 'Modell', value: asset.productModel },
    { key: 'serial_number', label: 'Seriennummer', value: asset.serial },
  ];
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
  // A partner may keep its opening description between itself and the operator (access data, its
  // own assessment); a customer's own words are always its own to read.
  if (input.descriptionVisibility && !writableBy(audience).includes(input.descriptionVisibility))
    throw AppError.field(
      'descriptionVisibility',
      audience === 'customer'
        ? 'a customer’s description is always public'
        : 'is not a visibility you may write',
    );
  if (audience === 'partner' && input.type === PARTNER_HIDDEN_CASE_TYPE)
    throw AppError.field('type', 'an invoice request is made by the customer itself or by the operator');
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
    const firstVisibility = options.author
      ? visibilityOfAuthor(options.author)
      : (input.descriptionVisibility ?? 'public');
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
    const assetFacts = input.assetId ? await factsOfAsset(deps, scope, trx, input.assetId, customer.id) : [];
    const facts = input.urgency
      ? [{ key: 'urgency', label: 'Dringlichkeit', value: input.urgency }, ...assetFacts, ...input.facts]
      : [...assetFacts, ...input.facts];
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
