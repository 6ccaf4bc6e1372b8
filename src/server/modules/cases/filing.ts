import type { Trx } from '../../db/database';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import type { Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import type { FactSource, FactState } from './case.table';
import { appendToCaseSearch, rebuildCaseSearch } from './search-document';

// What a message from outside (a mail) brings along besides its text: its attachments and facts
// its sender states (a carrier's own ticket number). Written in the message's transaction by
// openCase and addMessage, so the mail, its files and its facts commit together, each fact with
// its timeline event, search text and audit entry like a fact an agent sets.

/** A file already in the content-addressed store (cases/attachments.ts storeFileContent). */
export type FiledFile = {
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  /** The mail part's Content-ID, for the HTML's cid: images. */
  contentId: string | null;
};

/** A fact stated by the message's sender, e.g. a third party's own reference number. */
export type FiledFact = {
  key: string;
  label: string;
  value: string;
  source: FactSource;
  state: FactState;
  /** Who stated it, as the fact shows it (e.g. the carrier's name). */
  updatedBy: string;
};

export type FiledExtras = { files?: FiledFile[]; facts?: FiledFact[]; uploadedBy?: string | null };

/** Attachments of the message (with its visibility) and the sender's facts, in the case's transaction. */
export async function recordFiledExtras(
  trx: Trx,
  deps: Deps,
  scope: Scope,
  target: { caseId: string; messageId: string },
  extras: FiledExtras,
): Promise<void> {
  const files = extras.files ?? [];
  const now = isoNow(deps.clock);
  if (files.length > 0) {
    const message = await trx
      .selectFrom('case_message')
      .select(['visibility', 'partner_organisation_id'])
      .where('id', '=', target.messageId)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('case_attachment')
      .values(
        files.map((file) => ({
          id: newId(),
          case_id: target.caseId,
          message_id: target.messageId,
          visibility: message.visibility,
          partner_organisation_id: message.partner_organisation_id,
          uploaded_by_person_id: extras.uploadedBy ?? null,
          file_name: file.fileName,
          mime_type: file.mimeType,
          size: file.size,
          sha256: file.sha256,
          content_id: file.contentId,
          created_at: now,
        })),
      )
      .execute();
  }
  await recordFiledFacts(trx, deps, scope, target.caseId, extras.facts ?? []);
}

/**
 * Facts a sender states without a message of theirs on the case (a carrier's automatic
 * acknowledgement naming its ticket), in the transaction of a changeCase.
 */
export async function recordFiledFacts(
  trx: Trx,
  deps: Deps,
  scope: Scope,
  caseId: string,
  facts: FiledFact[],
): Promise<void> {
  const now = isoNow(deps.clock);
  for (const fact of facts) await recordFiledFact(trx, deps, scope, caseId, fact, now);
}

async function recordFiledFact(
  trx: Trx,
  deps: Deps,
  scope: Scope,
  caseId: string,
  fact: FiledFact,
  now: string,
): Promise<void> {
  const before = await trx
    .selectFrom('case_fact')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('key', '=', fact.key)
    .executeTakeFirst();
  if (before && before.value === fact.value && before.label === fact.label) return;
  const values = {
    label: fact.label,
    value: fact.value,
    source: fact.source,
    state: fact.state,
    note: null,
    updated_by_label: fact.updatedBy,
    updated_at: now,
  };
  if (before) {
    await trx.updateTable('case_fact').set(values).where('id', '=', before.id).execute();
    await rebuildCaseSearch(trx, deps.dialect, caseId);
  } else {
    await trx
      .insertInto('case_fact')
      .values({ id: newId(), case_id: caseId, key: fact.key, created_at: now, ...values })
      .execute();
    await appendToCaseSearch(trx, deps.dialect, caseId, `${fact.label} ${fact.value}`);
  }
  await trx
    .insertInto('case_event')
    .values({
      id: newId(),
      case_id: caseId,
      type: before ? 'fact_changed' : 'fact_added',
      // Facts are on the table for everyone on the case (facts.ts); so is their history.
      visibility: 'public',
      actor_person_id: null,
      actor_label: fact.updatedBy,
      data: JSON.stringify({
        key: fact.key,
        label: fact.label,
        from: before?.value ?? null,
        to: fact.value,
        source: fact.source,
      }),
      created_at: now,
    })
    .execute();
  await recordAudit(trx, scope, deps.clock, {
    action: before ? 'case.fact_changed' : 'case.fact_added',
    entityType: 'case',
    entityId: caseId,
    before: before ?? undefined,
    after: { key: fact.key, ...values },
  });
}
