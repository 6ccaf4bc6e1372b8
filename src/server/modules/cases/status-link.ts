import type { Db, Trx } from '../../db/database';
import { AppError } from '../../shared/app-error';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import { type Scope, systemScope } from '../../shared/scope';
import { signToken, verifyToken } from '../../shared/signed-token';
import { recordAudit } from '../audit/service';
import { audienceOf } from './access';
import type { CaseStatusLinkRow } from './case.table';
import { getCase } from './case-detail';
import { findCase } from './repository';
import { getTimeline } from './timeline';

const PURPOSE = 'case-status';
const VALID_DAYS = 30;
/** A mail reuses the case's link from a mail of the last days instead of making one per mail. */
const MAIL_REUSE_DAYS = 7;
const DAY_MS = 86_400_000;

export type StatusLinkOrigin = CaseStatusLinkRow['origin'];

/** A status link as the case shows it; `url` only while it works. */
export type StatusLink = {
  id: string;
  url: string | null;
  origin: StatusLinkOrigin;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  state: 'active' | 'expired' | 'revoked';
};

// A signed, expiring link to a case's public view, for mails to the customer and for the customer
// to pass on. It shows only what the customer may see (public messages, facts, commitments,
// decisions), without login. Every link is a row of its case, so the case lists its links and a
// revoked one stops working at once; the token names its row, and its signature makes it unforgeable.

function urlOf(deps: Pick<Deps, 'config'>, row: Pick<CaseStatusLinkRow, 'id' | 'case_id' | 'expires_at'>) {
  const token = signToken(
    deps.config.sessionSecret,
    PURPOSE,
    { c: row.case_id, l: row.id },
    new Date(row.expires_at),
  );
  return `${deps.config.publicUrl}/status/${encodeURIComponent(token)}`;
}

function present(deps: Pick<Deps, 'config' | 'clock'>, row: CaseStatusLinkRow): StatusLink {
  const state = row.revoked_at ? 'revoked' : row.expires_at <= isoNow(deps.clock) ? 'expired' : 'active';
  return {
    id: row.id,
    url: state === 'active' ? urlOf(deps, row) : null,
    origin: row.origin,
    createdAt: row.created_at,
    createdBy: row.created_by_label,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by_label,
    state,
  };
}

/**
 * Status links are the customer's: the operator's staff and the customer's own users create, list
 * and revoke them. A partner does not; it sees the case in its own portal.
 */
async function caseForLinks(deps: Deps, scope: Scope, caseIdOrNumber: string) {
  if (audienceOf(scope) === 'partner')
    throw new AppError('forbidden', 'Only the operator and the customer manage status links');
  const found = await findCase(deps.db, scope, caseIdOrNumber);
  if (!found) throw AppError.notFound('Case');
  return found;
}

function labelOf(scope: Scope): string {
  return scope.kind === 'user' ? scope.name : scope.label;
}

async function insertLink(
  db: Db | Trx,
  deps: Pick<Deps, 'clock'>,
  scope: Scope,
  caseId: string,
  origin: StatusLinkOrigin,
): Promise<CaseStatusLinkRow> {
  const now = deps.clock.now();
  return db
    .insertInto('case_status_link')
    .values({
      id: newId(),
      case_id: caseId,
      origin,
      created_by_person_id: scope.kind === 'user' ? scope.personId : null,
      created_by_label: labelOf(scope),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + VALID_DAYS * DAY_MS).toISOString(),
      revoked_at: null,
      revoked_by_label: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A new status link (30 days) for a case the caller may see. */
export async function createStatusLink(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
): Promise<StatusLink> {
  const found = await caseForLinks(deps, scope, caseIdOrNumber);
  const row = await deps.db.transaction().execute(async (trx) => {
    const inserted = await insertLink(trx, deps, scope, found.id, 'manual');
    await recordAudit(trx, scope, deps.clock, {
      action: 'case.status_link_created',
      entityType: 'case',
      entityId: found.id,
      after: { linkId: inserted.id, expiresAt: inserted.expires_at },
    });
    return inserted;
  });
  return present(deps, row);
}

/** The case's status links, newest first, with whether each still works. */
export async function listStatusLinks(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
): Promise<StatusLink[]> {
  const found = await caseForLinks(deps, scope, caseIdOrNumber);
  const rows = await deps.db
    .selectFrom('case_status_link')
    .selectAll()
    .where('case_id', '=', found.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => present(deps, row));
}

/** Revokes a link: from now on it answers that it was withdrawn. Revoking twice changes nothing. */
export async function revokeStatusLink(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
  linkId: string,
): Promise<StatusLink> {
  const found = await caseForLinks(deps, scope, caseIdOrNumber);
  const row = await deps.db.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom('case_status_link')
      .selectAll()
      .where('id', '=', linkId)
      .where('case_id', '=', found.id)
      .executeTakeFirst();
    if (!link) throw AppError.notFound('Status link');
    if (link.revoked_at) return link;
    const revoked = await trx
      .updateTable('case_status_link')
      .set({ revoked_at: isoNow(deps.clock), revoked_by_label: labelOf(scope) })
      .where('id', '=', link.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, scope, deps.clock, {
      action: 'case.status_link_revoked',
      entityType: 'case',
      entityId: found.id,
      before: { linkId: link.id },
      after: { linkId: link.id, revokedAt: revoked.revoked_at },
    });
    return revoked;
  });
  return present(deps, row);
}

/**
 * The status link for a mail about a case (a reply, an auto-reply), in the mail's transaction.
 * Mails of a week share one link, so the case lists a handful of links rather than one per mail
 * and revoking that one covers them all.
 */
export async function statusLinkFor(
  trx: Trx,
  deps: Pick<Deps, 'clock' | 'config'>,
  caseId: string,
  origin: Exclude<StatusLinkOrigin, 'manual'>,
): Promise<{ url: string; expiresAt: string }> {
  const now = deps.clock.now();
  const recent = await trx
    .selectFrom('case_status_link')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('origin', 'in', ['reply_mail', 'auto_reply'])
    .where('revoked_at', 'is', null)
    .where('created_at', '>=', new Date(now.getTime() - MAIL_REUSE_DAYS * DAY_MS).toISOString())
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row = recent ?? (await insertLink(trx, deps, systemScope('channeldesk'), caseId, origin));
  return { url: urlOf(deps, row), expiresAt: row.expires_at };
}

/** The public view behind a status link; an invalid or expired link is a 404 that says what to do. */
export async function publicCaseStatus(deps: Deps, token: string) {
  const verified = verifyToken<{ c: string; l?: string }>(
    deps.config.sessionSecret,
    PURPOSE,
    token,
    deps.clock.now(),
  );
  if (!verified.ok) {
    throw new AppError(
      'not_found',
      verified.reason === 'expired'
        ? 'This status link has expired. Reply to our last mail and we send you a new one.'
        : 'This status link is not valid. Check that you copied it completely.',
    );
  }
  // Links from before links were kept name no row: they cannot be revoked, so they no longer work.
  const link = verified.payload.l
    ? await deps.db
        .selectFrom('case_status_link')
        .select(['case_id', 'revoked_at'])
        .where('id', '=', verified.payload.l)
        .executeTakeFirst()
    : undefined;
  if (link?.case_id !== verified.payload.c) {
    throw new AppError(
      'not_found',
      'This status link is no longer valid. Reply to our last mail and we send you a new one.',
    );
  }
  if (link.revoked_at) {
    throw new AppError(
      'status_link_revoked',
      'This status link was withdrawn and no longer shows the case. Ask us or your colleague for a new one.',
    );
  }
  // The link itself is the authorisation, for exactly one case and only its public content: the
  // view is built with the customer's audience so internal and partner entries never appear.
  const system = systemScope('status link');
  const row = await findCase(deps.db, system, verified.payload.c);
  if (!row) throw AppError.notFound('Case');
  const customerScope: Scope = {
    kind: 'user',
    personId: '',
    name: 'status link',
    email: '',
    organisationId: row.customer_id,
    organisationKind: 'customer',
    roles: [],
    via: 'token',
  };
  // A merged duplicate's link shows the case it was merged into (same customer by rule).
  const first = await getCase(deps, customerScope, row.id);
  const detail = 'redirectTo' in first ? await getCase(deps, customerScope, first.redirectTo.id) : first;
  if ('redirectTo' in detail) throw AppError.notFound('Case');
  const timeline = await getTimeline(deps, customerScope, detail.id);
  return {
    number: detail.number,
    subject: detail.subject,
    type: detail.type,
    status: detail.status,
    createdAt: detail.createdAt,
    updatedAt: detail.updatedAt,
    facts: detail.facts.map((f) => ({ label: f.label, value: f.value, state: f.state })),
    commitments: detail.commitments.map((c) => ({
      description: c.description,
      dueAt: c.dueAt,
      status: c.status,
    })),
    decisions: detail.decisions.map((d) => ({
      outcome: d.outcome,
      policy: d.policy,
      conditions: d.conditions,
      decidedAt: d.decidedAt,
    })),
    timeline: timeline.map((e) => ({
      at: e.at,
      kind: e.kind,
      author: e.author,
      body: e.body,
      type: e.type,
      data: e.data,
    })),
  };
}
