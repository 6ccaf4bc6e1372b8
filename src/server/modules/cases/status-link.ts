import { AppError } from '../../shared/app-error';
import type { Deps } from '../../shared/deps';
import { type Scope, systemScope } from '../../shared/scope';
import { signToken, verifyToken } from '../../shared/signed-token';
import { audienceOf } from './access';
import { findCase } from './repository';
import { getCase, getTimeline } from './service';

const PURPOSE = 'case-status';
const VALID_DAYS = 30;

/**
 * A signed, expiring link to a case's public view, for mails to the customer. It shows only
 * what the customer may see (public messages, facts, commitments, decisions), without login.
 */
export async function createStatusLink(
  deps: Deps,
  scope: Scope,
  caseIdOrNumber: string,
): Promise<{ url: string; expiresAt: string }> {
  if (audienceOf(scope) === 'customer')
    throw new AppError('forbidden', 'Customers see their cases in the portal');
  const found = await findCase(deps.db, scope, caseIdOrNumber);
  if (!found) throw AppError.notFound('Case');
  return statusLinkFor(deps, found.id);
}

/** The signed link for a case the caller already holds; no database access, so usable inside a transaction. */
export function statusLinkFor(
  deps: Pick<Deps, 'clock' | 'config'>,
  caseId: string,
): { url: string; expiresAt: string } {
  const expiresAt = new Date(deps.clock.now().getTime() + VALID_DAYS * 86_400_000);
  const token = signToken(deps.config.sessionSecret, PURPOSE, { c: caseId }, expiresAt);
  return {
    url: `${deps.config.publicUrl}/status/${encodeURIComponent(token)}`,
    expiresAt: expiresAt.toISOString(),
  };
}

/** The public view behind a status link; an invalid or expired link is a 404 that says what to do. */
export async function publicCaseStatus(deps: Deps, token: string) {
  const verified = verifyToken<{ c: string }>(deps.config.sessionSecret, PURPOSE, token, deps.clock.now());
  if (!verified.ok) {
    throw new AppError(
      'not_found',
      verified.reason === 'expired'
        ? 'This status link has expired. Reply to our last mail and we send you a new one.'
        : 'This status link is not valid. Check that you copied it completely.',
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
