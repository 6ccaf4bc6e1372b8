// Time to restore per third party: from the report of a fault (case created) to resolved, in
// wall-clock hours and in business hours of the case's SLA calendar (the sla module's calculation).

import type { Deps } from '../../shared/deps';
import { csvDecimal, csvTable, csvText } from '../../shared/report-csv';
import { periodBounds, type ReportPeriod } from '../channel/lead-report';
import { businessMinutesBetween } from '../sla/business-calendar';
import { calendarOf, pickPolicy } from '../sla/service';
import { hours, median, p90 } from './restore-stats';
import type { TimeToRestoreReport } from './schemas';

/** Fault cases escalated to a third party and resolved in the period (by the day they were resolved). */
export async function getTimeToRestore(deps: Deps, period: ReportPeriod): Promise<TimeToRestoreReport> {
  const { start, end } = periodBounds(period);
  return deps.db.transaction().execute(async (trx) => {
    const cases = await trx
      .selectFrom('support_case')
      .innerJoin('organisation as tp', 'tp.id', 'support_case.third_party_id')
      .selectAll('support_case')
      .select(['tp.number as tp_number', 'tp.name as tp_name'])
      .where('support_case.type', '=', 'fault')
      .where('support_case.resolved_at', 'is not', null)
      .where('support_case.resolved_at', '>=', start)
      .where('support_case.resolved_at', '<', end)
      .execute();
    const byThirdParty = new Map<
      string,
      { number: string; name: string; wall: number[]; business: number[] }
    >();
    for (const kase of cases) {
      const from = new Date(kase.created_at);
      const to = new Date(kase.resolved_at as string);
      const calendar = calendarOf(await pickPolicy(trx, kase));
      const group = byThirdParty.get(kase.third_party_id as string) ?? {
        number: kase.tp_number,
        name: kase.tp_name,
        wall: [],
        business: [],
      };
      group.wall.push((to.getTime() - from.getTime()) / 60_000);
      group.business.push(businessMinutesBetween(calendar, from, to));
      byThirdParty.set(kase.third_party_id as string, group);
    }
    return {
      period,
      rows: [...byThirdParty.entries()]
        .map(([id, g]) => ({
          thirdParty: { id, number: g.number, name: g.name },
          count: g.wall.length,
          medianHours: hours(median(g.wall)),
          p90Hours: hours(p90(g.wall)),
          medianBusinessHours: hours(median(g.business)),
          p90BusinessHours: hours(p90(g.business)),
        }))
        .sort((a, b) => a.thirdParty.name.localeCompare(b.thirdParty.name)),
    };
  });
}

/** The report as CSV for German Excel (see shared/report-csv). */
export function timeToRestoreCsv(report: TimeToRestoreReport): string {
  return csvTable(
    [
      'third_party_number',
      'third_party',
      'count',
      'median_hours',
      'p90_hours',
      'median_business_hours',
      'p90_business_hours',
    ],
    report.rows.map((r) => [
      r.thirdParty.number,
      csvText(r.thirdParty.name),
      r.count,
      csvDecimal(r.medianHours),
      csvDecimal(r.p90Hours),
      csvDecimal(r.medianBusinessHours),
      csvDecimal(r.p90BusinessHours),
    ]),
  );
}
