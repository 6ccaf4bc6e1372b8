/**
 * The cause report: pure pieces between the queries (cause-report-queries.ts) and the route.
 * Which causes recur, how fast each is resolved, and which customers come back with the same
 * cause; computed here (medians, percentiles, 30-day windows) so it is tested without a database.
 */
import { median, type ReportPeriod } from '../channel/lead-report';

const DAY_MS = 86_400_000;
/** A customer's case is a repeat contact when the same customer had a case of the same cause this many days before. */
export const REPEAT_WINDOW_DAYS = 30;
/** Periods up to this many days are shown by week, longer ones by month. */
export const WEEKLY_UP_TO_DAYS = 92;

export type CauseCase = {
  id: string;
  customerId: string;
  /** null: the case has no cause (yet). */
  causeId: string | null;
  createdAt: string;
  resolvedAt: string | null;
};

export type Granularity = 'week' | 'month';

export function granularityOf(period: ReportPeriod): Granularity {
  const days = (Date.parse(period.to) - Date.parse(period.from)) / DAY_MS + 1;
  return days <= WEEKLY_UP_TO_DAYS ? 'week' : 'month';
}

/** The bucket of a time: the Monday of its week (UTC, YYYY-MM-DD) or its month (YYYY-MM). */
export function bucketOf(iso: string, granularity: Granularity): string {
  if (granularity === 'month') return iso.slice(0, 7);
  const day = new Date(`${iso.slice(0, 10)}T00:00:00.000Z`);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** Every bucket of the period in order, so a chart shows the empty weeks too. */
export function bucketsOf(period: ReportPeriod, granularity: Granularity): string[] {
  const buckets: string[] = [];
  let day = Date.parse(`${period.from}T00:00:00.000Z`);
  const end = Date.parse(`${period.to}T00:00:00.000Z`);
  while (day <= end) {
    const bucket = bucketOf(new Date(day).toISOString(), granularity);
    if (buckets.at(-1) !== bucket) buckets.push(bucket);
    day += DAY_MS;
  }
  return buckets;
}

/** The period of equal length just before this one. */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  const from = Date.parse(`${period.from}T00:00:00.000Z`);
  const days = (Date.parse(`${period.to}T00:00:00.000Z`) - from) / DAY_MS + 1;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(from - days * DAY_MS), to: day(from - DAY_MS) };
}

const inPeriod = (iso: string, period: ReportPeriod) =>
  iso.slice(0, 10) >= period.from && iso.slice(0, 10) <= period.to;

export type OverTimeRow = { bucket: string; causeId: string | null; count: number };

/** Cases created in the period by cause and bucket (buckets without cases are left out; `bucketsOf` lists all). */
export function casesOverTime(
  cases: readonly CauseCase[],
  period: ReportPeriod,
  granularity: Granularity,
): OverTimeRow[] {
  const counts = new Map<string, OverTimeRow>();
  for (const c of cases) {
    if (!inPeriod(c.createdAt, period)) continue;
    const bucket = bucketOf(c.createdAt, granularity);
    const key = `${bucket}|${c.causeId ?? ''}`;
    const row = counts.get(key) ?? { bucket, causeId: c.causeId, count: 0 };
    row.count += 1;
    counts.set(key, row);
  }
  return [...counts.values()].sort((a, b) => a.bucket.localeCompare(b.bucket) || b.count - a.count);
}

export type TopCauseRow = { causeId: string | null; count: number; previousCount: number; change: number };

/** Causes by their cases this period, against the period before; most cases first. */
export function topCauses(cases: readonly CauseCase[], period: ReportPeriod): TopCauseRow[] {
  const previous = previousPeriod(period);
  const rows = new Map<string | null, TopCauseRow>();
  const row = (causeId: string | null) => {
    const found = rows.get(causeId) ?? { causeId, count: 0, previousCount: 0, change: 0 };
    rows.set(causeId, found);
    return found;
  };
  for (const c of cases) {
    if (inPeriod(c.createdAt, period)) row(c.causeId).count += 1;
    else if (inPeriod(c.createdAt, previous)) row(c.causeId).previousCount += 1;
  }
  return [...rows.values()]
    .map((r) => ({ ...r, change: r.count - r.previousCount }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        b.previousCount - a.previousCount ||
        String(a.causeId).localeCompare(String(b.causeId)),
    );
}

/** The p-th percentile (0–100) by nearest rank, or null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

export type TimeToResolveRow = {
  causeId: string | null;
  resolved: number;
  medianHours: number | null;
  p90Hours: number | null;
};

/** Cases resolved in the period, per cause: how many, and the median and 90th percentile of hours from opening to resolution. */
export function timeToResolve(cases: readonly CauseCase[], period: ReportPeriod): TimeToResolveRow[] {
  const hours = new Map<string | null, number[]>();
  for (const c of cases) {
    if (!c.resolvedAt || !inPeriod(c.resolvedAt, period)) continue;
    const list = hours.get(c.causeId) ?? [];
    list.push((Date.parse(c.resolvedAt) - Date.parse(c.createdAt)) / 3_600_000);
    hours.set(c.causeId, list);
  }
  return [...hours.entries()]
    .map(([causeId, list]) => ({
      causeId,
      resolved: list.length,
      medianHours: round1(median(list)),
      p90Hours: round1(percentile(list, 90)),
    }))
    .sort((a, b) => b.resolved - a.resolved || String(a.causeId).localeCompare(String(b.causeId)));
}

export type RepeatContactRow = {
  causeId: string;
  /** Cases of the period whose customer had a case of the same cause in the 30 days before it. */
  repeats: number;
  /** Customers with at least one such case. */
  customers: number;
};

export type RepeatContactCase = {
  caseId: string;
  customerId: string;
  causeId: string;
  createdAt: string;
  previousCaseId: string;
};

/**
 * Repeat contacts: a case of the period whose customer opened a case with the same cause within
 * the 30 days before. `cases` must reach back 30 days before the period. Cases without a cause
 * are no repeat of anything.
 */
export function repeatContacts(
  cases: readonly CauseCase[],
  period: ReportPeriod,
): { rows: RepeatContactRow[]; cases: RepeatContactCase[] } {
  const byKey = new Map<string, CauseCase[]>();
  for (const c of cases) {
    if (!c.causeId) continue;
    const key = `${c.customerId}|${c.causeId}`;
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
  }
  const found: RepeatContactCase[] = [];
  for (const list of byKey.values()) {
    const sorted = [...list].sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    );
    sorted.forEach((c, i) => {
      const before = sorted[i - 1];
      if (!before || !inPeriod(c.createdAt, period)) return;
      if (Date.parse(c.createdAt) - Date.parse(before.createdAt) > REPEAT_WINDOW_DAYS * DAY_MS) return;
      found.push({
        caseId: c.id,
        customerId: c.customerId,
        causeId: c.causeId as string,
        createdAt: c.createdAt,
        previousCaseId: before.id,
      });
    });
  }
  const rows = new Map<string, { repeats: number; customers: Set<string> }>();
  for (const r of found) {
    const row = rows.get(r.causeId) ?? { repeats: 0, customers: new Set<string>() };
    row.repeats += 1;
    row.customers.add(r.customerId);
    rows.set(r.causeId, row);
  }
  return {
    rows: [...rows.entries()]
      .map(([causeId, r]) => ({ causeId, repeats: r.repeats, customers: r.customers.size }))
      .sort((a, b) => b.repeats - a.repeats || a.causeId.localeCompare(b.causeId)),
    cases: found.sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  };
}
