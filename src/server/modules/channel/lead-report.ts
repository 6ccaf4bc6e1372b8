/**
 * The leads report: pure pieces between the queries (lead-report-repository.ts) and the route.
 * Counts and sums come from SQL; what SQL cannot say portably (a median, a rate that is null when
 * nothing was decided, the twelve months ahead with their zeros) is computed here so it can be
 * tested without a database.
 */

/** Both ends are calendar days (YYYY-MM-DD), inclusive, taken as UTC days. */
export type ReportPeriod = { from: string; to: string };

/** ISO timestamps for SQL: `start` inclusive, `end` exclusive (the day after `to`). */
export type PeriodBounds = { start: string; end: string };

/**
 * Lead-step actions that offer a lead to the step's partner. Every placement with a partner is a
 * `routed` step naming it, also after a channel manager's move (whose own `rerouted` step names
 * the partner that lost the lead, so it is not an offer).
 */
export const OFFER_ACTIONS = ['routed'] as const;
/** Lead-step actions that are a partner's answer to an offer; the response time ends with them. */
export const RESPONSE_ACTIONS = ['accepted', 'declined'] as const;

/** How many rows of a list section the JSON carries; the CSV carries up to CSV_ROW_LIMIT. */
export const JSON_ROW_LIMIT = 20;
export const CSV_ROW_LIMIT = 10_000;

export const REPORT_SECTIONS = [
  'byRoutingReason',
  'outsideResellerOfRecord',
  'directContacts',
  'partners',
  'renewalsDue',
] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

const DAY_MS = 86_400_000;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A real calendar day in YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && isoDay(date) === value;
}

/** The default period: the twelve months up to and including today (today minus 12 months, plus a day). */
export function defaultPeriod(now: Date): ReportPeriod {
  const to = isoDay(now);
  const start = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate()));
  // 29 February minus a year rolls over to 1 March, which is what "a year before" means here.
  return { from: isoDay(new Date(start.getTime() + DAY_MS)), to };
}

/** The longest period one request may span: ten years keeps every query bounded. */
export const MAX_PERIOD_DAYS = 3660;

/**
 * The period asked for: both ends given, one (the other a year from it), or none (the last 12
 * months). A problem names its field.
 */
export function resolvePeriod(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date,
): ReportPeriod | { field: 'from' | 'to'; message: string } {
  let period: ReportPeriod;
  if (query.from && query.to) period = { from: query.from, to: query.to };
  else if (query.to) period = defaultPeriod(new Date(`${query.to}T00:00:00.000Z`));
  else if (query.from) {
    const from = new Date(`${query.from}T00:00:00.000Z`);
    const yearLater = new Date(
      Date.UTC(from.getUTCFullYear() + 1, from.getUTCMonth(), from.getUTCDate()) - DAY_MS,
    );
    const today = isoDay(now);
    period = { from: query.from, to: [isoDay(yearLater), today].sort()[0] as string };
    if (period.to < period.from) period.to = period.from;
  } else period = defaultPeriod(now);
  if (period.from > period.to) return { field: 'to', message: 'must not be before from' };
  const days = (Date.parse(period.to) - Date.parse(period.from)) / DAY_MS;
  if (days > MAX_PERIOD_DAYS) return { field: 'to', message: 'must be at most ten years after from' };
  return period;
}

export function periodBounds(period: ReportPeriod): PeriodBounds {
  const end = new Date(new Date(`${period.to}T00:00:00.000Z`).getTime() + DAY_MS);
  return { start: `${period.from}T00:00:00.000Z`, end: end.toISOString() };
}

/** The months (YYYY-MM) from the month of `now` on, `count` of them. */
export function monthsAhead(now: Date, count: number): string[] {
  const months: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
    months.push(date.toISOString().slice(0, 7));
  }
  return months;
}

/** First day of the month of `now` and first day of the month `count` months later: warranty ends in [start, end). */
export function monthsAheadBounds(now: Date, count: number): { start: string; end: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + count, 1));
  return { start: isoDay(start), end: isoDay(end) };
}

/** part / whole as a number 0–1, rounded to 4 places; null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 10_000) / 10_000;
}

/** The median of the values, or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Hours between two ISO timestamps, rounded to 0.1 h. */
export function hoursBetween(fromIso: string, toIso: string): number {
  return Math.round((new Date(toIso).getTime() - new Date(fromIso).getTime()) / 360_000) / 10;
}

// ------------------------------------------------------------------ partners

export type PartnerStepCounts = {
  partnerId: string;
  offered: number;
  accepted: number;
  declined: number;
  timedOut: number;
};
/** A partner's answer to an offer, with the offer it answers (null when the offer lies before any record). */
export type PartnerResponse = { partnerId: string; offeredAt: string | null; respondedAt: string };
export type PartnerOutcomes = { partnerId: string; won: number; lost: number; wonValueCents: number };
export type PartnerPipeline = { partnerId: string; openLeads: number; expectedValueCents: number };
export type PartnerRegistrations = {
  partnerId: string;
  registered: number;
  approved: number;
  rejected: number;
  approvedValueCents: number;
};
export type PartnerName = { id: string; number: string; name: string };

export type PartnerReportRow = {
  partner: PartnerName;
  offered: number;
  accepted: number;
  declined: number;
  timedOut: number;
  /** accepted / (accepted + declined + timed out): offers still open do not count yet. */
  acceptanceRate: number | null;
  /** Median hours from an offer to the partner's accept or decline; timeouts are not answers. */
  medianResponseHours: number | null;
  won: number;
  lost: number;
  /** won / (won + lost): of the leads the partner closed in the period. */
  conversionRate: number | null;
  wonValueCents: number;
  /** Leads the partner holds now (offered or accepted), whatever the period. */
  openLeads: number;
  pipelineExpectedValueCents: number;
  /** Deal registrations the partner made in the period, and how they were decided. */
  registrations: number;
  registrationsApproved: number;
  registrationsRejected: number;
  approvedRegistrationValueCents: number;
};

/** One row per partner that had any offer, answer, outcome, open lead or registration; most offers first, then by name. */
export function buildPartnerRows(input: {
  steps: readonly PartnerStepCounts[];
  responses: readonly PartnerResponse[];
  outcomes: readonly PartnerOutcomes[];
  pipeline: readonly PartnerPipeline[];
  registrations: readonly PartnerRegistrations[];
  names: readonly PartnerName[];
}): PartnerReportRow[] {
  const ids = new Set<string>();
  for (const list of [input.steps, input.responses, input.outcomes, input.pipeline, input.registrations]) {
    for (const item of list) ids.add(item.partnerId);
  }
  const steps = new Map(input.steps.map((s) => [s.partnerId, s]));
  const outcomes = new Map(input.outcomes.map((o) => [o.partnerId, o]));
  const pipeline = new Map(input.pipeline.map((p) => [p.partnerId, p]));
  const registrations = new Map(input.registrations.map((r) => [r.partnerId, r]));
  const names = new Map(input.names.map((n) => [n.id, n]));
  const hours = new Map<string, number[]>();
  for (const response of input.responses) {
    if (!response.offeredAt) continue;
    const list = hours.get(response.partnerId) ?? [];
    list.push(hoursBetween(response.offeredAt, response.respondedAt));
    hours.set(response.partnerId, list);
  }
  const rows = [...ids].map((id): PartnerReportRow => {
    const s = steps.get(id);
    const o = outcomes.get(id);
    const p = pipeline.get(id);
    const r = registrations.get(id);
    const offered = s?.offered ?? 0;
    const accepted = s?.accepted ?? 0;
    const declined = s?.declined ?? 0;
    const timedOut = s?.timedOut ?? 0;
    const won = o?.won ?? 0;
    const lost = o?.lost ?? 0;
    const responseMedian = median(hours.get(id) ?? []);
    return {
      partner: names.get(id) ?? { id, number: '', name: id },
      offered,
      accepted,
      declined,
      timedOut,
      acceptanceRate: rate(accepted, accepted + declined + timedOut),
      medianResponseHours: responseMedian === null ? null : Math.round(responseMedian * 10) / 10,
      won,
      lost,
      conversionRate: rate(won, won + lost),
      wonValueCents: o?.wonValueCents ?? 0,
      openLeads: p?.openLeads ?? 0,
      pipelineExpectedValueCents: p?.expectedValueCents ?? 0,
      registrations: r?.registered ?? 0,
      registrationsApproved: r?.approved ?? 0,
      registrationsRejected: r?.rejected ?? 0,
      approvedRegistrationValueCents: r?.approvedValueCents ?? 0,
    };
  });
  return rows.sort(
    (a, b) =>
      b.offered - a.offered ||
      a.partner.name.localeCompare(b.partner.name, 'de') ||
      a.partner.id.localeCompare(b.partner.id),
  );
}

// ------------------------------------------------------------------ renewals

export type RenewalMonthCount = { month: string; assets: number; withLead: number };
export type RenewalMonthRow = RenewalMonthCount & { withoutLead: number };

/** Every month ahead, with zeros where no warranty ends. */
export function buildRenewalRows(
  months: readonly string[],
  counts: readonly RenewalMonthCount[],
): RenewalMonthRow[] {
  const byMonth = new Map(counts.map((c) => [c.month, c]));
  return months.map((month) => {
    const count = byMonth.get(month);
    const assets = count?.assets ?? 0;
    const withLead = count?.withLead ?? 0;
    return { month, assets, withLead, withoutLead: assets - withLead };
  });
}

// ------------------------------------------------------------------ direct contacts

export const DIRECT_KINDS = ['offer', 'call', 'mail'] as const;

export type DirectContactKindCount = {
  kind: string;
  total: number;
  /** No partner protected the customer when the contact was recorded. */
  unprotected: number;
  /** A partner protected the customer and declined or consented (recorded clearance). */
  cleared: number;
  /** A partner protected the customer and no clearance was recorded. */
  withoutClearance: number;
};
export type DirectContactKindRow = DirectContactKindCount & { withoutPartner: number };

/**
 * Without partner involvement = no partner protected the customer when the contact was recorded,
 * or one did and the contact has no clearance (the partner neither declined nor consented): in
 * both cases the operator went to the customer without a partner taking part.
 */
export function buildDirectContactRows(counts: readonly DirectContactKindCount[]): DirectContactKindRow[] {
  const byKind = new Map(counts.map((c) => [c.kind, c]));
  const kinds = [
    ...DIRECT_KINDS,
    ...counts.map((c) => c.kind).filter((k) => !(DIRECT_KINDS as readonly string[]).includes(k)),
  ];
  return kinds.map((kind) => {
    const c = byKind.get(kind) ?? { kind, total: 0, unprotected: 0, cleared: 0, withoutClearance: 0 };
    return { ...c, withoutPartner: c.unprotected + c.withoutClearance };
  });
}

// ------------------------------------------------------------------ routing reasons

export type RoutingReasonRow = { rule: string; code: string; count: number };

/** Most leads first; equal counts by rule and code so the order is stable. */
export function sortRoutingReasons(rows: readonly RoutingReasonRow[]): RoutingReasonRow[] {
  return [...rows].sort(
    (a, b) => b.count - a.count || a.rule.localeCompare(b.rule) || a.code.localeCompare(b.code),
  );
}
