// The notifications module's entry from the case hooks: in the case's transaction it only notes
// *that* something may concern someone (a timer per source, due at once); the worker decides who
// hears of it after commit. Like mail/case-mail.ts it must not import the case service at load time.
import type { Trx } from '../../db/database';
import { ensureTimer } from '../../jobs/timers';
import { isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';

/** Timeline events someone may have to hear of; the worker judges each one further. */
const NOTICED_EVENT_TYPES: ReadonlySet<string> = new Set([
  'commitment_made',
  'commitment_kept',
  'commitment_missed',
  'commitment_dropped',
  'held_for_commitments',
  'decision_made',
  'status_changed',
  'assignee_changed',
  'sla_breached',
]);

/** The notice sources (`event:<id>`) of the recorded events that may concern someone. */
export function noticeSourcesOf(events: { id: string; type: string }[]): string[] {
  return events.filter((event) => NOTICED_EVENT_TYPES.has(event.type)).map((event) => `event:${event.id}`);
}

/**
 * Queues notice sources (`created:<case id>`, `message:<id>`, `event:<id>`) for the worker. The
 * timer commits with the change, so a notice is never sent for a change that was rolled back.
 */
export async function queueCaseNotices(
  trx: Trx,
  deps: Pick<Deps, 'clock'>,
  sources: string[],
): Promise<void> {
  const now = isoNow(deps.clock);
  for (const source of sources) await ensureTimer(trx, 'notification', source, now);
}
