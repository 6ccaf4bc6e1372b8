// The replacement a device fault leads to (scenario S3): the Diagnose panel shows the offer of the
// latest device classification (replacement-offer.ts decides it), and one press opens it: a
// return through the returns service or a `new_device` lead through the channel's lead routing.
// Once per case: a second press (also on another run, or by someone else at the same moment: the
// case row is locked and case_id is unique) answers with the replacement already opened.
import type { Db, Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { actorLabel, type Scope } from '../../shared/scope';
import { recordAudit } from '../audit/service';
import { audienceOf, currentAssetResellerOfRecordRows, currentResellerOf } from '../cases/access';
import type { SupportCaseRow } from '../cases/case.table';
import { changeCase, resolveCaseForScope } from '../cases/service';
import { insertAndRouteLead } from '../channel/lead-create';
import { actorOf } from '../channel/lead-placement';
import { openReturn } from '../returns/service';
import {
  identifyDevice,
  type ReplacementOffer,
  replacementOffer,
  SERIAL_STEP_IDS,
} from './replacement-offer';
import type { ReplacementOffer as OfferView, Replacement } from './schemas';
import type { CaseReplacementRow, ChecklistRunRow } from './triage.table';

const OPERATOR_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' });

/** 2025-08-23 → 23.08.2025: the lead's note is read in German. */
function germanDate(date: string | null): string {
  return date ? date.split('-').reverse().join('.') : '–';
}

function notOffered(message: string): AppError {
  return new AppError('replacement_not_offered', message);
}

/** The offer for one run: the device from the case's facts or the run's answers, its warranty, its reseller of record. */
async function offerFor(deps: Deps, db: Db | Trx, kase: SupportCaseRow, run: ChecklistRunRow) {
  const facts = await db
    .selectFrom('case_fact')
    .select(['key', 'value'])
    .where('case_id', '=', kase.id)
    .where('key', 'in', ['serial_number', 'model'])
    .execute();
  const fact = (key: string) => facts.find((f) => f.key === key)?.value ?? null;
  const answers = JSON.parse(run.answers) as Record<string, string>;
  const serialAnswer = SERIAL_STEP_IDS.map((id) => answers[id]).find((v) => v !== undefined) ?? null;
  const assets = await db
    .selectFrom('asset')
    .select(['id', 'serial', 'product_model', 'product_line', 'warranty_end'])
    .where('customer_id', '=', kase.customer_id)
    .execute();
  const device = identifyDevice({
    serialFact: fact('serial_number'),
    serialAnswer,
    modelFact: fact('model'),
    assets: assets.map((a) => ({
      id: a.id,
      serial: a.serial,
      productModel: a.product_model,
      productLine: a.product_line,
      warrantyEnd: a.warranty_end,
    })),
  });
  // The asset's own reseller of record first, else the customer's (as lead routing decides).
  const ownRecord = device?.assetId
    ? await db
        .selectFrom(currentAssetResellerOfRecordRows('r'))
        .select('r.partner_id')
        .where('r.asset_id', '=', device.assetId)
        .executeTakeFirst()
    : undefined;
  const partnerId = ownRecord?.partner_id ?? (await currentResellerOf(db, kase.customer_id));
  const partner = partnerId
    ? await db
        .selectFrom('organisation')
        .select(['id', 'name'])
        .where('id', '=', partnerId)
        .executeTakeFirst()
    : undefined;
  return replacementOffer({
    classification: run.classification === 'device' ? 'device' : null,
    device,
    today: OPERATOR_DAY.format(deps.clock.now()),
    resellerOfRecord: partner ?? null,
  });
}

/** What a viewer is shown of an offer: a partner learns no other partner's name (it sees only its own records). */
function offerView(scope: Scope, runId: string, offer: ReplacementOffer): OfferView | null {
  if (offer.kind === 'none' && offer.reason === 'not_device') return null;
  const own = (partner: { id: string; name: string } | null) =>
    partner &&
    (audienceOf(scope) === 'operator' || (scope.kind === 'user' && scope.organisationId === partner.id))
      ? partner
      : null;
  if (offer.kind === 'none')
    return { runId, kind: 'device_unknown', device: null, warranty: null, partner: null, to: null };
  const device = {
    product: offer.device.product,
    serial: offer.device.serial,
    warrantyEnd: offer.device.warrantyEnd,
    inInstalledBase: offer.device.assetId !== null,
  };
  if (offer.kind === 'return')
    return { runId, kind: 'return', device, warranty: offer.warranty, partner: null, to: null };
  return {
    runId,
    kind: 'new_device_lead',
    device,
    warranty: 'expired',
    partner: own(offer.partner),
    to: offer.partner ? 'reseller_of_record' : 'routing',
  };
}

async function replacementView(db: Db | Trx, scope: Scope, row: CaseReplacementRow): Promise<Replacement> {
  const ret = row.return_id
    ? await db
        .selectFrom('case_return')
        .select(['id', 'number', 'state'])
        .where('id', '=', row.return_id)
        .executeTakeFirst()
    : undefined;
  const lead = row.lead_id
    ? await db
        .selectFrom('lead')
        .leftJoin('organisation', 'organisation.id', 'lead.partner_id')
        .select([
          'lead.id',
          'lead.number',
          'lead.status',
          'lead.partner_id',
          'organisation.name as partner_name',
        ])
        .where('lead.id', '=', row.lead_id)
        .executeTakeFirst()
    : undefined;
  // A partner learns where the lead went only when it went to itself (lead-view.ts keeps the same rule).
  const partnerShown =
    lead?.partner_id &&
    (audienceOf(scope) === 'operator' || (scope.kind === 'user' && scope.organisationId === lead.partner_id));
  return {
    runId: row.run_id,
    kind: row.kind,
    return: ret ? { id: ret.id, number: ret.number, state: ret.state } : null,
    lead: lead
      ? {
          id: lead.id,
          number: lead.number,
          status: lead.status,
          partner: partnerShown ? { id: lead.partner_id!, name: lead.partner_name ?? '' } : null,
        }
      : null,
    createdBy: row.created_by_label,
    createdAt: row.created_at,
  };
}

/** The Diagnose panel's replacement: the offer of the latest device classification and what was opened. */
export async function replacementOfCase(
  deps: Deps,
  scope: Scope,
  kase: SupportCaseRow,
): Promise<{ offer: OfferView | null; opened: Replacement | null }> {
  const opened = await deps.db
    .selectFrom('case_replacement')
    .selectAll()
    .where('case_id', '=', kase.id)
    .executeTakeFirst();
  if (opened) return { offer: null, opened: await replacementView(deps.db, scope, opened) };
  const run = await deps.db
    .selectFrom('checklist_run')
    .selectAll()
    .where('case_id', '=', kase.id)
    .where('classification', 'is not', null)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (run?.classification !== 'device') return { offer: null, opened: null };
  return { offer: offerView(scope, run.id, await offerFor(deps, deps.db, kase, run)), opened: null };
}

/**
 * Opens the replacement a run's device classification offers: a return (items from the case's
 * asset or facts) or a `new_device` lead routed to the reseller of record, with a timeline event
 * and an audit entry, in the case's transaction. Once per case: `created` false answers with the
 * replacement opened before. 409 replacement_not_offered when the run found no device fault or the
 * case names no device; another tenant's case or run is a 404.
 */
export async function openReplacement(
  deps: Deps,
  scope: Scope,
  caseRef: string,
  runId: string,
): Promise<{ created: boolean; replacement: Replacement }> {
  if (audienceOf(scope) === 'customer')
    throw new AppError('forbidden', 'Your role does not allow this action');
  await resolveCaseForScope(deps, scope, caseRef);
  if (!/^[0-9a-f-]{36}$/i.test(runId)) throw AppError.notFound('Checklist run');
  const { created, row } = await changeCase(deps, scope, caseRef, async (ctx) => {
    const run = await ctx.trx
      .selectFrom('checklist_run')
      .selectAll()
      .where('id', '=', runId)
      .where('case_id', '=', ctx.row.id)
      .executeTakeFirst();
    if (!run) throw AppError.notFound('Checklist run');
    const existing = await ctx.trx
      .selectFrom('case_replacement')
      .selectAll()
      .where('case_id', '=', ctx.row.id)
      .executeTakeFirst();
    if (existing) return { created: false, row: existing };
    if (ctx.row.status === 'closed') throw new AppError('conflict', 'The case is closed.');
    const offer = await offerFor(deps, ctx.trx, ctx.row, run);
    if (offer.kind === 'none')
      throw notOffered(
        offer.reason === 'not_device'
          ? 'This checklist run did not classify a device fault.'
          : 'The case names no device: record its serial number or model as a fact first.',
      );
    const device = offer.device;
    const label = [device.product, device.serial].filter(Boolean).join(' ');
    const checklist = await ctx.trx
      .selectFrom('checklist')
      .select(['name', 'product_line'])
      .where('id', '=', run.checklist_id)
      .executeTakeFirstOrThrow();
    const now = isoNow(deps.clock);
    const row: CaseReplacementRow = {
      id: newId(),
      case_id: ctx.row.id,
      run_id: run.id,
      kind: offer.kind,
      return_id: null,
      lead_id: null,
      created_by_label: actorLabel(scope),
      created_at: now,
    };
    if (offer.kind === 'return') {
      // German, like facts: the reason is read by the operator's returns desk.
      const opened = await openReturn(deps, scope, ctx, {
        items: [
          {
            product: device.product,
            serial: device.serial,
            quantity: 1,
            reason: `Gerätefehler laut Checkliste „${checklist.name}“ (Fall ${ctx.row.number})`,
          },
        ],
      });
      row.return_id = opened.id;
      await ctx.trx.insertInto('case_replacement').values(row).execute();
      await ctx.event('replacement_return_opened', 'public', {
        runId: run.id,
        returnId: opened.id,
        rmaNumber: opened.number,
        product: label,
      });
    } else {
      const lead = await insertAndRouteLead(ctx.trx, deps, actorOf(scope), {
        customerId: ctx.row.customer_id,
        kind: 'new_device',
        source: audienceOf(scope) === 'partner' ? 'partner' : 'operator',
        productLine: device.productLine ?? checklist.product_line,
        assetId: device.assetId,
        note: `Ersatz für ${label}, Garantie bis ${germanDate(device.warrantyEnd)} abgelaufen; Gerätefehler in Fall ${ctx.row.number}`,
      });
      row.lead_id = lead!.id;
      await ctx.trx.insertInto('case_replacement').values(row).execute();
      // A sales lead is between the operator and the reseller: the customer hears from the reseller.
      await ctx.event('replacement_lead_opened', 'partner', {
        runId: run.id,
        leadId: lead!.id,
        leadNumber: lead!.number,
        product: label,
      });
    }
    await recordAudit(ctx.trx, scope, deps.clock, {
      action: 'replacement.opened',
      entityType: 'case',
      entityId: ctx.row.id,
      after: { runId: run.id, kind: row.kind, returnId: row.return_id, leadId: row.lead_id },
    });
    return { created: true, row };
  });
  return { created, replacement: await replacementView(deps.db, scope, row) };
}
