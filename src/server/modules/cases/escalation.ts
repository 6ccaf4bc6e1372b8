import type { ExpressionBuilder } from 'kysely';
import type { Database, Trx } from '../../db/database';
import { enqueueOutbox } from '../../jobs/outbox';
import type { TimerRow } from '../../jobs/timer.table';
import { deleteTimer, postponeTimer } from '../../jobs/timers';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { systemScope } from '../../shared/scope';
import { noticeMail } from '../mail/templates';
import { clockState, findCaseClock, markClockWarned, storeClockState } from '../sla/service';
import { refreshBreaching } from './breaching';
import type { SupportCaseRow } from './case.table';
import { changeCase } from './change-case';
import { holdForOpenCommitments } from './commitment-hold';
import { raisePriority } from './update';

const SCHEDULER = systemScope('scheduler');

type Notice = { subject: Record<'de' | 'en', string>; text: Record<'de' | 'en', string> };

/**
 * Mails the people who must act: the given persons plus the lead of the case's group. Each mail goes
 * through the outbox in the caller's transaction, in the recipient's language.
 */
async function notify(
  trx: Trx,
  deps: Deps,
  row: SupportCaseRow,
  personIds: (string | null)[],
  notice: Notice,
): Promise<void> {
  const ids = new Set(personIds.filter((id): id is string => id !== null));
  if (row.group_id) {
    const group = await trx
      .selectFrom('case_group')
      .select('lead_person_id')
      .where('id', '=', row.group_id)
      .executeTakeFirst();
    if (group?.lead_person_id) ids.add(group.lead_person_id);
  }
  if (ids.size === 0) return;
  const people = await trx
    .selectFrom('person')
    .select(['email', 'locale', 'active'])
    .where('id', 'in', [...ids])
    .execute();
  const link = `${deps.config.publicUrl}/cases/${row.number}`;
  for (const person of people) {
    if (person.active !== 1) continue;
    const lang = person.locale;
    const content = noticeMail(lang, { subject: notice.subject[lang], text: notice.text[lang], link });
    await enqueueOutbox(trx, deps.clock, {
      topic: 'mail.send',
      payload: { to: person.email, ...content, locale: lang },
    });
  }
}

const CLOCK_NAMES = {
  de: { first_response: 'Erstreaktion', silence: 'Funkstille', resolution: 'Lösung' },
  en: { first_response: 'first response', silence: 'silence', resolution: 'resolution' },
} as const;

/**
 * A clock's timer fired: sends the warning before the breach once, and on breach records an
 * internal event, flags the case as breaching and notifies assignee and group lead.
 */
export async function handleClockTimer(deps: Deps, timer: TimerRow): Promise<void> {
  const [caseId, kind] = timer.subject_id.split(':') as [string, 'first_response' | 'silence' | 'resolution'];
  const exists = await deps.db
    .selectFrom('support_case')
    .select('id')
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!exists) {
    await deleteTimer(deps.db, timer.id);
    return;
  }
  await changeCase(deps, SCHEDULER, caseId, async ({ trx, row, event }) => {
    const found = await findCaseClock(trx, caseId, kind);
    if (!found) {
      await deleteTimer(trx, timer.id);
      return;
    }
    const { clock, policy } = found;
    const now = deps.clock.now();
    const state = clockState(clock, policy, now);
    const nowIso = now.toISOString();
    if (state.state === 'breached' && clock.state !== 'breached') {
      await event('sla_breached', 'internal', {
        clock: kind,
        dueAt: state.dueAt?.toISOString() ?? clock.due_at,
      });
      await notify(trx, deps, row, [row.assignee_id], {
        subject: {
          de: `SLA verletzt (${CLOCK_NAMES.de[kind]}): ${row.number} ${row.subject}`,
          en: `SLA breached (${CLOCK_NAMES.en[kind]}): ${row.number} ${row.subject}`,
        },
        text: {
          de: `Im Fall ${row.number} ist die Frist „${CLOCK_NAMES.de[kind]}“ überschritten.`,
          en: `Case ${row.number} has breached its ${CLOCK_NAMES.en[kind]} target.`,
        },
      });
    } else if (state.state === 'running' && state.warnAt && state.warnAt <= now && clock.warned_at === null) {
      await markClockWarned(trx, clock, nowIso);
      await event('sla_warning', 'internal', { clock: kind, dueAt: state.dueAt?.toISOString() ?? null });
      await notify(trx, deps, row, [row.assignee_id], {
        subject: {
          de: `Frist läuft bald ab (${CLOCK_NAMES.de[kind]}): ${row.number}`,
          en: `Target due soon (${CLOCK_NAMES.en[kind]}): ${row.number}`,
        },
        text: {
          de: `Im Fall ${row.number} endet die Frist „${CLOCK_NAMES.de[kind]}“ um ${state.dueAt?.toISOString()} (UTC).`,
          en: `Case ${row.number}: the ${CLOCK_NAMES.en[kind]} target is due at ${state.dueAt?.toISOString()} (UTC).`,
        },
      });
    }
    await storeClockState(trx, clock, state);
    await refreshBreaching(trx, caseId);
  });
}

/**
 * A commitment fell due. If it is still open it is broken: the case rises one priority level, is
 * flagged as breaching, the owner and the group lead are notified, and the customer sees that the
 * promise was missed (no silent promises).
 */
export async function handleCommitmentTimer(deps: Deps, timer: TimerRow): Promise<void> {
  const commitment = await deps.db
    .selectFrom('case_commitment')
    .selectAll()
    .where('id', '=', timer.subject_id)
    .executeTakeFirst();
  if (commitment?.status !== 'open') {
    await deleteTimer(deps.db, timer.id);
    return;
  }
  if (commitment.due_at > isoNow(deps.clock)) {
    await postponeTimer(deps.db, timer.id, commitment.due_at);
    return;
  }
  await changeCase(deps, SCHEDULER, commitment.case_id, async ({ trx, row, event, happened }) => {
    const now = isoNow(deps.clock);
    await trx
      .updateTable('case_commitment')
      .set({ status: 'broken', escalated_at: now })
      .where('id', '=', commitment.id)
      .execute();
    await deleteTimer(trx, timer.id);
    await event('commitment_missed', 'public', {
      commitmentId: commitment.id,
      description: commitment.description,
      dueAt: commitment.due_at,
    });
    const priority = raisePriority(row.priority);
    if (priority !== row.priority) {
      await trx.updateTable('support_case').set({ priority }).where('id', '=', row.id).execute();
      await event('priority_changed', 'public', {
        from: row.priority,
        to: priority,
        reason: 'commitment_missed',
      });
      happened({ type: 'priority_changed' });
    }
    await trx.updateTable('support_case').set({ breaching: 1 }).where('id', '=', row.id).execute();
    await notify(trx, deps, row, [commitment.owner_person_id, row.assignee_id], {
      subject: {
        de: `Zusage verpasst: ${row.number} – ${commitment.description}`,
        en: `Commitment missed: ${row.number} – ${commitment.description}`,
      },
      text: {
        de: `Die Zusage „${commitment.description}“ im Fall ${row.number} war fällig um ${commitment.due_at} (UTC) und ist nicht erfüllt. Die Priorität wurde erhöht.`,
        en: `The commitment "${commitment.description}" on case ${row.number} was due at ${commitment.due_at} (UTC) and is not kept. The priority was raised.`,
      },
    });
  });
}

/**
 * Closes cases that stayed resolved longer than CASE_CLOSE_AFTER_DAYS; closed is final. A case that
 * still has open commitments (carried over when it was resolved, or made since) is not closed: its
 * commitments' owners and assignee are told once, and a person closes it after settling them.
 */
export async function closeResolvedCases(deps: Deps): Promise<number> {
  const cutoff = new Date(
    deps.clock.now().getTime() - deps.config.cases.closeAfterDays * 86_400_000,
  ).toISOString();
  const openCommitment = (eb: ExpressionBuilder<Database, 'support_case'>) =>
    eb.exists(
      eb
        .selectFrom('case_commitment')
        .select('case_commitment.id')
        .whereRef('case_commitment.case_id', '=', 'support_case.id')
        .where('case_commitment.status', '=', 'open'),
    );
  const due = await deps.db
    .selectFrom('support_case')
    .select('id')
    .where('status', '=', 'resolved')
    .where('resolved_at', '<', cutoff)
    .where((eb) => eb.not(openCommitment(eb)))
    .limit(500)
    .execute();
  // Held ones not yet told since they were resolved; the sweep passes over them afterwards.
  const held = await deps.db
    .selectFrom('support_case')
    .select('id')
    .where('status', '=', 'resolved')
    .where('resolved_at', '<', cutoff)
    .where((eb) => openCommitment(eb))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('case_event')
            .select('case_event.id')
            .whereRef('case_event.case_id', '=', 'support_case.id')
            .where('case_event.type', '=', 'held_for_commitments')
            .whereRef('case_event.created_at', '>=', 'support_case.resolved_at'),
        ),
      ),
    )
    .limit(500)
    .execute();
  let closed = 0;
  for (const { id } of [...due, ...held]) {
    await changeCase(deps, SCHEDULER, id, async (ctx) => {
      const { trx, row, event, happened } = ctx;
      if (row.status !== 'resolved') return;
      if (await holdForOpenCommitments(ctx, { to: 'closed', reason: 'auto_close', since: row.resolved_at }))
        return;
      await trx
        .updateTable('support_case')
        .set({ status: 'closed', closed_at: isoNow(deps.clock) })
        .where('id', '=', row.id)
        .execute();
      await event('status_changed', 'public', { from: 'resolved', to: 'closed', reason: 'auto_close' });
      happened({ type: 'status_changed', from: 'resolved', to: 'closed' });
      closed += 1;
    });
  }
  return closed;
}
